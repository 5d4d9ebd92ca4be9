"""Container lifecycle beyond image updates: label changes, restarts with
their `docksmith.restart-after` dependants, and `docksmith.post-update`
actions. Label changes and restarts are operations of the update engine
(queued per stack, recorded, crash-reconciled); see docs/lifecycle.md.
"""

from services.lifecycle.service import Lifecycle, LifecycleRunners

__all__ = ["Lifecycle", "LifecycleRunners"]
