"""The one rule for what an update's rollback may undo (pure, plus the
overview over a real SQLite store)."""

from __future__ import annotations

import pytest

from services.errors import ConflictError
from services.store import OperationRepository, Store
from services.store.records import OperationRecord
from services.updates.rollbackable import (
    can_roll_back,
    refuse_moved_image,
    rollback_overview,
)
from services.updates.state import MemberState


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
    return MemberState(container_name=name, status=status, recreated=recreated)


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
    store = Store(f"sqlite://{tmp_path}/ops.db")
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
        overview = await rollback_overview(repo, _loader(""))
    finally:
        await store.close()

    # then
    assert {n: i.can_rollback for n, i in overview.items()} == {
        "db": True,
        "cache": False,
        "web": False,
    }
