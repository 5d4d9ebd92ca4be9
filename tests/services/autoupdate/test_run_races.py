"""An auto-update run against what changes between its plan and its start:
a person's update taking one of its containers, a container removed. The
others are still updated; the changed one is reported, not retried blindly."""

from __future__ import annotations

import contextlib

import pytest

from resolvers.context import open_app_context
from services.autoupdate.planner import AutoUpdateOutcome

pytestmark = pytest.mark.lab

REPO = "race/app"
POLICY = {"docksmith.auto-update": "patch"}


@pytest.fixture(scope="module")
def old_ref(lab_images, lab_registry):
    built = lab_images.build_many(REPO, ["1.0.0", "1.0.1"])
    return built["1.0.0"].ref


def running_tag(lab_engine, name: str) -> str:
    return lab_engine.inspect(name)[0]["Config"]["Image"].rsplit(":", 1)[1]


async def test_a_run_updates_the_rest_when_one_is_taken_or_gone_after_planning(
    settings_factory, lab_engine, old_ref
):
    # given three containers a patch policy takes
    names = ("race-free", "race-taken", "race-gone")
    for name in names:
        lab_engine.run_container(name, old_ref, labels=POLICY, command=["sleep", "600"])
    settings = settings_factory(docker_host=lab_engine.docker_host)
    try:
        async with open_app_context(
            settings,
            background_checks=False,
            background_auto_updates=False,
            notify=False,
        ) as ctx:
            person = contextlib.ExitStack()
            await ctx.repos.policies.set(
                "global",
                "",
                {"health_timeout_seconds": 30, "stability_window_seconds": 1},
            )
            plan = ctx.auto_updates.planner.plan

            async def plan_then_change(*args, **kwargs):
                decisions = await plan(*args, **kwargs)
                # while the run is being recorded: a person's update takes one,
                # and another is removed
                person.enter_context(
                    ctx.updates.queue.claims.held(["race-taken"], "request")
                )
                lab_engine.remove_container("race-gone")
                return decisions

            ctx.auto_updates.planner.plan = plan_then_change

            # when the run starts
            with person:
                run = await ctx.auto_updates.run(dry_run=False)
                await ctx.auto_updates.wait()

            # then the free one is updated; the others are reported, each
            # with its own reason
            by_name = {d.container: d for d in run.decisions if d.container in names}
            assert all(d.included for d in by_name.values()), by_name
            assert by_name["race-free"].outcome is AutoUpdateOutcome.QUEUED
            assert running_tag(lab_engine, "race-free") == "1.0.1"
            taken = by_name["race-taken"]
            assert taken.outcome is AutoUpdateOutcome.NOT_STARTED
            assert "already has an operation queued or running" in taken.message
            gone = by_name["race-gone"]
            assert gone.outcome is AutoUpdateOutcome.NOT_STARTED
            assert "not found" in gone.message
            assert running_tag(lab_engine, "race-taken") == "1.0.0"
            summary = await ctx.repos.operations.get(run.operation_id)
            assert summary.summary is not None
            assert summary.summary.startswith("1 updated, 2 failed"), summary.summary
    finally:
        for name in names:
            lab_engine.remove_container(name)
