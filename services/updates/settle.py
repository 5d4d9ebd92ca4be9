"""Settling one container an interrupted operation touched, from what is
really there: the copies of the container (compose's renamed `<id>_<name>`
leftovers and the swap's `-docksmith-old/-new` included), the image each
runs, and the bytes of the compose files. The stage the row was left in
only says where to look, never what to conclude.

Every member ends in one of two consistent states, never a mix:

- **all new**: the compose file says what the operation wrote, exactly one
  container runs the target, and it passed the health gate;
- **all old**: the files are back as they were before the operation and
  exactly one container runs the previous image (the original container
  itself when compose left it renamed aside, so its anonymous volumes and
  config come back untouched; else recreated on the previous image by id).

Start-up reconciliation calls these only after every process a previous
server started has ended (`services.operations.processes`), so nothing moves
the containers while they are judged.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from services.docker.updater import ContainerCopy, HealthOutcome, LeftoverAction
from services.errors import ConflictError, DockerEngineError, NotFoundError
from services.operations import LogLevel
from services.operations.recorder import OperationHandle
from services.updates.compose_io import read_file
from services.updates.context import UpdateDeps
from services.updates.interruption import Interruption
from services.updates.recovery import (
    bring_back_old_image,
    ensure_old_image,
    follow_service,
    restore_member_files,
    wait_healthy_by_policy,
)
from services.updates.settle_replicas import converge_replicas, tidy_replicas
from services.updates.state import MemberState, MemberStatus


async def files_say_new(deps: UpdateDeps, state: MemberState) -> bool | None:
    """True when every file the member wrote still holds what it wrote, False
    when none was written or they are back to before; None when someone
    else changed them since."""
    if not state.written:
        return False
    verdicts = set()
    for path, digest in state.written.items():
        current = await read_file(Path(path), deps.files) or b""
        verdicts.add(hashlib.sha256(current).hexdigest() == digest)
    return verdicts.pop() if len(verdicts) == 1 else None


async def settle_compose_update(
    deps: UpdateDeps,
    op: OperationHandle,
    operation_id: str,
    state: MemberState,
    cause: Interruption,
) -> None:
    """All new when the files and a healthy container say so, else all old."""
    await follow_service(deps, op, state)
    name = state.container_name
    # By its compose labels too: after compose v2 renamed v1's container the
    # old copy is `<id>_<v1 name>`, which the new name does not tell.
    service = state.compose_labels
    found = await deps.updater.copies(name, service)
    primary = next((c for c in found if not c.renamed), None)
    on_new = (
        primary is not None
        and state.new_image_id is not None
        and primary.image_id == state.new_image_id
    )
    if primary is not None and on_new and await files_say_new(deps, state):
        if not primary.running:
            await deps.updater.start(primary.id)
            await op.log(f"{name}: started the new container compose had created")
        # Judged before any copy is removed, so "old" stays possible.
        outcome = await wait_healthy_by_policy(deps, state)
        if outcome.ok:
            await _log(op, name, await deps.updater.keep_copy(name, primary, service))
            behind = await tidy_replicas(deps, op, state, state.new_image_id)
            await converge_replicas(deps, op, state, behind, new=True)
            state.complete(
                f"recreated on {state.new_ref} {cause.before}; {outcome.message}"
            )
            await op.log(f"{name}: {state.message}")
            return
        await op.log(f"{name}: {outcome.message}", level=LogLevel.ERROR)
        found = await deps.updater.copies(name, service)
    await back_to_old(deps, op, operation_id, state, found)
    state.status = MemberStatus.FAILED
    state.message = f"{cause.interrupted}; back on {state.old_ref}"


async def back_to_old(
    deps: UpdateDeps,
    op: OperationHandle,
    operation_id: str,
    state: MemberState,
    found: list[ContainerCopy],
) -> None:
    """Files from the backups, and the old container back under its name."""
    name = state.container_name
    conflict: ConflictError | None = None
    try:
        restored = await restore_member_files(deps, operation_id, state)
        if restored:
            await op.log(f"restored {', '.join(restored)}")
    except ConflictError as exc:
        conflict = exc  # still converge the container on the old image
    # Before any `compose up` below, which would meet their leftovers.
    behind = await tidy_replicas(deps, op, state, state.old_image_id)
    on_old = [
        c for c in found if state.old_image_id and c.image_id == state.old_image_id
    ]
    service = state.compose_labels
    if on_old:
        done = await deps.updater.keep_copy(name, on_old[0], service)
        await _log(op, name, done)
        if done:  # else never touched: it runs as before the operation
            outcome = await wait_healthy_by_policy(deps, state)
            await op.log(f"{name} on {state.old_ref}: {outcome.message}")
            if not outcome.ok:
                raise _unhealthy(state, outcome)
    else:
        # No copy of the old container is left: recreate it on the old image
        # (and every replica with it). Keeping one removes the others: one is
        # enough for compose to reuse.
        renamed = [c for c in found if c.renamed]
        if renamed:
            done = await deps.updater.keep_copy(name, renamed[0], service)
            await _log(op, name, done)
        await bring_back_old_image(deps, op, state)
        state.rollback_occurred = True
        behind = []
    await converge_replicas(deps, op, state, behind, new=False)
    if conflict is not None:
        raise conflict


async def settle_standalone(
    deps: UpdateDeps,
    op: OperationHandle,
    state: MemberState,
    cause: Interruption,
    *,
    target: str | None,
) -> bool:
    """Repair an interrupted swap, then make sure the one container left runs
    and passes the health gate; True when it runs `target` (an image id)."""
    name = state.container_name

    async def judge(container_id: str) -> bool:
        details = await deps.engine.inspect_container(container_id)
        if target is None or details.image_id != target:
            return True
        outcome = await wait_healthy_by_policy(deps, state)
        await op.log(f"{name}: {outcome.message}")
        return outcome.ok

    repaired = await deps.updater.restore_leftovers(name, judge)
    await op.log(f"{name}: {repaired.message}")
    try:
        details = await deps.engine.inspect_container(name)
    except NotFoundError:
        raise NotFoundError(f"{name} is gone {cause.after}") from None
    touched = repaired.action is not LeftoverAction.NOTHING
    if not details.running:
        await deps.updater.start(details.id)
        await op.log(f"{name}: started")
        touched = True
    if touched or (target is not None and details.image_id == target):
        health = await wait_healthy_by_policy(deps, state)
        await op.log(f"{name}: {health.message}")
        if not health.ok:
            raise _unhealthy(state, health)
    return target is not None and details.image_id == target


async def swap_back(deps: UpdateDeps, op: OperationHandle, state: MemberState) -> None:
    """Swap a standalone container back onto its previous image (by id)."""
    await ensure_old_image(deps, state)

    async def health(container_id: str) -> HealthOutcome:
        return await wait_healthy_by_policy(deps, state)

    await deps.updater.recreate_standalone(
        state.container_name, state.old_ref or "", health=health
    )
    state.rollback_occurred = True
    await op.log(f"{state.container_name}: back on {state.old_ref}")


def _unhealthy(state: MemberState, outcome: HealthOutcome) -> DockerEngineError:
    return DockerEngineError(
        f"{state.container_name} runs again but is not healthy: {outcome.message}"
    )


async def _log(op: OperationHandle, name: str, done: list[str]) -> None:
    if done:
        await op.log(f"{name}: {'; '.join(done)}")
