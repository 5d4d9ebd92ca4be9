"""An auto-update run against what changes between its plan and its start:
a person's update taking one of its containers, a container removed. The
others are still updated; the changed one is reported, not retried blindly."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

import pytest

from resolvers.context import open_app_context
from services.autoupdate.planner import AutoUpdateOutcome, AutoUpdateTrigger
from tests.support.clock import ManualClock

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


async def test_a_scheduled_run_waits_for_a_run_still_being_planned(
    settings_factory, lab_engine
):
    # given a 04:00 schedule, the clock a minute before it
    start = datetime.now(UTC).replace(hour=3, minute=59, second=0, microsecond=0)
    clock = ManualClock(start + timedelta(days=1))
    settings = settings_factory(
        docker_host=lab_engine.docker_host, auto_update_schedule="0 4 * * *"
    )
    async with open_app_context(
        settings, background_checks=False, notify=False, clock=clock
    ) as ctx:
        service = ctx.auto_updates
        async with asyncio.timeout(30):
            while service.status().next_run is None:
                await asyncio.sleep(0.05)
        # and a person's run that is still being planned
        gate = asyncio.Event()
        plan = service.planner.plan

        async def slow_plan(trigger, now):
            if trigger is AutoUpdateTrigger.MANUAL:
                await gate.wait()
            return await plan(trigger, now)

        service.planner.plan = slow_plan
        manual = asyncio.create_task(service.run(dry_run=False))
        async with asyncio.timeout(30):
            while service._idle.is_set():
                await asyncio.sleep(0.05)

        # when 04:00 comes meanwhile
        clock.advance(timedelta(minutes=1, seconds=1))
        async with asyncio.timeout(30):
            while service.status().next_run is not None:
                await asyncio.sleep(0.05)  # the scheduler fired
        await asyncio.sleep(0.5)  # and went on to start its run
        gate.set()
        first = await manual

        # then the scheduled run comes after the person's, not lost to a 409
        async with asyncio.timeout(30):
            while (
                service.last_run is None
                or service.last_run.trigger is not AutoUpdateTrigger.SCHEDULE
            ):
                await asyncio.sleep(0.05)
        assert service.last_run.operation_id != first.operation_id
        await service.wait()
