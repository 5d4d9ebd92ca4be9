"""Start-up reconciliation of operations a previous process left mid-flight.

It runs after every compose or script process the previous server started
has ended (`services.operations.processes`), and judges each container an
interrupted operation touched from what is really there (its copies, the
image each runs, the compose files' bytes: `services.updates.settle`),
never from the stage alone. Each ends all new (verified, `complete`) or all
old (`failed`, "interrupted by restart"); an interrupted rollback is
finished, since that is what was asked; a restart leaves its containers
running. What was done is written to the operation's log, in words that say
what interrupted it (`Interruption`: the server's restart, or its Docker
engine going away while the server stayed up).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection, Sequence

from services.errors import (
    DockerEngineError,
    DockerUnavailableError,
    DocksmithError,
    NotFoundError,
)
from services.operations import LogLevel, OperationStatus, OperationType
from services.operations.processes import Survivor, current_operation
from services.operations.recorder import OperationHandle, OperationRecorder
from services.store.records import OperationRecord
from services.store.repositories import OperationRepository, QueueRepository
from services.updates.claims import ClaimRegistry
from services.updates.context import UpdateDeps
from services.updates.interruption import Interruption
from services.updates.recovery import follow_service, wait_healthy_by_policy
from services.updates.settle import (
    back_to_old,
    settle_compose_update,
    settle_standalone,
    swap_back,
)
from services.updates.settle_lifecycle import settle_label_change, settle_restart
from services.updates.settle_replicas import converge_replicas, tidy_replicas
from services.updates.state import MemberKind, MemberState, MemberStatus

log = logging.getLogger(__name__)
FINISHED = (OperationStatus.COMPLETE, OperationStatus.FAILED)
# Members that need nothing more for the operation to have succeeded.
_DONE = (MemberStatus.COMPLETE, MemberStatus.SKIPPED)


# (operation, member, original operation id, whether the container still has
# to be rolled back): finishes an interrupted rollback and marks the original.
ResumeRollback = Callable[[OperationHandle, MemberState, str, bool], Awaitable[None]]


async def reconcile_interrupted(
    deps: UpdateDeps,
    recorder: OperationRecorder,
    operations: OperationRepository,
    queue: QueueRepository,
    *,
    claims: ClaimRegistry,
    resume_rollback: ResumeRollback | None = None,
    survivors: Sequence[Survivor] = (),
    skip: Collection[str] = (),
    only: Collection[str] | None = None,
    host: str | None = None,
    cause: Interruption = Interruption.SERVER_RESTART,
) -> list[str]:
    """Settle every operation a previous process left in a stage (those in
    `skip` are left for later; `only` narrows to those given, `host` to
    those of that Docker host).

    Each operation holds its containers' claims (see `hold_unfinished`)
    until it is settled; an operation the engine's absence left unsettled
    keeps them.

    Raises DockerUnavailableError (and changes nothing more) when the engine
    cannot be asked: the caller tries again once it is back.
    """
    queued_ids = {q.operation_id for q in await queue.pending()}
    reconciled: list[str] = []
    for record in await operations.in_statuses(_unfinished()):
        if (
            record.status is OperationStatus.QUEUED
            and record.operation_id in queued_ids
        ):
            continue  # waiting its turn: the scheduler resumes it
        if (
            record.operation_id in skip
            or (only is not None and record.operation_id not in only)
            or (host is not None and record.host != host)
        ):
            continue
        names = containers_of(record)
        claims.adopt(names, record.operation_id, host=record.host)
        op = await recorder.resume(record.operation_id)
        for survivor in survivors:
            if survivor.operation_id == record.operation_id:
                await op.log(survivor.describe(), level=LogLevel.WARNING)
        # Compose runs made while settling are recorded under this operation.
        token = current_operation.set(record.operation_id)
        try:
            await _reconcile_one(deps, op, record, resume_rollback, cause)
        except DockerUnavailableError:
            raise
        except Exception as exc:
            # A damaged row or a bug must not keep the server from starting
            # (a crash loop) nor the other operations from being settled.
            # Not settled blind either: it keeps its containers, and says why.
            log.exception("settling operation %s failed", record.operation_id)
            await op.log(
                f"{cause.interrupted}, and it could not be settled: "
                f"{type(exc).__name__}: {exc}; it is left as it was and keeps its "
                "containers until Docksmith starts again",
                level="error",
            )
            continue
        finally:
            current_operation.reset(token)
        claims.release(names, record.operation_id, host=record.host)
        reconciled.append(record.operation_id)
    if reconciled:
        log.warning("reconciled %d interrupted operations", len(reconciled))
    return reconciled


async def hold_unfinished(
    operations: OperationRepository, claims: ClaimRegistry
) -> None:
    """Claim the containers of every operation a previous process left
    unfinished, for that operation, before anything else may act: settling
    them waits for survivors, for a self-update's helper or for the engine
    to come back, and meanwhile the API already answers requests."""
    for record in await operations.in_statuses(_unfinished()):
        claims.adopt(containers_of(record), record.operation_id, host=record.host)


def containers_of(record: OperationRecord) -> list[str]:
    """The containers an operation holds: its members, else its one, and
    the other replicas of their compose services it held when it started
    (`held_containers`: its `compose up` recreates them too). An
    auto-update run holds none itself: its details are its decisions, and
    its stack operations hold (and settle) their own containers."""
    if record.operation_type is OperationType.AUTO_UPDATE:
        return []
    names = [
        str(d["container_name"])
        for d in record.batch_details or []
        if d.get("container_name")
    ]
    if record.container_name:
        names.append(record.container_name)
    names.extend(str(n) for n in record.held_containers or [] if n)
    return list(dict.fromkeys(names))


async def _reconcile_one(
    deps: UpdateDeps,
    op: OperationHandle,
    record: OperationRecord,
    resume_rollback: ResumeRollback | None,
    cause: Interruption,
) -> None:
    if record.status == "queued":
        await op.fail(f"{cause.interrupted} before it started")
        return
    if record.operation_type is OperationType.AUTO_UPDATE:
        # Its details are the run's decisions, not members to settle; what
        # it started is settled as operations of their own.
        await op.fail(
            f"{cause.interrupted} while it waited for its stack operations "
            "(each is settled on its own; see their operations)"
        )
        return
    try:
        # Judged on the host it acted on, never a same-named container elsewhere.
        deps = deps.on(record.host)
    except NotFoundError:
        await op.fail(
            f"{cause.interrupted}; its host {record.host} is no longer configured, so "
            "nothing was checked or restored there"
        )
        return
    if record.operation_type is OperationType.RESTART:
        results = await settle_restart(deps, op, record, cause)
        if all(r["status"] == MemberStatus.COMPLETE for r in results):
            await op.complete(cause.verified, batch_details=results)
        else:
            failed = "; ".join(
                r["message"] for r in results if r["status"] != MemberStatus.COMPLETE
            )
            await op.fail(f"{cause.interrupted}: {failed}", batch_details=results)
        return
    if record.operation_type is OperationType.LABEL_CHANGE:
        await _label_change(deps, op, record, cause)
        return
    if record.operation_type in _DIRECT:
        await _settle_direct(deps, op, record, cause)
        return
    states = [MemberState.from_dict(d) for d in record.batch_details or []]
    for state in states:
        if state.status is MemberStatus.PENDING:
            state.status, state.message = (
                MemberStatus.FAILED,
                f"{cause.interrupted} before it ran",
            )
            continue
        if state.status.settled:
            continue
        try:
            if record.operation_type is OperationType.ROLLBACK:
                await _finish_rollback(deps, op, record, state, resume_rollback, cause)
            else:
                await _settle(deps, op, record, state, cause)
        except DockerUnavailableError:
            raise
        except DocksmithError as exc:
            state.status = MemberStatus.FAILED
            state.message = f"{cause.interrupted}; could not settle: {exc.message}"
            await op.log(state.message, level=LogLevel.ERROR)
    details = [s.as_dict() for s in states]
    rolled = any(s.rollback_occurred for s in states)
    if states and all(s.status in _DONE for s in states):
        await op.complete(cause.verified, batch_details=details)
    else:
        summary = "; ".join(
            f"{s.container_name}: {s.message}"
            for s in states
            if s.status not in _DONE and s.message
        )
        await op.fail(
            f"{cause.interrupted}" + (f" ({summary})" if summary else ""),
            batch_details=details,
            rollback_occurred=rolled or record.rollback_occurred,
        )


# The container actions' stop, start and remove (`services.actions`): one
# engine call on one container, no members (their restart is settled as
# every restart is, by `settle_restart`).
_DIRECT = {
    OperationType.STOP: "stopped",
    OperationType.START: "started",
    OperationType.REMOVE: "removed",
}


async def _settle_direct(
    deps: UpdateDeps, op: OperationHandle, record: OperationRecord, cause: Interruption
) -> None:
    """A stop, start or remove ends as the engine left it: its call may have
    finished before its end was written, or gone on after the server died
    (a stop waits out the container's grace period). Nothing is redone: the
    engine's answer is what is reported."""
    name = record.container_name
    try:
        details = await deps.engine.inspect_container(record.container_id or name)
    except NotFoundError:
        details = None
    kind = record.operation_type
    if details is None:
        done, now = kind is OperationType.REMOVE, "no longer exists"
    elif kind is OperationType.REMOVE:
        done, now = False, "is still there"
    else:
        done = details.running is (kind is OperationType.START)
        now = "is running" if details.running else "is not running"
    if done:
        await op.complete(
            f"Container {name} {_DIRECT[kind]} ({cause.verified_after}: {name} "
            f"{now}; {cause.interrupted})"
        )
    else:
        await op.fail(f"{cause.interrupted}; {name} {now}")


async def _runs(deps: UpdateDeps, name: str, image_id: str | None) -> bool:
    try:
        details = await deps.engine.inspect_container(name)
    except NotFoundError:
        return False
    return image_id is not None and details.image_id == image_id


def unfinished_statuses() -> list[OperationStatus]:
    return _unfinished()


def _unfinished() -> list[OperationStatus]:
    return [s for s in OperationStatus if not s.finished]


async def _settle(
    deps: UpdateDeps,
    op: OperationHandle,
    record: OperationRecord,
    state: MemberState,
    cause: Interruption,
) -> None:
    if state.kind is MemberKind.STANDALONE:
        try:
            on_new = await settle_standalone(
                deps, op, state, cause, target=state.new_image_id
            )
        except DockerEngineError as exc:
            if not await _runs(deps, state.container_name, state.new_image_id):
                raise
            # Swapped before the interruption but unhealthy now: swap back.
            await op.log(f"{exc.message}; swapping back to {state.old_ref}")
            await swap_back(deps, op, state)
            on_new = False
        if on_new:
            state.complete(f"swapped to {state.new_ref} {cause.before}")
        else:
            state.status = MemberStatus.FAILED
            state.message = (
                f"{cause.interrupted}; {state.container_name} runs {state.old_ref}"
            )
        return
    if record.operation_type is OperationType.FIX_MISMATCH:
        # Nothing was written: the one copy left keeps running as it is, and
        # so does one of each other replica its `compose up` was recreating.
        name = state.container_name
        found = await deps.updater.copies(name)
        if found:
            await deps.updater.keep_copy(name, found[0])
        kept = found[0].image_id if found else None
        astray = await tidy_replicas(deps, op, state, kept)
        if astray:
            await op.log(
                f"{', '.join(astray)}: runs another image than {name} (fix the "
                "mismatch again to recreate them all from the compose file)",
                level=LogLevel.WARNING,
            )
        state.status, state.message = MemberStatus.FAILED, cause.interrupted
        return
    await settle_compose_update(deps, op, record.operation_id, state, cause)


async def _finish_rollback(
    deps: UpdateDeps,
    op: OperationHandle,
    record: OperationRecord,
    state: MemberState,
    resume_rollback: ResumeRollback | None,
    cause: Interruption,
) -> None:
    """Finish what was asked: the container back on the previous image, and
    the file saying so, unless that is already the case."""
    done = False
    compose = state.kind is MemberKind.COMPOSE
    behind: list[str] = []
    if not compose:
        done = await settle_standalone(
            deps, op, state, cause, target=state.old_image_id
        )
    else:
        await follow_service(deps, op, state)
        service = state.compose_labels
        found = await deps.updater.copies(state.container_name, service)
        primary = next((c for c in found if not c.renamed), None)
        chosen = primary or (found[0] if found else None)
        if chosen is not None:
            await deps.updater.keep_copy(state.container_name, chosen, service)
        # Before the rollback's `compose up`, which would meet their leftovers.
        behind = await tidy_replicas(deps, op, state, state.old_image_id)
        if chosen is not None and chosen.image_id == state.old_image_id:
            project = await deps.load_project(state.compose_labels)
            if project.resolved_image(state.service or "") == state.old_ref:
                outcome = await wait_healthy_by_policy(deps, state)
                done = outcome.ok
    if resume_rollback is not None:
        await resume_rollback(op, state, record.rollback_of or "", not done)
        if compose:
            # Its `compose up` (when one was still needed) recreated them all.
            await converge_replicas(deps, op, state, behind if done else [], new=False)
    elif not done:
        await back_to_old(deps, op, record.operation_id, state, [])
    elif compose:
        await converge_replicas(deps, op, state, behind, new=False)
    state.complete(f"rolled back to {state.old_ref} {cause.after}")


async def _label_change(
    deps: UpdateDeps, op: OperationHandle, record: OperationRecord, cause: Interruption
) -> None:
    details = list(record.batch_details or [])
    if not details or not details[0].get("written"):
        await op.fail(f"{cause.interrupted} before the compose file was edited")
        return
    detail = dict(details[0])
    try:
        await settle_label_change(deps, op, record, detail, cause)
    except DockerUnavailableError:
        raise
    except DocksmithError as exc:
        detail["status"] = MemberStatus.FAILED
        detail["message"] = f"{cause.interrupted}; could not settle: {exc.message}"
        await op.log(detail["message"], level=LogLevel.ERROR)
    if detail["status"] == MemberStatus.COMPLETE:
        await op.complete(cause.verified, batch_details=[detail])
    else:
        await op.fail(
            str(detail.get("message") or cause.interrupted),
            batch_details=[detail],
            rollback_occurred=True,
        )
