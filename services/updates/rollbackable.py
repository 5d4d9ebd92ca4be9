"""Which containers of an update can still be rolled back: the one rule.

`UpdateOrchestrator.rollback()` applies it to refuse a request, and
`rollback_overview()` applies it to say in advance (`can_rollback` in
`GET /api/policies` and GraphQL `policies`), so the two never disagree. The
rule is per member: an update whose sibling was rolled back automatically
still leaves its other members rollbackable.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from services.compose import ComposeProject
from services.errors import ConflictError, DocksmithError
from services.store.repositories import OperationRepository
from services.updates.state import MemberState

LoadProject = Callable[[Mapping[str, str]], Awaitable[ComposeProject]]
UPDATE_TYPES = ("update", "batch")


def changed(member: MemberState) -> bool:
    """The update got as far as changing this container."""
    return member.recreated or member.status == "complete"


def can_roll_back(member: MemberState, *, force: bool = False) -> bool:
    """Changed and not undone yet (`force` may redo an undone one)."""
    return changed(member) and (force or member.status != "rolled_back")


async def refuse_moved_image(
    load_project: LoadProject, operation_id: str, member: MemberState
) -> None:
    """409 when the compose file no longer says what the update wrote (a later
    update or a hand edit): rolling back would silently undo that too."""
    if member.kind != "compose" or not member.compose_labels or not member.new_ref:
        return
    project = await load_project(member.compose_labels)
    now = project.resolved_image(member.service or "")
    if now != member.new_ref:
        raise ConflictError(
            f"{member.container_name}: the compose file now says {now}, not "
            f"{member.new_ref} as {operation_id} left it; roll back with force to "
            f"set {member.old_version} anyway"
        )


@dataclass(frozen=True, slots=True)
class ContainerRollbackInfo:
    container: str
    can_rollback: bool
    last_operation_id: str
    old_version: str | None
    new_version: str | None
    status: str


async def rollback_overview(
    operations: OperationRepository, load_project: LoadProject, *, scan: int = 500
) -> dict[str, ContainerRollbackInfo]:
    """Each container's latest update (among the last `scan` operations) and
    whether `rollback()` without force would accept it."""
    latest: dict[str, ContainerRollbackInfo] = {}
    for op in await operations.search(limit=scan):
        if op.operation_type not in UPDATE_TYPES:
            continue
        for raw in op.batch_details or []:
            member = MemberState.from_dict(raw)
            if member.container_name in latest:
                continue
            allowed = can_roll_back(member)
            if allowed:
                try:
                    await refuse_moved_image(load_project, op.operation_id, member)
                except DocksmithError:
                    allowed = False
            latest[member.container_name] = ContainerRollbackInfo(
                container=member.container_name,
                can_rollback=allowed,
                last_operation_id=op.operation_id,
                old_version=member.old_version,
                new_version=member.new_version,
                status=member.status,
            )
    return latest
