"""Automatic updates: who may be updated unattended, when, and how far.

`rules` parses the labels and policy values (pure), `windows` the
maintenance windows, `schedule` the cron schedule and the clock, `planner`
decides per container, `service` runs the plan through the update engine.
"""
