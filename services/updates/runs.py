"""Running queued operations: single, batch (one stack), rollback, fix-mismatch."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from services.checks.model import UpdateLogAction
from services.docker.resources import ContainerDetails
from services.docker.updater import PullProgress
from services.errors import ConflictError, DocksmithError, InvalidInputError
from services.operations import LogLevel, OperationStatus, RunKind
from services.operations.recorder import OperationHandle
from services.store.records import UpdateLogRecord
from services.store.repositories import OperationRepository
from services.updates.compose_io import file_modes, plan_image, undo_edits, write_edits
from services.updates.context import UpdateDeps
from services.updates.engine_lost import (
    EngineLostError,
    engine_lost,
    leave_to_reconciliation,
)
from services.updates.member import (
    MemberFailedError,
    MemberUpdate,
    describe_container,
)
from services.updates.policies import effective_policy
from services.updates.recovery import (
    StageStep,
    bring_back_old_image,
    ensure_old_image,
    follow_service,
)
from services.updates.rollbackable import mark_rolled_back
from services.updates.state import (
    MemberKind,
    MemberState,
    MemberStatus,
    Span,
    starting_over,
)

log = logging.getLogger(__name__)
# Members whose change did not stay: the run failed.
_UNDONE = (MemberStatus.FAILED, MemberStatus.ROLLED_BACK)
# Runs once an operation ended well: (containers, their host).
AfterSuccess = Callable[[list[str], str], Awaitable[None]]
# Runs inside the operation after a container was updated or rolled back
# successfully (dependants, post-update actions); it logs to the operation
# and must not raise for a failed action: that is a warning, not a failure.
AfterMember = Callable[[OperationHandle, MemberState, str], Awaitable[None]]


async def _nothing(op: OperationHandle, state: MemberState, action: str) -> None:
    return None


def _details(states: list[MemberState]) -> list[dict[str, Any]]:
    return [s.as_dict() for s in states]


def _member_stage(
    op: OperationHandle, state: MemberState, states: list[MemberState]
) -> StageStep:
    """A stage of `state` and of the operation, in one write: the row's
    container list shows it while it runs, not only when it ends."""

    async def stage(status: OperationStatus, progress: int, message: str) -> None:
        state.stage = status
        await op.stage(status, progress, message, batch_details=_details(states))

    return stage


class OperationRuns:
    def __init__(
        self,
        deps: UpdateDeps,
        after_success: AfterSuccess,
        *,
        operations: OperationRepository,
        after_member: AfterMember = _nothing,
    ) -> None:
        self.deps = deps
        self.after_success = after_success
        self.after_member = after_member
        self.operations = operations

    def on(self, host: str) -> OperationRuns:
        """The same runs acting on `host` (its engine, updater and files)."""
        deps = self.deps.on(host)
        if deps is self.deps:
            return self
        return OperationRuns(
            deps,
            self.after_success,
            operations=self.operations,
            after_member=self.after_member,
        )

    def kinds(
        self,
    ) -> dict[RunKind, Callable[[OperationHandle, dict[str, Any]], Awaitable[None]]]:
        """The update engine's own operation kinds, for the `OperationQueue`;
        each runs on the host its operation was recorded for."""

        async def update(op: OperationHandle, data: dict[str, Any]) -> None:
            await self.on(op.record.host).run_update(op, data)

        async def rollback(op: OperationHandle, data: dict[str, Any]) -> None:
            await self.on(op.record.host).run_rollback(op, data)

        async def fix_mismatch(op: OperationHandle, data: dict[str, Any]) -> None:
            await self.on(op.record.host).run_fix_mismatch(op, data)

        return {
            RunKind.UPDATE: update,
            RunKind.ROLLBACK: rollback,
            RunKind.FIX_MISMATCH: fix_mismatch,
        }

    async def run_update(self, op: OperationHandle, data: dict[str, Any]) -> None:
        """A single container, or one stack's share of a batch, in order."""
        states = [MemberState.from_dict(d) for d in data["members"]]
        force, script = bool(data.get("force")), data.get("script")

        async def persist() -> None:
            await op.set(batch_details=_details(states))

        count = len(states)
        for index, state in enumerate(states):
            if state.status is MemberStatus.SKIPPED:
                continue
            span = Span(int(index * 100 / count), int((index + 1) * 100 / count))
            member = MemberUpdate(
                self.deps,
                op,
                state,
                persist=persist,
                record_stage=_member_stage(op, state, states),
                span=span,
                force=force,
                script=script,
            )
            try:
                await member.run()
                await self._after_member(op, state, "update")
            except EngineLostError:
                raise  # the rest waits for the engine, unsettled
            except MemberFailedError:
                await op.log(
                    f"{state.container_name}: {state.message}", level=LogLevel.ERROR
                )
            except DocksmithError as exc:
                state.status, state.message = MemberStatus.FAILED, exc.message
                await persist()
        await self._finish(op, states)

    async def _after_member(
        self, op: OperationHandle, state: MemberState, action: str
    ) -> None:
        try:
            await self.after_member(op, state, action)
        except DocksmithError as exc:
            await op.log(
                f"{state.container_name}: after-{action} step failed: {exc.message}",
                level=LogLevel.WARNING,
            )

    async def _finish(self, op: OperationHandle, states: list[MemberState]) -> None:
        done = [s for s in states if s.status is MemberStatus.COMPLETE]
        failed = [s for s in states if s.status in _UNDONE]
        first = states[0]
        fields: dict[str, Any] = {
            "batch_details": _details(states),
            "rollback_occurred": any(s.rollback_occurred for s in states),
        }
        if len(states) == 1:
            fields.update(
                old_version=first.old_version,
                new_version=first.new_version,
                old_digest=first.old_digest,
                new_digest=first.new_digest,
            )
        if failed:
            summary = "; ".join(f"{s.container_name}: {s.message}" for s in failed)
            message = (
                summary
                if len(states) == 1
                else f"{len(done)} updated, {len(failed)} failed ({summary})"
            )
            await op.fail(message, **fields)
        else:
            await op.complete(
                f"updated {', '.join(f'{s.container_name} to {s.new_version}' for s in done)}",
                **fields,
            )
        if done:
            await self.after_success([s.container_name for s in done], self.deps.host)

    async def run_rollback(self, op: OperationHandle, data: dict[str, Any]) -> None:
        # Started over again: a rollback queued by an older version holds
        # the update's members as they ended.
        states = starting_over(MemberState.from_dict(d) for d in data["members"])
        force = bool(data.get("force"))
        original = str(data["original_operation_id"])
        await op.set(batch_details=_details(states))
        for state in states:
            state.status = MemberStatus.IN_PROGRESS
            try:
                await self.roll_back_member(
                    op, state, original, force, _member_stage(op, state, states)
                )
                # The version, as an update's member says "updated to 2.0.0".
                state.complete(f"rolled back to {state.old_version or state.old_ref}")
                await self._after_member(op, state, "rollback")
            except DocksmithError as exc:
                if await engine_lost(self.deps.updater, exc):
                    # Reconciliation finishes it once the engine is back.
                    await op.set(batch_details=_details(states))
                    await leave_to_reconciliation(
                        op, state.container_name, op.record.status, exc
                    )
                state.status, state.message = MemberStatus.FAILED, exc.message
            await op.set(batch_details=_details(states))
            await self.deps.history.add_update(
                UpdateLogRecord(
                    host=self.deps.host,
                    container_name=state.container_name,
                    action=UpdateLogAction.ROLLBACK,
                    timestamp=datetime.now(UTC),
                    success=state.status is MemberStatus.COMPLETE,
                    operation_id=op.operation_id,
                    from_version=state.new_version,
                    to_version=state.old_version,
                    error=None
                    if state.status is MemberStatus.COMPLETE
                    else state.message,
                )
            )
        rolled = [s.container_name for s in states if s.status is MemberStatus.COMPLETE]
        if rolled:
            await mark_rolled_back(self.operations, original, rolled)
        failed = [s for s in states if s.status is MemberStatus.FAILED]
        if failed:
            await op.fail(
                "; ".join(f"{s.container_name}: {s.message}" for s in failed),
                batch_details=_details(states),
            )
        else:
            await op.complete("rolled back", batch_details=_details(states))
        if rolled:
            await self.after_success(rolled, self.deps.host)

    async def roll_back_member(
        self,
        op: OperationHandle,
        state: MemberState,
        original: str,
        force: bool,
        stage: StageStep | None = None,
    ) -> None:
        """`stage` records each stage; by default the operation's alone (a
        rollback resumed after a restart settles its members afterwards)."""
        stage = stage or op.stage
        details = await self.deps.engine.inspect_container(state.container_name)
        await stage(
            OperationStatus.VALIDATING,
            5,
            f"{state.container_name}: back to {state.old_ref}",
        )
        await self._pre_rollback_check(op, state, details, force)
        if state.kind is MemberKind.STANDALONE:
            await stage(
                OperationStatus.RECREATING, 50, f"{state.container_name}: swapping back"
            )
            await ensure_old_image(self.deps, state)
            policy = await effective_policy(
                self.deps.policies,
                host=self.deps.host,
                container=state.container_name,
                stack=state.stack_name,
                labels=details.labels,
            )

            async def health(name: str) -> Any:
                return await self.deps.updater.wait_healthy(
                    name,
                    timeout_seconds=policy.health_timeout_seconds,
                    stability_seconds=policy.stability_window_seconds,
                )

            await self.deps.updater.recreate_standalone(
                state.container_name, state.old_ref or "", health=health
            )
            return
        # Re-plan the image line back to the old tag on the files as they are
        # now: other members' lines and any edit made since stay untouched.
        project = await self.deps.load_project(state.compose_labels or details.labels)
        current_image = project.resolved_image(state.service or "")
        if not force and state.new_ref and current_image != state.new_ref:
            raise ConflictError(
                f"the compose file now says {current_image}, not {state.new_ref} as "
                f"{original} left it; roll back with force to set "
                f"{state.old_version} anyway"
            )
        old_digest = _digest_of(state.old_ref)
        plan = await plan_image(
            project,
            state.service or "",
            state.old_version or "",
            digest=old_digest,
            files=self.deps.files,
        )
        await stage(
            OperationStatus.BACKING_UP,
            15,
            f"{state.container_name}: backing up compose files",
        )
        modes = await file_modes(plan.edits, self.deps.files)
        for edit, mode in zip(plan.edits, modes, strict=True):
            await self.deps.backups.save(
                op.operation_id,
                str(edit.path),
                edit.old_bytes,
                mode,
                host=self.deps.host,
            )
        await stage(
            OperationStatus.UPDATING_COMPOSE,
            20,
            f"{state.container_name}: back to {state.old_version}",
        )
        await write_edits(plan.edits, self.deps.files)
        for edit in plan.edits:
            await op.log(f"edited {edit.path}:\n{edit.diff()}")
        await stage(
            OperationStatus.RECREATING,
            60,
            f"{state.container_name}: recreating on {state.old_ref}",
        )
        try:
            await bring_back_old_image(self.deps, op, state, stage)
        except DocksmithError:
            await undo_edits(plan.edits, self.deps.files)
            raise

    async def _pre_rollback_check(
        self,
        op: OperationHandle,
        state: MemberState,
        details: ContainerDetails,
        force: bool,
    ) -> None:
        if force:
            await op.log(f"{state.container_name}: pre-update check skipped (forced)")
            return
        check = await self.deps.prechecks.run_for(
            name=state.container_name,
            container_id=details.id,
            image=details.image,
            labels=details.labels,
            current_version=state.new_version,
            target_version=state.old_version,
            stack=state.stack_name,
            host=self.deps.host,
        )
        if check is not None:
            await op.log(f"{state.container_name}: {check.output}")
            if not check.passed:
                raise InvalidInputError(f"Pre-update check failed: {check.output}")

    async def run_fix_mismatch(self, op: OperationHandle, data: dict[str, Any]) -> None:
        name = str(data["container"])
        details = await self.deps.engine.inspect_container(name)
        state = MemberState(container_name=name)
        await describe_container(self.deps, details, state)
        project = await self.deps.load_project(details.labels)
        image = project.resolved_image(state.service or "")
        if not image:
            raise InvalidInputError(
                "failed to extract image from compose file: no image key found for "
                f"service {state.service}"
            )
        state.new_ref = image
        await op.set(new_version=image, batch_details=[state.as_dict()])
        await op.stage(OperationStatus.PULLING_IMAGE, 20, f"pulling {image}")

        async def report(progress: PullProgress) -> None:
            await op.progress(
                OperationStatus.PULLING_IMAGE,
                20 + int(progress.percent * 0.4),
                f"{name}: {progress.message}",
            )

        await self.deps.updater.pull(image, on_progress=report)
        await op.stage(
            OperationStatus.RECREATING, 60, f"recreating {name} from the compose file"
        )
        lines: list[str] = []
        try:
            await self.deps.compose_runner(lines).up(
                project.name or state.stack_name or "",
                [str(p) for p in project.config_files],
                str(project.host_working_dir or project.working_dir),
                [state.service or ""],
                timeout=self.deps.compose_timeout_seconds,
            )
        finally:
            if lines:
                await op.log("\n".join(lines[-200:]))
        await follow_service(self.deps, op, state)
        name = state.container_name
        policy = await effective_policy(
            self.deps.policies,
            host=self.deps.host,
            container=name,
            stack=state.stack_name,
            labels=details.labels,
        )
        await op.stage(
            OperationStatus.HEALTH_CHECK, 80, f"waiting for {name} to be healthy"
        )
        outcome = await self.deps.updater.wait_healthy(
            name,
            timeout_seconds=policy.health_timeout_seconds,
            stability_seconds=policy.stability_window_seconds,
        )
        if outcome.ok:
            state.complete(outcome.message)
        else:
            state.status, state.message = MemberStatus.FAILED, outcome.message
        if not outcome.ok:
            await op.fail(
                f"health check failed: {outcome.message}",
                batch_details=[state.as_dict()],
            )
            return
        await op.complete(f"{name} now runs {image}", batch_details=[state.as_dict()])
        await self.after_success([name], self.deps.host)


def _digest_of(ref: str | None) -> str | None:
    if not ref or "@" not in ref:
        return None
    return ref.rsplit("@", 1)[1]
