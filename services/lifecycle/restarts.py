"""Restart operations: one container (then its dependants), or a whole stack
level by level in dependency order.

Both are `restart` operations queued per stack like updates, so a restart
never runs while the same stack is being updated. Unless forced, every
pre-update check (the container's, its dependants', each stack member's)
runs before anything restarts, and a failing one fails the operation
untouched; `force` skips them and is recorded on the operation.
"""

from __future__ import annotations

import asyncio
from typing import Any

from services.docker.resources import ContainerDetails
from services.errors import DocksmithError, InvalidInputError
from services.events import EventBus
from services.frozen import frozen
from services.lifecycle.dependants import Restarter
from services.lifecycle.progress import RestartProgress
from services.operations import OperationStatus
from services.operations.recorder import OperationHandle
from services.updates.dependencies import levels
from services.updates.engine_lost import (
    EngineLostError,
    defer_if_engine_lost,
    engine_lost,
    leave_to_reconciliation,
)
from services.updates.state import MemberStatus

_BEGUN = (
    OperationStatus.RESTARTING,
    OperationStatus.HEALTH_CHECK,
    OperationStatus.RESTARTING_DEPENDENTS,
)


@frozen
class RestartRuns:
    restarter: Restarter
    events: EventBus

    async def run_restart(self, op: OperationHandle, data: dict[str, Any]) -> None:
        progress = RestartProgress(op, self.events)
        name = str(data["container"])
        try:
            await self._restart_one(progress, name, bool(data.get("force")))
        except DocksmithError as exc:
            if op.record.status in _BEGUN:
                # Once it began, the engine going away leaves the restart to
                # reconciliation: the container ends running once it is back.
                await defer_if_engine_lost(self.restarter.deps.updater, op, name, exc)
            await progress.fail(exc.message)

    async def _restart_one(
        self, progress: RestartProgress, name: str, force: bool
    ) -> None:
        op = progress.op
        details = await self.restarter.engine.inspect_container(name)
        await progress.stage(OperationStatus.VALIDATING, 5, f"restarting {name}")
        dependants = await self.restarter.dependants([name])
        await self._checks(progress, [details, *dependants], force, 10)
        # Recorded once it may restart (a refused one affected none): should
        # the engine go away or the server die now, settling restarts these.
        await op.set(dependents_affected=[d.name for d in dependants])
        await progress.stage(OperationStatus.RESTARTING, 30, f"restarting {name}")
        # A plain restart: the container keeps its id, so whatever shares its
        # namespace is restarted below and joins the new one.
        message = await self.restarter.restart(details, recreate=False)
        await progress.stage(OperationStatus.HEALTH_CHECK, 70, message)
        done: list[str] = []
        if dependants:
            await progress.stage(
                OperationStatus.RESTARTING_DEPENDENTS,
                80,
                f"restarting dependants: {', '.join(d.name for d in dependants)}",
            )

            async def log_to(text: str, level: str) -> None:
                await op.log(text, level)

            done = await self.restarter.restart_dependants(
                [name], force=True, log_to=log_to
            )
        skipped = [d.name for d in dependants if d.name not in done]
        summary = f"restarted {name}" + (f" and {', '.join(done)}" if done else "")
        if skipped:
            summary += f" (dependants not restarted: {', '.join(skipped)})"
        await progress.complete(summary, dependents_affected=done)

    async def _checks(
        self,
        progress: RestartProgress,
        members: list[ContainerDetails],
        force: bool,
        at: int,
    ) -> None:
        if force:
            await progress.op.log("pre-update checks skipped (forced)")
            return
        await progress.stage(
            OperationStatus.PRE_UPDATE_CHECK, at, "running pre-update checks"
        )
        for details in members:
            blocked = await self.restarter.pre_check(details)
            if blocked:
                raise InvalidInputError(f"{blocked} (use force to restart anyway)")

    async def run_stack_restart(
        self, op: OperationHandle, data: dict[str, Any]
    ) -> None:
        progress = RestartProgress(op, self.events)
        try:
            await self._restart_stack(progress, data)
        except EngineLostError:
            raise  # a level met the engine gone: said so, left to reconciliation
        except DocksmithError as exc:
            if op.record.status in _BEGUN:
                # As for one container: once restarting began, an engine
                # gone away leaves every member to reconciliation, which
                # ends them running once it is back.
                await defer_if_engine_lost(
                    self.restarter.deps.updater, op, op.record.stack_name or "", exc
                )
            await progress.fail(exc.message)

    async def _restart_stack(
        self, progress: RestartProgress, data: dict[str, Any]
    ) -> None:
        op, force = progress.op, bool(data.get("force"))
        names = [str(n) for n in data["containers"]]
        details = {n: await self.restarter.engine.inspect_container(n) for n in names}
        nodes = [await self.restarter.node(details[n]) for n in names]
        order = levels(nodes)
        await progress.stage(
            OperationStatus.VALIDATING,
            5,
            "order: " + " -> ".join("[" + ", ".join(level) + "]" for level in order),
        )
        await self._checks(progress, list(details.values()), force, 8)
        # Recorded before anything restarts: if the engine goes away or the
        # server dies midway, settling restarts these after the stack too.
        planned = await self.restarter.dependants(names)
        await op.set(dependents_affected=[d.name for d in planned])
        status = dict.fromkeys(names, MemberStatus.PENDING)
        lost: list[DocksmithError] = []

        async def one(name: str) -> None:
            try:
                message = await self.restarter.restart(details[name], recreate=False)
                status[name] = MemberStatus.COMPLETE
                await op.log(message)
            except DocksmithError as exc:
                if await engine_lost(self.restarter.deps.updater, exc):
                    # Not a verdict on the member: the engine may start it
                    # again when it returns; reconciliation judges it then.
                    lost.append(exc)
                    return
                status[name] = MemberStatus.FAILED
                await op.log(f"{name}: {exc.message}", "error")

        for index, level in enumerate(order):
            await progress.stage(
                OperationStatus.RESTARTING,
                10 + int(80 * index / len(order)),
                f"level {index + 1}/{len(order)}: {', '.join(level)}",
            )
            await asyncio.gather(*(one(n) for n in level))
            if lost:
                await leave_to_reconciliation(
                    op, ", ".join(level), op.record.status, lost[0]
                )
            await op.set(
                batch_details=[
                    {"container_name": n, "status": s} for n, s in status.items()
                ]
            )

        async def log_to(text: str, level: str) -> None:
            await op.log(text, level)

        outside = await self.restarter.restart_dependants(
            names, force=force, log_to=log_to
        )
        failed = [n for n, s in status.items() if s == "failed"]
        fields: dict[str, Any] = {"dependents_affected": outside}
        if failed:
            await progress.fail(
                f"{len(failed)} failed to restart: {', '.join(failed)}", **fields
            )
        else:
            await progress.complete(
                f"restarted {len(names)} containers in {len(order)} levels", **fields
            )
