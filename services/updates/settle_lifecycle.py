"""Settling interrupted label changes and restarts from the real containers
(see `services.updates.settle` for updates)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.docker.updater import ContainerCopy
from services.errors import DockerEngineError, NotFoundError
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
    operation_id: str,
    detail: dict[str, Any],
    cause: Interruption,
) -> None:
    """New labels when the file and a healthy container both carry them,
    else the file from its backup and a container with the old labels."""
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
    had begun on but not reached is restarted now."""
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
        restarted = (
            details.started_at is not None
            and record.started_at is not None
            and details.started_at > record.started_at
        )
        if not details.running:
            await deps.updater.start(details.id)
            how = "started (the restart had stopped it)"
        elif restarted:
            how = f"restarted {cause.before}"
        elif begun:
            await deps.updater.restart(details.id)
            how = f"restarted {cause.after}"
        else:
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
    return results


def _result(name: str, status: MemberStatus, message: str) -> dict[str, Any]:
    return {"container_name": name, "status": status, "message": message}


async def _log(op: OperationHandle, name: str, done: list[str]) -> None:
    if done:
        await op.log(f"{name}: {'; '.join(done)}")
