"""The one rule for what an update's rollback may undo (pure, plus the
overview over a real SQLite store)."""

from __future__ import annotations

import pytest

from services.errors import ConflictError, InvalidInputError, NotFoundError
from services.store import OperationRepository, Store
from services.store.records import OperationRecord
from services.updates.rollbackable import (
    can_roll_back,
    mark_rolled_back,
    plan_rollback,
    refuse_moved_image,
    rollback_overview,
)
from services.updates.state import MemberState, MemberStatus
from tests.support.db import migrated_sqlite_url


class _Project:
    """The one method of ComposeProject the rule reads."""

    def __init__(self, image: str) -> None:
        self.image = image

    def resolved_image(self, service: str) -> str:
        return self.image


def _loader(image: str):
    async def load(labels) -> _Project:
        return _Project(image)

    return load


def _member(name: str, status: str, recreated: bool = True) -> MemberState:
    return MemberState(
        container_name=name, status=MemberStatus(status), recreated=recreated
    )


@pytest.mark.parametrize(
    ("status", "recreated", "force", "allowed"),
    [
        ("complete", True, False, True),
        ("failed", True, False, True),  # recreated, then failed: it changed
        ("failed", False, False, False),  # never got as far as the container
        ("rolled_back", True, False, False),
        ("rolled_back", True, True, True),  # force redoes an undone one
        ("pending", False, True, False),
    ],
)
def test_can_roll_back(status, recreated, force, allowed):
    assert can_roll_back(_member("a", status, recreated), force=force) is allowed


async def test_a_moved_compose_line_is_refused_naming_both_images():
    member = MemberState(
        container_name="web",
        service="web",
        compose_labels={"com.docker.compose.project": "p"},
        new_ref="app:2",
        old_version="1",
    )
    await refuse_moved_image(_loader("app:2"), "op_1", member)
    with pytest.raises(ConflictError, match="now says app:3, not app:2"):
        await refuse_moved_image(_loader("app:3"), "op_1", member)


async def test_overview_judges_each_member_not_the_whole_operation(tmp_path):
    # given a batch in which one sibling was rolled back automatically
    store = Store(migrated_sqlite_url(tmp_path / "ops.db"))
    await store.open()
    try:
        repo = OperationRepository(store)
        members = [
            _member("db", "complete"),
            _member("cache", "rolled_back"),
            _member("web", "failed", recreated=False),
        ]
        await repo.create(
            OperationRecord(
                operation_id="op_1",
                operation_type="batch",
                status="failed",
                container_name="3 containers",
                rollback_occurred=True,
                batch_details=[m.as_dict() for m in members],
            )
        )

        # when
        overview = await rollback_overview(repo, _never_refused)
    finally:
        await store.close()

    # then
    assert {i.container: i.can_rollback for i in overview} == {
        "db": True,
        "cache": False,
        "web": False,
    }


async def _never_refused(host: str, operation_id: str, member: MemberState) -> None:
    return None


async def test_overview_lists_every_hosts_containers_apart(tmp_path):
    # given `web` updated on `local` and on `nas`, where rollback() refuses
    # (its compose files are out of reach)
    store = Store(migrated_sqlite_url(tmp_path / "ops.db"))
    await store.open()
    asked: list[tuple[str, str]] = []

    async def refuse(host: str, operation_id: str, member: MemberState) -> None:
        asked.append((host, operation_id))
        if host == "nas":
            raise InvalidInputError("web on host nas is read-only for compose edits")

    try:
        repo = OperationRepository(store)
        for host in ("local", "nas"):
            await repo.create(
                OperationRecord(
                    operation_id=f"op_{host}",
                    operation_type="update",
                    status="complete",
                    container_name="web",
                    host=host,
                    batch_details=[_member("web", "complete").as_dict()],
                )
            )

        # when
        every = await rollback_overview(repo, refuse)
        only_nas = await rollback_overview(repo, refuse, host="nas")
    finally:
        await store.close()

    # then each host's `web` is judged on its own host
    assert sorted((i.host, i.container, i.can_rollback) for i in every) == [
        ("local", "web", True),
        ("nas", "web", False),
    ]
    assert {i.last_operation_id for i in every} == {"op_local", "op_nas"}
    assert [(i.host, i.last_operation_id) for i in only_nas] == [("nas", "op_nas")]
    assert sorted(set(asked)) == [("local", "op_local"), ("nas", "op_nas")]


def _update(*members: MemberState, kind: str = "batch") -> OperationRecord:
    return OperationRecord(
        operation_id="op_u",
        operation_type=kind,
        status="failed",
        container_name=f"{len(members)} containers",
        batch_details=[m.as_dict() for m in members],
    )


class TestPlanRollback:
    def test_takes_every_member_that_changed_and_stands(self):
        original = _update(
            _member("db", "complete"),
            _member("cache", "rolled_back"),
            _member("web", "failed", recreated=False),
        )
        chosen = plan_rollback(original, None, force=False)
        assert [m.container_name for m in chosen] == ["db"]

    def test_force_takes_an_undone_member_again(self):
        original = _update(_member("db", "complete"), _member("cache", "rolled_back"))
        chosen = plan_rollback(original, None, force=True)
        assert [m.container_name for m in chosen] == ["db", "cache"]

    def test_only_the_named_members(self):
        original = _update(_member("db", "complete"), _member("web", "complete"))
        chosen = plan_rollback(original, ["web"], force=False)
        assert [m.container_name for m in chosen] == ["web"]

    def test_a_container_the_update_did_not_touch_is_404(self):
        original = _update(_member("db", "complete"))
        with pytest.raises(NotFoundError, match="did not update ghost"):
            plan_rollback(original, ["db", "ghost"], force=False)

    def test_everything_already_undone_is_409(self):
        original = _update(_member("db", "rolled_back"))
        with pytest.raises(ConflictError, match="already rolled back"):
            plan_rollback(original, None, force=False)

    def test_nothing_changed_is_400(self):
        original = _update(_member("db", "failed", recreated=False))
        with pytest.raises(InvalidInputError, match="no container was changed"):
            plan_rollback(original, None, force=True)

    def test_only_updates_roll_back_here(self):
        original = _update(_member("db", "complete"), kind="restart")
        with pytest.raises(InvalidInputError) as caught:
            plan_rollback(original, None, force=False)
        # Label changes roll back too (their own path, resolvers/context.py).
        assert caught.value.message == (
            f"{original.operation_id} is a restart operation; only updates "
            "and label changes roll back"
        )
        original = _update(_member("db", "complete"), kind="auto_update")
        with pytest.raises(InvalidInputError, match="is an auto_update operation"):
            plan_rollback(original, None, force=False)


async def test_a_completed_rollback_marks_only_the_members_it_undid(tmp_path):
    store = Store(migrated_sqlite_url(tmp_path / "ops.db"))
    await store.open()
    try:
        repo = OperationRepository(store)
        await repo.create(
            _update(_member("db", "complete"), _member("web", "complete"))
        )
        await mark_rolled_back(repo, "op_u", ["web"])
        after = await repo.get("op_u")
    finally:
        await store.close()
    statuses = {d["container_name"]: d["status"] for d in after.batch_details or []}
    assert statuses == {"db": "complete", "web": "rolled_back"}
    assert after.rollback_occurred is True
    # and the rule now says so for each
    remaining = plan_rollback(after, None, force=False)
    assert [m.container_name for m in remaining] == ["db"]
