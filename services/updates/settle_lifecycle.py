"""Settling interrupted label changes and restarts from the real containers
(see `services.updates.settle` for updates)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from services.docker.resources import COMPOSE_PROJECT, ContainerDetails
from services.docker.updater import ContainerCopy
from services.errors import (
    ConflictError,
    DockerEngineError,
    DockerUnavailableError,
    DocksmithError,
    NotFoundError,
)
from services.operations import LogLevel
from services.operations.recorder import OperationHandle
from services.store.records import OperationRecord
from services.updates.context import UpdateDeps
from services.updates.interruption import Interruption
from services.updates.recovery import (
    recreate_service,
    restore_member_files,
    wait_healthy_by_policy,
)
from services.updates.settle import files_say_new
from services.updates.state import MemberState, MemberStatus

# Stages a restart passes once the engine was asked to restart.
_RESTART_BEGUN = ("restarting", "health_check", "restarting_dependents")


def _labels_match(labels: Mapping[str, str], wanted: Mapping[str, str | None]) -> bool:
    return all(labels.get(k) == v for k, v in wanted.items())


async def settle_label_change(
    deps: UpdateDeps,
    op: OperationHandle,
    record: OperationRecord,
    detail: dict[str, Any],
    cause: Interruption,
) -> None:
    """New labels when the file and a healthy container both carry them,
    else the file from its backup and a container with the old labels.
    Either way, when the container left is not the one the change began
    with, the dependants it had planned restart after it, as it would have
    done (theirs are warnings, not its verdict)."""
    await _settle_labels(deps, op, record.operation_id, detail, cause)
    name = str(detail.get("container_name") or record.container_name)
    try:
        now = await deps.engine.inspect_container(name)
    except NotFoundError:
        return
    if now.id == record.container_id:
        return  # the same container: nothing changed under its dependants
    for dependant in record.dependents_affected or []:
        if dependant != name:
            await _settle_dependant(deps, op, record, dependant, cause)


async def _settle_labels(
    deps: UpdateDeps,
    op: OperationHandle,
    operation_id: str,
    detail: dict[str, Any],
    cause: Interruption,
) -> None:
    state = MemberState.from_dict(detail)
    name = state.container_name
    new: dict[str, str | None] = {
        **dict(detail.get("set") or {}),
        **dict.fromkeys(detail.get("remove") or []),
    }
    old: dict[str, str | None] = {k: (detail.get("previous") or {}).get(k) for k in new}
    found = await deps.updater.copies(name)
    primary = await _labelled(deps, found, new, renamed=False)
    if primary is not None and await files_say_new(deps, state):
        if not primary.running:
            await deps.updater.start(primary.id)
        outcome = await wait_healthy_by_policy(deps, state)
        if outcome.ok:
            await _log(op, name, await deps.updater.keep_copy(name, primary))
            detail["status"] = MemberStatus.COMPLETE
            await op.log(f"{name}: recreated with the new labels {cause.before}")
            return
        await op.log(f"{name}: {outcome.message}", level=LogLevel.ERROR)
    restored = await restore_member_files(deps, operation_id, state)
    if restored:
        await op.log(f"restored {', '.join(restored)}")
    found = await deps.updater.copies(name)
    keep = await _labelled(deps, found, old, renamed=None)
    if keep is not None:
        done = await deps.updater.keep_copy(name, keep)
        await _log(op, name, done)
    else:
        for copy in found:
            if copy.renamed:
                await _log(op, name, await deps.updater.keep_copy(name, copy))
        await recreate_service(deps, op, state)
        done = ["recreated"]
    if done:
        outcome = await wait_healthy_by_policy(deps, state)
        await op.log(f"{name} with its old labels: {outcome.message}")
        if not outcome.ok:
            raise DockerEngineError(f"{name} is not healthy: {outcome.message}")
    detail["status"] = MemberStatus.FAILED
    detail["message"] = f"{cause.interrupted}; old labels back"


async def _labelled(
    deps: UpdateDeps,
    found: list[ContainerCopy],
    wanted: Mapping[str, str | None],
    *,
    renamed: bool | None,
) -> ContainerCopy | None:
    for copy in found:
        if renamed is not None and copy.renamed != renamed:
            continue
        details = await deps.engine.inspect_container(copy.id)
        if _labels_match(details.labels, wanted):
            return copy
    return None


async def settle_restart(
    deps: UpdateDeps, op: OperationHandle, record: OperationRecord, cause: Interruption
) -> list[dict[str, Any]]:
    """Every container of a restart ends running: restarted before the
    restart is verified, one stopped midway is started, and one the restart
    had begun on but not reached is restarted now. So do the dependants
    planned for it (`dependents_affected`) once it had begun, after it, as
    the restart would have done; theirs are warnings, not its verdict."""
    names = [
        str(d.get("container_name"))
        for d in record.batch_details or []
        if d.get("container_name")
    ] or [record.container_name]
    begun = record.stage in _RESTART_BEGUN
    results: list[dict[str, Any]] = []
    for name in names:
        state = MemberState(container_name=name, stack_name=record.stack_name)
        try:
            details = await deps.engine.inspect_container(name)
        except NotFoundError:
            results.append(_result(name, MemberStatus.FAILED, f"{name} is gone"))
            continue
        how = await _run_again(deps, record, details, cause, begun=begun)
        if how is None:
            results.append(
                _result(
                    name, MemberStatus.FAILED, f"{cause.interrupted} before restarting"
                )
            )
            continue
        outcome = await wait_healthy_by_policy(deps, state)
        status = MemberStatus.COMPLETE if outcome.ok else MemberStatus.FAILED
        results.append(_result(name, status, f"{name} {how}: {outcome.message}"))
        await op.log(results[-1]["message"])
    if begun:
        for name in record.dependents_affected or []:
            if name not in names:
                await _settle_dependant(deps, op, record, name, cause)
    return results


async def _run_again(
    deps: UpdateDeps,
    record: OperationRecord,
    details: ContainerDetails,
    cause: Interruption,
    *,
    begun: bool,
) -> str | None:
    """How `details` ends running, or None when the restart never reached
    it and it was not to be touched."""
    restarted = (
        details.started_at is not None
        and record.started_at is not None
        and details.started_at > record.started_at
    )
    if not details.running:
        await deps.updater.start(details.id)
        return "started (the restart had stopped it)"
    if restarted:
        return f"restarted {cause.before}"
    if begun:
        await deps.updater.restart(details.id)
        return f"restarted {cause.after}"
    return None


async def _settle_dependant(
    deps: UpdateDeps,
    op: OperationHandle,
    record: OperationRecord,
    name: str,
    cause: Interruption,
) -> None:
    # Claimed for its restart and health gate, as `restart_dependants` does
    # (meanwhile the API answers: a stop or an update of it must wait).
    claim: contextlib.AbstractContextManager[object] = (
        deps.claims.held(
            [name], "restart as a dependant", within=op.operation_id, host=deps.host
        )
        if deps.claims is not None
        else contextlib.nullcontext()
    )
    try:
        with claim:
            details = await deps.engine.inspect_container(name)
            how = await _run_again(deps, record, details, cause, begun=True)
            state = MemberState(
                container_name=name, stack_name=details.labels.get(COMPOSE_PROJECT)
            )
            outcome = await wait_healthy_by_policy(deps, state)
    except ConflictError as exc:
        # Another operation holds it: that one settles it.
        await op.log(
            f"{name}: not restarted as a dependant: {exc.message}",
            level=LogLevel.WARNING,
        )
        return
    except NotFoundError:
        await op.log(f"dependant {name}: gone; not restarted")
        return
    except DockerUnavailableError:
        raise  # settled again once the engine answers
    except DocksmithError as exc:
        await op.log(f"dependant {name}: {exc.message}", level=LogLevel.WARNING)
        return
    await op.log(
        f"dependant {name} {how}: {outcome.message}",
        level=LogLevel.INFO if outcome.ok else LogLevel.WARNING,
    )


def _result(name: str, status: MemberStatus, message: str) -> dict[str, Any]:
    return {"container_name": name, "status": status, "message": message}


async def _log(op: OperationHandle, name: str, done: list[str]) -> None:
    if done:
        await op.log(f"{name}: {'; '.join(done)}")
