"""Auto-update runs: plan, then hand the included containers to the update
engine as one batch (one operation per stack, in dependency order, through
its claims, queue, pre-update checks, health gate and auto-rollback), wait
for those operations and record the run as an `auto_update` operation with a
summary. Failed candidates are remembered and not retried until they change.

The scheduler loop fires at the cron schedule and when a maintenance window
opens, measured by the injected clock. Runs never overlap.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

from services.autoupdate.planner import (
    AutoUpdateDecision,
    AutoUpdateOutcome,
    AutoUpdatePlanner,
    AutoUpdateTrigger,
)
from services.autoupdate.schedule import Clock, CronSchedule
from services.errors import ConflictError, DocksmithError
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.operations import OperationType
from services.operations.recorder import OperationHandle, OperationRecorder
from services.store.autoupdate import AutoUpdateCandidateRepository
from services.store.repositories import OperationRepository
from services.updates.orchestrator import UpdateOrchestrator
from services.updates.requests import BatchItem
from services.updates.state import MemberState, MemberStatus

log = logging.getLogger(__name__)
NAME = "auto-update"
# How long the scheduler trusts the windows it read: a window set by a label
# (not through the policy API, which wakes it at once) is seen within this.
RESCAN = timedelta(hours=1)


@frozen
class AutoUpdateRun:
    trigger: AutoUpdateTrigger
    dry_run: bool
    planned_at: datetime
    decisions: list[AutoUpdateDecision]
    operation_id: str | None = None

    @property
    def included(self) -> list[AutoUpdateDecision]:
        return [d for d in self.decisions if d.included]


@frozen
class AutoUpdateStatus:
    schedule: str | None
    timezone: str
    default_min_age: timedelta
    next_run: datetime | None
    running_operation_id: str | None
    last_run: AutoUpdateRun | None


class AutoUpdateService:
    def __init__(
        self,
        planner: AutoUpdatePlanner,
        *,
        updates: UpdateOrchestrator,
        recorder: OperationRecorder,
        operations: OperationRepository,
        candidates: AutoUpdateCandidateRepository,
        clock: Clock,
        schedule: CronSchedule | None,
        zone: tzinfo,
        zone_name: str,
    ) -> None:
        self.planner = planner
        self.updates = updates
        self.recorder = recorder
        self.operations = operations
        self.candidates = candidates
        self.clock = clock
        self.schedule = schedule
        self.zone = zone
        self.zone_name = zone_name
        self.last_run: AutoUpdateRun | None = None
        self._running: tuple[str, asyncio.Task[None]] | None = None
        # Clear while a run is planned and recorded (before `_running`
        # exists), so neither a second run nor the scheduler starts then.
        self._idle = asyncio.Event()
        self._idle.set()
        self._loop_task: asyncio.Task[None] | None = None
        self._next: tuple[datetime, AutoUpdateTrigger] | None = None
        # Set when policies change, so the loop re-reads the windows.
        self._changed = asyncio.Event()

    # -- status ----------------------------------------------------------------

    def status(self) -> AutoUpdateStatus:
        running = self._running
        return AutoUpdateStatus(
            schedule=self.schedule.expression if self.schedule else None,
            timezone=self.zone_name,
            default_min_age=self.planner.default_min_age,
            next_run=self._next[0] if self._next else None,
            running_operation_id=running[0]
            if running and not running[1].done()
            else None,
            last_run=self.last_run,
        )

    def last_decision(
        self, container: str, host: str = DEFAULT_HOST
    ) -> AutoUpdateDecision | None:
        """The last run's (or dry run's) decision for `container` of `host`."""
        if self.last_run is None:
            return None
        return next(
            (
                d
                for d in self.last_run.decisions
                if d.container == container and d.host == host
            ),
            None,
        )

    async def own_container(self) -> str | None:
        """The id of Docksmith's own container, as a run finds it (None when
        it runs outside one or cannot tell)."""
        try:
            return await self.planner.find_self()
        except DocksmithError:
            return None

    def policies_changed(self) -> None:
        self._changed.set()

    # -- runs ------------------------------------------------------------------

    async def run(
        self, *, trigger: AutoUpdateTrigger = AutoUpdateTrigger.MANUAL, dry_run: bool
    ) -> AutoUpdateRun:
        """Plan; unless `dry_run`, start the run and return once its stack
        operations are queued (the run's operation follows them)."""
        now = self.clock.now()
        if dry_run:
            decisions = await self.planner.plan(trigger, now)
            self.last_run = AutoUpdateRun(trigger, True, now, decisions)
            return self.last_run
        if not self._idle.is_set():
            raise ConflictError(
                "an auto-update run is in progress (it is being planned); "
                "wait for it to finish"
            )
        if self._running and not self._running[1].done():
            raise ConflictError(
                f"an auto-update run is in progress ({self._running[0]}); "
                "wait for it to finish"
            )
        # Held from the check above until the run's task exists: planning
        # and recording wait, and a second run let in then would race this
        # one for the same containers and take its place in `_running`.
        self._idle.clear()
        try:
            return await self._start(trigger, now)
        finally:
            self._idle.set()

    async def _start(self, trigger: AutoUpdateTrigger, now: datetime) -> AutoUpdateRun:
        decisions = await self.planner.plan(trigger, now)
        op = await self.recorder.start(
            OperationType.AUTO_UPDATE,
            NAME,
            batch_details=[d.as_dict() for d in decisions],
        )
        for d in decisions:
            await op.log(
                f"{_named(d)}: {'included' if d.included else 'skipped'}: {d.message}"
            )
        decisions = await self._submit(op, decisions)
        run = AutoUpdateRun(trigger, False, now, decisions, op.operation_id)
        self.last_run = run
        task = asyncio.create_task(
            self._follow(op, decisions), name="docksmith-auto-update"
        )
        self._running = (op.operation_id, task)
        return run

    async def wait(self) -> None:
        """Until no run is being planned or running: on return (before any
        other await) a new run may start."""
        while True:
            if not self._idle.is_set():
                await self._idle.wait()
            elif self._running is not None and not self._running[1].done():
                with contextlib.suppress(Exception):
                    await asyncio.shield(self._running[1])
            else:
                return

    async def _submit(
        self, op: OperationHandle, decisions: list[AutoUpdateDecision]
    ) -> list[AutoUpdateDecision]:
        included = [d for d in decisions if d.included]
        if not included:
            return decisions
        try:
            # Partial: what changed since the plan (a person's update took a
            # container, one was removed, a host stopped answering) is
            # skipped with its reason; the others still go.
            started = await self.updates.batch(
                [BatchItem(d.container, d.candidate_tag, d.host) for d in included],
                partial=True,
            )
        except DocksmithError as exc:
            await op.log(f"could not start the updates: {exc.message}", level="error")
            return [
                replace(d, outcome=AutoUpdateOutcome.NOT_STARTED, message=exc.message)
                if d.included
                else d
                for d in decisions
            ]
        by_container = {
            (s.host, name): s.operation_id
            for s in started.operations
            for name in s.containers
        }
        await op.set(batch_group_id=started.batch_group_id)
        for s in started.operations:
            where = "" if s.host == DEFAULT_HOST else f" on host {s.host}"
            await op.log(
                f"stack {s.stack}{where}: {s.operation_id} updates "
                f"{', '.join(s.containers)}"
            )
        result = []
        for d in decisions:
            # The batch names a skipped container as `host/name` off the
            # default host.
            if _batch_key(d) in started.skipped:
                why = started.skipped[_batch_key(d)]
                d = replace(d, outcome=AutoUpdateOutcome.NOT_STARTED, message=why)
            elif (d.host, d.container) in by_container:
                d = replace(
                    d,
                    operation_id=by_container[d.host, d.container],
                    outcome=AutoUpdateOutcome.QUEUED,
                )
            result.append(d)
        await op.set(batch_details=[d.as_dict() for d in result])
        await op.log("waiting for the stack operations")
        return result

    async def _follow(
        self, op: OperationHandle, decisions: list[AutoUpdateDecision]
    ) -> None:
        try:
            await self._finish(op, await self._outcomes(decisions))
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("auto-update run %s failed", op.operation_id)
            await op.fail(f"unexpected error: {type(exc).__name__}: {exc}")

    async def _outcomes(
        self, decisions: list[AutoUpdateDecision]
    ) -> list[AutoUpdateDecision]:
        members: dict[tuple[str, str], tuple[str, MemberState]] = {}
        for operation_id in dict.fromkeys(
            d.operation_id for d in decisions if d.operation_id
        ):
            async for _ in self.recorder.follow(operation_id):
                pass  # ends with the operation
            record = await self.operations.get(operation_id)
            for raw in record.batch_details or []:
                state = MemberState.from_dict(raw)
                members[record.host, state.container_name] = (operation_id, state)
        result = []
        now = self.clock.now()
        for d in decisions:
            found = members.get((d.host, d.container))
            if d.operation_id and found is not None:
                operation_id, state = found
                outcome = _outcome_of(state.status)
                if state.status in (MemberStatus.FAILED, MemberStatus.ROLLED_BACK):
                    why = state.message or state.status
                    if state.rollback_occurred:
                        outcome = AutoUpdateOutcome.ROLLED_BACK
                        why = f"{why} (rolled back)"
                    await self.candidates.mark_failed(
                        d.container,
                        d.candidate_key,
                        operation_id,
                        now,
                        why,
                        host=d.host,
                    )
                    d = replace(d, outcome=outcome, message=why)
                else:
                    d = replace(d, outcome=outcome)
            result.append(d)
        return result

    async def _finish(
        self, op: OperationHandle, decisions: list[AutoUpdateDecision]
    ) -> None:
        counted = Counter(d.outcome for d in decisions if d.included)
        updated = counted.get(AutoUpdateOutcome.COMPLETE, 0)
        failed = [
            d
            for d in decisions
            if d.included and d.outcome is not AutoUpdateOutcome.COMPLETE
        ]
        rolled = any(d.outcome is AutoUpdateOutcome.ROLLED_BACK for d in decisions)
        skipped = sum(1 for d in decisions if not d.included)
        summary = f"{updated} updated, {len(failed)} failed, {skipped} not included"
        if failed:
            summary += (
                " (" + "; ".join(f"{d.container}: {_said(d)}" for d in failed) + ")"
            )
        fields: dict[str, Any] = {
            "batch_details": [d.as_dict() for d in decisions],
            "rollback_occurred": rolled,
            "summary": summary,
        }
        self.last_run = (
            replace(self.last_run, decisions=decisions)
            if self.last_run and self.last_run.operation_id == op.operation_id
            else self.last_run
        )
        if failed:
            await op.fail(summary, **fields)
        else:
            await op.complete(summary, **fields)

    # -- schedule --------------------------------------------------------------

    async def next_fire(
        self, now: datetime
    ) -> tuple[datetime, AutoUpdateTrigger] | None:
        """The next scheduled run or window opening after `now`."""
        found: list[tuple[datetime, int, AutoUpdateTrigger]] = []
        if self.schedule is not None:
            found.append((self.schedule.next_after(now), 0, AutoUpdateTrigger.SCHEDULE))
        for window in await self.planner.windows():
            found.append(
                (window.next_opening(now, self.zone), 1, AutoUpdateTrigger.WINDOW)
            )
        if not found:
            return None
        moment, _, trigger = min(found)
        return moment, trigger

    async def start(self) -> None:
        if self._loop_task is None:
            self._loop_task = asyncio.create_task(
                self._loop(), name="docksmith-auto-update-schedule"
            )

    async def close(self) -> None:
        tasks = [self._loop_task, self._running[1] if self._running else None]
        self._loop_task = None
        for task in tasks:
            if task is not None:
                task.cancel()
        for task in tasks:
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def _loop(self) -> None:
        while True:
            self._changed.clear()
            try:
                self._next = await self.next_fire(self.clock.now())
            except DocksmithError as exc:
                log.warning("auto-update schedule: %s", exc.message)
                self._next = None
            now = self.clock.now()
            if self._next is None:
                await self._sleep_until(now + RESCAN)
                continue
            moment, trigger = self._next
            if not await self._sleep_until(min(moment, now + RESCAN)) or (
                self.clock.now() < moment
            ):
                continue  # policies or labels may have changed the windows
            self._next = None  # fired: the next one is known after this run
            try:
                await self.wait()
                await self.run(trigger=trigger, dry_run=False)
                await self.wait()
            except asyncio.CancelledError:
                raise
            except DocksmithError as exc:
                log.warning("scheduled auto-update run failed: %s", exc.message)
            except Exception:
                log.exception("scheduled auto-update run failed")

    async def _sleep_until(self, moment: datetime) -> bool:
        """True when `moment` came, False when policies changed first."""
        sleeper = asyncio.ensure_future(self.clock.sleep_until(moment))
        changed = asyncio.ensure_future(self._changed.wait())
        try:
            await asyncio.wait({sleeper, changed}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, changed):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        return sleeper.done() and not sleeper.cancelled() and self.clock.now() >= moment


def _named(d: AutoUpdateDecision) -> str:
    """The container as the log names it: the default host's by name alone."""
    return d.container if d.host == DEFAULT_HOST else f"{d.container} on host {d.host}"


def _batch_key(d: AutoUpdateDecision) -> str:
    """The container as a batch's `skipped` names it."""
    return d.container if d.host == DEFAULT_HOST else f"{d.host}/{d.container}"


def _outcome_of(member_status: MemberStatus) -> AutoUpdateOutcome:
    """A finished stack operation's word for one member, as a run's outcome."""
    ended = {
        MemberStatus.COMPLETE: AutoUpdateOutcome.COMPLETE,
        MemberStatus.FAILED: AutoUpdateOutcome.FAILED,
        MemberStatus.ROLLED_BACK: AutoUpdateOutcome.ROLLED_BACK,
        MemberStatus.SKIPPED: AutoUpdateOutcome.SKIPPED,
    }
    # Still pending or in progress when its operation ended.
    return ended.get(member_status, AutoUpdateOutcome.NOT_REACHED)


def _said(d: AutoUpdateDecision) -> str:
    """How a container that did not complete is summed up."""
    if d.outcome in (AutoUpdateOutcome.FAILED, AutoUpdateOutcome.ROLLED_BACK):
        return d.message
    if d.outcome is AutoUpdateOutcome.NOT_STARTED:
        return f"not started: {d.message}"
    return str(d.outcome)
