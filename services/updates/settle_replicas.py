"""Settling the other replicas of a scaled compose service with its member.

`compose up <service>` recreates every container of the service, not only
the one an operation was asked for, and a run killed midway can leave each
replica at its own step: still on the old image, stopped, renamed aside as
`<id>_<name>`, or already on the new image. Whatever the member's verdict
(`services.updates.settle`), every replica ends the same way: one container
under its name, running the image the member runs, said in the log.
"""

from __future__ import annotations

from services.docker.updater import Replica
from services.errors import DockerEngineError
from services.operations.recorder import OperationHandle
from services.updates.context import UpdateDeps
from services.updates.recovery import (
    ensure_old_image,
    recreate_service,
    wait_healthy_by_policy,
)
from services.updates.state import MemberState


async def tidy_replicas(
    deps: UpdateDeps, op: OperationHandle, state: MemberState, target: str | None
) -> list[str]:
    """Leave one copy of each other replica, under its name and running:
    the one on `target` (the image id of the verdict) when there is one
    (kept as it is, like the member's), else the one under its name.
    Returns the names still on another image, which `converge_replicas`
    recreates.

    Done before any `compose up` of the service: a run that finds two
    copies of one replica does not reliably reuse the right one."""
    behind: list[str] = []
    for replica in await deps.updater.replicas(state.compose_labels):
        on_target = [c for c in replica.copies if target and c.image_id == target]
        chosen = (on_target or list(replica.copies))[0]
        done = await deps.updater.keep_copy(
            replica.name, chosen, replica.labels(state.compose_labels)
        )
        if done:
            await op.log(f"{replica.name}: {'; '.join(done)}")
        if not on_target:
            behind.append(replica.name)
    return behind


async def converge_replicas(
    deps: UpdateDeps,
    op: OperationHandle,
    state: MemberState,
    behind: list[str],
    *,
    new: bool,
) -> None:
    """Recreate the service when a replica is `behind` (the member is
    recreated with it, so it passes its health gate again), then say where
    each replica is; raises when one is still not where the member is."""
    ref = (state.new_ref if new else state.old_ref) or ""
    if behind:
        if not new:
            await ensure_old_image(deps, state)
        await op.log(
            f"{', '.join(behind)}: not on {ref}; recreating service "
            f"{state.service} so that every replica runs it"
        )
        await recreate_service(deps, op, state)
        outcome = await wait_healthy_by_policy(deps, state)
        await op.log(f"{state.container_name} with its replicas: {outcome.message}")
        if not outcome.ok:
            raise DockerEngineError(
                f"{state.container_name} is not healthy after its service was "
                f"recreated: {outcome.message}"
            )
    await report_replicas(deps, op, state, new=new)


async def report_replicas(
    deps: UpdateDeps, op: OperationHandle, state: MemberState, *, new: bool
) -> None:
    target = state.new_image_id if new else state.old_image_id
    ref = (state.new_ref if new else state.old_ref) or ""
    astray: list[str] = []
    for replica in await deps.updater.replicas(state.compose_labels):
        if _settled(replica, target):
            await op.log(f"{replica.name}: on {ref}, as {state.container_name}")
        else:
            astray.append(replica.name)
    if astray:
        raise DockerEngineError(
            f"{', '.join(astray)} of service {state.service} did not end on {ref} "
            f"as {state.container_name} did"
        )


def _settled(replica: Replica, target: str | None) -> bool:
    """One copy, under its name, running `target`."""
    if len(replica.copies) != 1:
        return False
    copy = replica.copies[0]
    return not copy.renamed and copy.running and copy.image_id == target
