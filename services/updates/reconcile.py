"""Start-up reconciliation of operations a previous process left mid-flight.

For each container an interrupted operation touched: if it was recreated on
the target image and runs, the update is verified complete; if it was not,
its compose files are restored from the backups; if compose died between
removing and creating it, the service is brought back up on its previous
image. The operation ends `complete` or `failed` ("interrupted by restart"),
never stays in a stage forever.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from services.errors import DockerUnavailableError, DocksmithError, NotFoundError
from services.operations import OperationHandle, OperationRecorder, OperationStatus
from services.store.records import OperationRecord
from services.store.repositories import OperationRepository, QueueRepository
from services.updates.context import UpdateDeps
from services.updates.recovery import (
    bring_back_old_image,
    recreate_service,
    restore_member_files,
    wait_healthy_by_policy,
)
from services.updates.state import MemberState

log = logging.getLogger(__name__)
FINISHED = ("complete", "failed")
INTERRUPTED = "interrupted by restart"


ResumeRollback = Callable[[OperationHandle, MemberState, str], Awaitable[None]]


async def reconcile_interrupted(
    deps: UpdateDeps,
    recorder: OperationRecorder,
    operations: OperationRepository,
    queue: QueueRepository,
    *,
    resume_rollback: ResumeRollback | None = None,
) -> list[str]:
    """Settle every operation a previous process left in a stage.

    Raises DockerUnavailableError (and changes nothing more) when the engine
    cannot be asked: the caller tries again once it is back.
    """
    queued_ids = {q.operation_id for q in await queue.pending()}
    reconciled: list[str] = []
    for record in await operations.in_statuses(_unfinished()):
        if record.status == "queued" and record.operation_id in queued_ids:
            continue  # waiting its turn: the scheduler resumes it
        op = await recorder.resume(record.operation_id)
        if record.status == "queued":
            await op.fail(f"{INTERRUPTED} before it started")
            reconciled.append(record.operation_id)
            continue
        states = [MemberState.from_dict(d) for d in record.batch_details or []]
        for state in states:
            if state.status == "pending":
                state.status, state.message = "failed", f"{INTERRUPTED} before it ran"
                continue
            if state.status in ("complete", "failed", "rolled_back", "skipped"):
                continue
            try:
                if record.operation_type == "rollback" and resume_rollback is not None:
                    # Finishing the rollback is what the user asked for.
                    await resume_rollback(op, state, record.rollback_of or "")
                    state.status, state.message = (
                        "complete",
                        f"rolled back to {state.old_ref} after a restart",
                    )
                else:
                    await _settle(deps, op, record, state)
            except DockerUnavailableError:
                raise
            except DocksmithError as exc:
                state.status = "failed"
                state.message = f"{INTERRUPTED}; could not settle: {exc.message}"
                await op.log(state.message, level="error")
        details = [s.as_dict() for s in states]
        if states and all(s.status in ("complete", "skipped") for s in states):
            await op.complete(
                f"verified after restart ({INTERRUPTED})", batch_details=details
            )
        else:
            await op.fail(INTERRUPTED, batch_details=details)
        reconciled.append(record.operation_id)
    if reconciled:
        log.warning("reconciled %d interrupted operations", len(reconciled))
    return reconciled


def _unfinished() -> list[str]:
    return [str(s) for s in OperationStatus if str(s) not in FINISHED]


async def _settle(
    deps: UpdateDeps, op: OperationHandle, record: OperationRecord, state: MemberState
) -> None:
    if state.kind == "standalone":
        await deps.updater.restore_leftovers(state.container_name)
    try:
        details = await deps.engine.inspect_container(state.container_name)
    except NotFoundError:
        details = None
    if details is not None and not state.compose_labels:
        state.compose_labels = {
            k: v
            for k, v in details.labels.items()
            if k.startswith("com.docker.compose.")
        }
    on_target = (
        details is not None
        and state.new_image_id is not None
        and details.image_id == state.new_image_id
    )
    if on_target and details is not None and details.running:
        # Recreated before the restart: it must still pass the health gate.
        outcome = await wait_healthy_by_policy(deps, state)
        if outcome.ok:
            state.status = "complete"
            state.message = (
                f"recreated on {state.new_ref} before the restart; {outcome.message}"
            )
            await op.log(f"{state.container_name}: {state.message}")
            return
        await op.log(f"{state.container_name}: {outcome.message}", level="error")
    restored = await restore_member_files(deps, record.operation_id, state)
    if restored:
        await op.log(f"restored {', '.join(restored)}")
    if state.kind == "compose" and (details is None or on_target):
        # Compose was stopped mid-recreate, or the new container failed: put
        # the service back on the image it ran before.
        await bring_back_old_image(deps, op, state)
        state.rollback_occurred = True
    elif (
        state.kind == "compose" and restored and record.operation_type == "label_change"
    ):
        # The container may already carry the new labels: line it up with
        # the restored file.
        await recreate_service(deps, op, state)
    state.status = "failed"
    state.message = INTERRUPTED
