"""Start-up reconciliation that cannot settle an operation says why, in that
operation, and still starts the server and settles every other one: one
unreadable compose file or one damaged row must not keep Docksmith down
(it would be a crash loop, with the reason only in a traceback)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from resolvers.context import open_app_context
from services.autoupdate.planner import (
    AutoUpdateDecision,
    AutoUpdateOutcome,
    AutoUpdateReason,
)
from services.store.records import OperationRecord
from services.updates.state import MemberKind, MemberState, MemberStatus
from tests.lab.images import ImageBuilder

pytestmark = pytest.mark.lab


def _record(operation_id: str, member: dict, status: str = "recreating"):
    return OperationRecord(
        operation_id=operation_id,
        operation_type="update",
        status=status,
        container_name=member["container_name"],
        batch_details=[member],
        started_at=datetime.now(UTC),
    )


async def _leave(settings, *records: OperationRecord, backups=()) -> None:
    """What a killed server left behind: these rows, no process."""
    async with open_app_context(
        settings,
        background_checks=False,
        background_updates=False,
        background_auto_updates=False,
        notify=False,
    ) as ctx:
        for record in records:
            await ctx.repos.operations.create(record)
        for operation_id, path, content in backups:
            await ctx.repos.backups.save(operation_id, str(path), content, 0o644)


async def _start(settings):
    return open_app_context(
        settings, background_checks=False, background_auto_updates=False, notify=False
    )


async def test_an_unreadable_compose_file_fails_its_operation_not_the_start(
    settings_factory, lab_engine, tmp_path
):
    settings = settings_factory(docker_host=lab_engine.docker_host)
    # The compose file the update wrote is now a directory: reading it fails.
    compose = tmp_path / "stack" / "compose.yml"
    compose.mkdir(parents=True)
    ghost = f"v3-ghost-{uuid.uuid4().hex[:8]}"
    member = MemberState(
        container_name=ghost,
        stack_name="ghost",
        service="app",
        kind=MemberKind.COMPOSE,
        status=MemberStatus.IN_PROGRESS,
        old_ref="ghost/app:1",
        new_ref="ghost/app:2",
        written={str(compose): "0" * 64},
    ).as_dict()
    other = MemberState(container_name=f"{ghost}-2", status=MemberStatus.PENDING)
    await _leave(
        settings,
        _record("op_dir", member),
        _record("op_next", other.as_dict(), status="validating"),
        backups=[("op_dir", compose, b"services: {}\n")],
    )

    async with await _start(settings) as ctx:
        failed = await ctx.repos.operations.get("op_dir")
        assert failed.status == "failed"
        assert str(compose) in (failed.error_message or "")
        assert "Is a directory" in (failed.error_message or "")
        assert (await ctx.repos.operations.get("op_next")).status == "failed"
        assert ctx.updates.active_operation(ghost) is None


async def test_a_damaged_row_is_reported_and_the_rest_settled(
    settings_factory, lab_engine
):
    settings = settings_factory(docker_host=lab_engine.docker_host)
    damaged = {"container_name": "v3-damaged", "status": "half-done"}
    other = MemberState(container_name="v3-other", status=MemberStatus.PENDING)
    await _leave(
        settings,
        _record("op_damaged", damaged),
        _record("op_other", other.as_dict(), status="validating"),
    )

    async with await _start(settings) as ctx:
        assert (await ctx.repos.operations.get("op_other")).status == "failed"
        left = await ctx.repos.operations.get("op_damaged")
        # Not settled blind: it keeps its container and says why, in its log.
        assert left.status == "recreating"
        assert ctx.updates.active_operation("v3-damaged") == "op_damaged"
        logs = await ctx.repos.operations.log("op_damaged")
        assert any(
            "could not be settled" in entry.message and "half-done" in entry.message
            for entry in logs
        ), [entry.message for entry in logs]


async def test_an_interrupted_auto_update_run_keeps_its_decisions_and_holds_nothing(
    settings_factory, lab_engine
):
    # given a run a killed server left waiting for its stack operation (which
    # is settled on its own); its details are the run's decisions
    settings = settings_factory(docker_host=lab_engine.docker_host)
    taken = AutoUpdateDecision(
        "v4-web",
        None,
        True,
        AutoUpdateReason.INCLUDED,
        "patch 1.0.1",
        candidate_tag="1.0.1",
        operation_id="op_child",
        outcome=AutoUpdateOutcome.QUEUED,
    )
    left_alone = AutoUpdateDecision(
        "v4-db", None, False, AutoUpdateReason.POLICY_OFF, "level off"
    )
    decisions = [taken.as_dict(), left_alone.as_dict()]
    run = OperationRecord(
        operation_id="op_run",
        operation_type="auto_update",
        status="validating",
        container_name="auto-update",
        batch_details=decisions,
        started_at=datetime.now(UTC),
    )
    await _leave(settings, run)

    # when the server starts again
    async with await _start(settings) as ctx:
        # then the run ends as interrupted, with its decisions as they were
        # (not read as stack members), and holds no container, not even one
        # called like the run
        left = await ctx.repos.operations.get("op_run")
        assert left.status == "failed"
        assert "interrupted by restart" in (left.error_message or "")
        assert [d["container"] for d in left.batch_details or []] == [
            "v4-web",
            "v4-db",
        ]
        assert [d["reason"] for d in left.batch_details or []] == [
            "included",
            "policy_off",
        ]
        assert ctx.updates.active_operation("v4-db") is None
        assert ctx.updates.active_operation("auto-update") is None


@pytest.fixture
def action_image(lab_engine, lab_registry) -> str:
    return ImageBuilder(lab_engine, lab_registry).build("v3-actions/app", "1.0.0").ref


def _action(operation_id: str, kind: str, stage: str, name: str, container_id: str):
    return OperationRecord(
        operation_id=operation_id,
        operation_type=kind,
        status=stage,
        container_name=name,
        container_id=container_id,
        started_at=datetime.now(UTC),
    )


async def test_an_interrupted_stop_start_or_remove_ends_as_the_engine_left_it(
    settings_factory, lab_engine, action_image
):
    # given a stop, a start and a remove whose engine calls ended after the
    # server was killed (or before it wrote their end), and a stop that did
    # not happen
    settings = settings_factory(docker_host=lab_engine.docker_host)
    tag = uuid.uuid4().hex[:8]
    names = {k: f"v3-{k}-{tag}" for k in ("stopped", "started", "removed", "up")}
    ids = {k: lab_engine.run_container(n, action_image) for k, n in names.items()}
    lab_engine.docker("stop", "-t", "0", names["stopped"])
    lab_engine.remove_container(names["removed"])
    try:
        await _leave(
            settings,
            _action("op_stop", "stop", "stopping", names["stopped"], ids["stopped"]),
            _action("op_start", "start", "starting", names["started"], ids["started"]),
            _action("op_rm", "remove", "removing", names["removed"], ids["removed"]),
            _action("op_still", "stop", "stopping", names["up"], ids["up"]),
        )

        # when the server starts again
        async with await _start(settings) as ctx:
            ops = {
                i: await ctx.repos.operations.get(i)
                for i in ("op_stop", "op_start", "op_rm", "op_still")
            }
            stop_log = [e.message for e in await ctx.repos.operations.log("op_stop")]

        # then each says what the engine shows, not "interrupted" alone
        assert {i: op.status for i, op in ops.items()} == {
            "op_stop": "complete",
            "op_start": "complete",
            "op_rm": "complete",
            "op_still": "failed",
        }
        assert any(
            "verified after restart" in m and "is not running" in m for m in stop_log
        ), stop_log
        assert ops["op_still"].error_message == (
            f"interrupted by restart; {names['up']} is running"
        )
        assert lab_engine.inspect(names["up"])[0]["State"]["Running"] is True
    finally:
        for name in names.values():
            lab_engine.remove_container(name)
