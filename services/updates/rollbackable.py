"""Which containers of an update can still be rolled back: the one rule.

`UpdateOrchestrator.rollback()` applies it to refuse a request, and
`rollback_overview()` applies it to say in advance (`can_rollback` in
`GET /api/policies` and GraphQL `policies`), so the two never disagree. The
rule is per member: an update whose sibling was rolled back automatically
still leaves its other members rollbackable.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence

from services.compose import ComposeProject
from services.errors import (
    ConflictError,
    DocksmithError,
    InvalidInputError,
    NotFoundError,
)
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.operations import OperationType
from services.store.records import OperationRecord
from services.store.repositories import OperationRepository
from services.updates.state import MemberKind, MemberState, MemberStatus

LoadProject = Callable[[Mapping[str, str]], Awaitable[ComposeProject]]
UPDATE_TYPES = (OperationType.UPDATE, OperationType.BATCH)


def changed(member: MemberState) -> bool:
    """The update got as far as changing this container."""
    return member.recreated or member.status is MemberStatus.COMPLETE


def can_roll_back(member: MemberState, *, force: bool = False) -> bool:
    """Changed and not undone yet (`force` may redo an undone one)."""
    return changed(member) and (force or member.status is not MemberStatus.ROLLED_BACK)


def plan_rollback(
    original: OperationRecord, containers: Sequence[str] | None, *, force: bool
) -> list[MemberState]:
    """The members of update `original` a rollback undoes (all it changed, or
    those named), or why there are none: 404 for a container it did not
    update, 409 when every one was already undone, 400 when none changed."""
    operation_id = original.operation_id
    if original.operation_type not in UPDATE_TYPES:
        kind = str(original.operation_type)
        article = "an" if kind[:1] in "aeiou" else "a"
        # Label changes roll back through their own kind (resolvers/context.py).
        raise InvalidInputError(
            f"{operation_id} is {article} {kind} operation; "
            "only updates and label changes roll back"
        )
    states = [MemberState.from_dict(d) for d in original.batch_details or []]
    wanted = set(containers or [s.container_name for s in states])
    unknown = wanted - {s.container_name for s in states}
    if unknown:
        raise NotFoundError(
            f"{operation_id} did not update {', '.join(sorted(unknown))}"
        )
    touched = [s for s in states if s.container_name in wanted and changed(s)]
    # Members an auto-rollback or an earlier manual rollback already undid
    # are left out; the others can still be rolled back.
    chosen = [s for s in touched if can_roll_back(s, force=force)]
    if not chosen:
        if touched:
            raise ConflictError(f"{operation_id} was already rolled back")
        raise InvalidInputError(
            f"nothing to roll back in {operation_id}: no container was changed"
        )
    return chosen


async def refuse_moved_image(
    load_project: LoadProject, operation_id: str, member: MemberState
) -> None:
    """409 when the compose file no longer says what the update wrote (a later
    update or a hand edit): rolling back would silently undo that too."""
    if (
        member.kind is not MemberKind.COMPOSE
        or not member.compose_labels
        or not member.new_ref
    ):
        return
    project = await load_project(member.compose_labels)
    now = project.resolved_image(member.service or "")
    if now != member.new_ref:
        raise ConflictError(
            f"{member.container_name}: the compose file now says {now}, not "
            f"{member.new_ref} as {operation_id} left it; roll back with force to "
            f"set {member.old_version} anyway"
        )


async def mark_rolled_back(
    operations: OperationRepository, operation_id: str, containers: list[str]
) -> None:
    """Record on update `operation_id` which of its containers a completed
    rollback undid: they are no longer `can_roll_back` (without force)."""
    original = await operations.get(operation_id)
    details = []
    for raw in original.batch_details or []:
        member = MemberState.from_dict(raw)
        if member.container_name in containers:
            member.status, member.rollback_occurred = MemberStatus.ROLLED_BACK, True
        details.append(member.as_dict())
    await operations.update(
        operation_id, {"batch_details": details, "rollback_occurred": True}
    )


@frozen
class ContainerRollbackInfo:
    container: str
    can_rollback: bool
    last_operation_id: str
    old_version: str | None
    new_version: str | None
    status: MemberStatus
    host: str = DEFAULT_HOST


# Raises (a DocksmithError) when rollback() would refuse `member` of update
# `operation_id` on `host` without force: (host, operation_id, member).
RefuseRollback = Callable[[str, str, MemberState], Awaitable[None]]


async def rollback_overview(
    operations: OperationRepository,
    refuse: RefuseRollback,
    *,
    host: str | None = None,
    scan: int = 500,
) -> list[ContainerRollbackInfo]:
    """Each container's latest update (among the last `scan` operations, of
    `host` or of every host) and whether `rollback()` without force would
    accept it. A container is (host, name): the same name on another host
    is another container with updates of its own."""
    latest: dict[tuple[str, str], ContainerRollbackInfo] = {}
    for op in await operations.recent_batches(host=host, limit=scan):
        if op.operation_type not in UPDATE_TYPES:
            continue
        for raw in op.batch_details or []:
            member = MemberState.from_dict(raw)
            key = (op.host, member.container_name)
            if key in latest:
                continue
            allowed = can_roll_back(member)
            if allowed:
                try:
                    await refuse(op.host, op.operation_id, member)
                except DocksmithError:
                    allowed = False
            latest[key] = ContainerRollbackInfo(
                container=member.container_name,
                can_rollback=allowed,
                last_operation_id=op.operation_id,
                old_version=member.old_version,
                new_version=member.new_version,
                status=member.status,
                host=op.host,
            )
    return list(latest.values())
