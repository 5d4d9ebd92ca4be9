"""Updating one container, the unit every update operation is built from.

A member's life: validate and plan the compose edit (nothing written yet) →
pre-update check → back up the files that will change → write them
atomically → pull → recreate → health gate. A failure before the recreate
restores the files and leaves the old container untouched; a failure after
it restores the files and, when auto-rollback applies, the previous image by
id, so a moved tag cannot change what comes back. Standalone containers are
swapped through the Engine API (`DockerUpdater.recreate_standalone`), which
restores the old container itself when the new one fails.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import NoReturn

from services.checks.model import UpdateLogAction
from services.compose import ComposeProject, FileEdit
from services.compose.references import parse_reference as split_reference
from services.compose.references import with_tag
from services.docker.resources import ContainerDetails
from services.docker.updater import HealthOutcome, PullProgress
from services.errors import (
    ConflictError,
    DockerEngineError,
    DocksmithError,
    InvalidInputError,
)
from services.operations import LogLevel, OperationStatus
from services.operations.recorder import OperationHandle
from services.registry.references import digest_in, parse_reference
from services.store.records import UpdateLogRecord
from services.updates.compose_io import (
    file_modes,
    plan_image,
    undo_edits,
    write_edits,
)
from services.updates.context import UpdateDeps
from services.updates.engine_lost import engine_lost, leave_to_reconciliation
from services.updates.policies import EffectivePolicy, effective_policy
from services.updates.recovery import StageStep, bring_back_old_image, follow_service
from services.updates.selfupdate import Plan, wait_for_helper
from services.updates.state import MemberKind, MemberState, MemberStatus, Span

PROJECT = "com.docker.compose.project"
SERVICE = "com.docker.compose.service"
Persist = Callable[[], Awaitable[None]]


class MemberFailedError(DocksmithError):
    """A member's update failed; its state says what was restored."""


def _refuse_other_repository(state: MemberState, in_file: str | None) -> None:
    """Refuse a compose file that now names another repository than the one
    the container runs (changed by hand since, without `up`): the update
    checked and pulls the target of the running image, and `up` would run the
    file's under that name. Another tag of the same repository is what the
    update replaces anyway."""
    if not in_file or not state.old_ref:
        return  # no image: planning refuses it, saying why
    try:
        running, named = parse_reference(state.old_ref), parse_reference(in_file)
    except DocksmithError:
        return  # a bare digest or an unparsable name: planning judges it
    if running.name != named.name:
        raise ConflictError(
            f"the compose file now names {in_file} for service {state.service}, "
            f"but {state.container_name} runs {state.old_ref}: bring the stack up "
            "with the file as it is (fix the mismatch), or put the image back, "
            "then update"
        )


async def describe_container(
    deps: UpdateDeps, details: ContainerDetails, state: MemberState
) -> None:
    """Fill the 'before' half of a member from the running container."""
    state.stack_name = details.labels.get(PROJECT)
    state.service = details.labels.get(SERVICE)
    state.kind = (
        MemberKind.COMPOSE
        if state.service and state.stack_name
        else MemberKind.STANDALONE
    )
    state.old_ref = details.image
    state.old_image_id = details.image_id
    state.compose_labels = {
        k: v for k, v in details.labels.items() if k.startswith("com.docker.compose.")
    }
    try:
        ref = parse_reference(details.image)
    except DocksmithError:
        state.old_version = details.image
        return
    state.old_version = ref.tag_or_latest
    image = await deps.engine.get_image(details.image_id)
    state.old_digest = digest_in(image.repo_digests, ref)


async def load_project(deps: UpdateDeps, details: ContainerDetails) -> ComposeProject:
    return await deps.load_project(details.labels)


class MemberUpdate:
    def __init__(
        self,
        deps: UpdateDeps,
        op: OperationHandle,
        state: MemberState,
        *,
        persist: Persist,
        record_stage: StageStep,
        span: Span | None = None,
        force: bool = False,
        script: str | None = None,
    ) -> None:
        self.deps = deps
        self.op = op
        self.state = state
        self.persist = persist
        self.record_stage = record_stage
        self.span = span or Span()
        self.force = force
        self.script = script
        self._edits: tuple[FileEdit, ...] = ()
        self._project: ComposeProject | None = None
        self._details: ContainerDetails | None = None
        self._effective: EffectivePolicy | None = None

    async def stage(
        self, stage: OperationStatus, fraction: float, message: str
    ) -> None:
        """In the operation's stage write (`record_stage`), not at the next
        save point: until then the row's container list was a stage behind
        its operation."""
        await self.record_stage(
            stage, self.span.at(fraction), f"{self.state.container_name}: {message}"
        )

    @property
    def details(self) -> ContainerDetails:
        if self._details is None:
            raise RuntimeError("run() inspects the container first")
        return self._details

    async def run(self) -> MemberState:
        s = self.state
        s.status = MemberStatus.IN_PROGRESS
        self._details = await self.deps.engine.inspect_container(s.container_name)
        await describe_container(self.deps, self.details, s)
        if not s.new_version:
            raise InvalidInputError(f"no target version for {s.container_name}")
        s.new_ref = with_tag(s.old_ref or "", s.new_version)
        await self.stage(
            OperationStatus.VALIDATING, 0.02, f"{s.old_ref} -> {s.new_ref}"
        )
        try:
            await self._validate()
            await self._pre_update_check()
        except DocksmithError as exc:
            await self._fail(exc.message)
            raise MemberFailedError(exc.message) from exc
        await self.persist()
        try:
            await self._write_compose()
            await self._pull()
            await self._recreate()
            await self._health()
        except DocksmithError as exc:
            if await engine_lost(self.deps.updater, exc):
                await self._leave_to_reconciliation(exc)
            await self._recover(exc)
            raise MemberFailedError(s.message or exc.message) from exc
        s.complete(f"updated to {s.new_version}")
        await self.persist()
        await self._record(success=True)
        return s

    async def _validate(self) -> None:
        s = self.state
        # Read (and so validate) the rollback policy before anything is written:
        # a bad docksmith.auto_rollback label must not surface mid-update.
        await self._policy()
        try:
            s.new_digest = await self.deps.registry.get_digest(
                parse_reference(s.new_ref or "")
            )
        except DocksmithError as exc:
            raise InvalidInputError(
                f"target {s.new_ref} cannot be used: {exc.message}"
            ) from exc
        if s.kind is not MemberKind.COMPOSE:
            self._keep_pin(s.old_ref)
            return
        self._project = await load_project(self.deps, self.details)
        in_file = self._project.resolved_image(s.service or "")
        _refuse_other_repository(s, in_file)
        pinned = self._keep_pin(in_file)
        plan = await plan_image(
            self._project,
            s.service or "",
            s.new_version or "",
            digest=s.new_digest if pinned else None,
            files=self.deps.files,
        )
        self._edits = plan.edits
        if plan.also_affects:
            await self.op.log(
                f"{plan.shared_through} also sets the image of "
                f"{', '.join(plan.also_affects)}",
                level=LogLevel.WARNING,
            )

    def _keep_pin(self, image: str | None) -> bool:
        """An image pinned by digest (`repo:tag@sha256:...`, in the compose
        file or, standalone, the container's) stays pinned: to the digest
        the registry just gave for the new tag, which is then what is pulled
        and run, so a tag moved meanwhile cannot slip in under the pin."""
        s = self.state
        if not image or split_reference(image).digest is None:
            return False
        s.new_ref = with_tag(s.old_ref or "", s.new_version or "", s.new_digest)
        return True

    async def _pre_update_check(self) -> None:
        s, d = self.state, self.details
        if self.force:
            await self.op.log(f"{s.container_name}: pre-update check skipped (forced)")
            return
        found = await self.deps.prechecks.script_for(
            s.container_name, d.labels, self.script, self.deps.host
        )
        if found is None:
            return
        await self.stage(OperationStatus.PRE_UPDATE_CHECK, 0.08, f"running {found[0]}")
        check = await self.deps.prechecks.run_for(
            name=s.container_name,
            container_id=d.id,
            image=d.image,
            labels=d.labels,
            current_version=s.old_version,
            target_version=s.new_version,
            stack=s.stack_name,
            script_override=self.script,
            host=self.deps.host,
        )
        if check is None:
            return
        await self.op.log(f"{s.container_name}: {check.output}")
        if not check.passed:
            raise InvalidInputError(f"Pre-update check failed: {check.output}")

    async def _write_compose(self) -> None:
        if not self._edits:
            return
        await self.stage(OperationStatus.BACKING_UP, 0.12, "backing up compose files")
        modes = await file_modes(self._edits, self.deps.files)
        for edit, mode in zip(self._edits, modes, strict=True):
            await self.deps.backups.save(
                self.op.operation_id,
                str(edit.path),
                edit.old_bytes,
                mode,
                host=self.deps.host,
            )
        await self.stage(
            OperationStatus.UPDATING_COMPOSE, 0.18, "updating compose files"
        )
        self.state.written = {
            str(e.path): hashlib.sha256(e.new_bytes).hexdigest() for e in self._edits
        }
        await self.persist()
        await write_edits(self._edits, self.deps.files)
        for edit in self._edits:
            await self.op.log(f"edited {edit.path}:\n{edit.diff()}")

    async def _pull(self) -> None:
        s = self.state
        await self.stage(OperationStatus.PULLING_IMAGE, 0.25, f"pulling {s.new_ref}")

        async def report(progress: PullProgress) -> None:
            await self.op.progress(
                OperationStatus.PULLING_IMAGE,
                self.span.at(0.25 + 0.35 * progress.percent / 100),
                f"{s.container_name}: {progress.message}",
            )

        pulled = await self.deps.updater.pull(s.new_ref or "", on_progress=report)
        s.new_image_id = pulled.id
        await self.persist()

    async def _recreate(self) -> None:
        s = self.state
        await self.stage(OperationStatus.RECREATING, 0.65, "recreating the container")
        if await self._is_self():
            await self._hand_over()
            return
        if s.kind is MemberKind.STANDALONE:
            await self._swap_standalone()
            return
        project = self._project or await load_project(self.deps, self.details)
        lines: list[str] = []
        try:
            await self.deps.compose_runner(lines).up(
                project.name or s.stack_name or "",
                [str(p) for p in project.config_files],
                str(project.host_working_dir or project.working_dir),
                [s.service or ""],
                timeout=self.deps.compose_timeout_seconds,
            )
        finally:
            s.recreated = True
            await self.persist()
            if lines:
                await self.op.log("\n".join(lines[-200:]))
        await follow_service(self.deps, self.op, s)
        await self.persist()

    async def _is_self(self) -> bool:
        paths = self.deps.host_paths
        own = await paths.own_id() if paths is not None else None
        return own is not None and own == self.details.id

    async def _hand_over(self) -> None:
        """Docksmith's own container: a helper from the new image recreates it
        and the Docksmith that runs afterwards finishes this operation."""
        s = self.state
        helpers = self.deps.self_helpers
        if helpers is None:
            raise InvalidInputError("self-update is not available here")
        policy = await self._policy()
        project = self._project
        plan = Plan(
            operation_id=self.op.operation_id,
            kind=s.kind,
            container=s.container_name,
            new_ref=s.new_ref or "",
            health_timeout_seconds=policy.health_timeout_seconds,
            stability_seconds=policy.stability_window_seconds,
            project=(project.name if project else None) or s.stack_name or "",
            config_files=[str(p) for p in project.config_files] if project else [],
            working_dir=str(project.host_working_dir or project.working_dir)
            if project
            else "",
            service=s.service or "",
            compose_labels=dict(s.compose_labels),
            originals={
                str(e.path): base64.b64encode(e.old_bytes).decode() for e in self._edits
            },
        )
        s.self_update = True
        s.recreated = True
        await self.persist()
        helper = await helpers.start(
            self.details.id, s.new_ref or "", self.op.operation_id, plan.to_json()
        )
        await self.op.log(
            f"{s.container_name}: this is Docksmith's own container; helper "
            f"{helper[:12]} from {s.new_ref} recreates it, and the new Docksmith "
            "finishes this operation"
        )
        # Normally the helper stops this process first; returning means it
        # ended without replacing Docksmith.
        code, output = await wait_for_helper(
            helpers, self.op.operation_id, policy.health_timeout_seconds + 600
        )
        if output:
            await self.op.log(output)
        raise DockerEngineError(
            f"the self-update helper ended (exit {code}) without replacing Docksmith"
        )

    async def _swap_standalone(self) -> None:
        s = self.state
        policy = await self._policy()

        async def health(name: str) -> HealthOutcome:
            return await self.deps.updater.wait_healthy(
                name,
                timeout_seconds=policy.health_timeout_seconds,
                stability_seconds=policy.stability_window_seconds,
            )

        async def step(message: str) -> None:
            await self.op.log(f"{s.container_name}: {message}")

        # The swap restores the old container by itself when the new one fails.
        outcome = await self.deps.updater.recreate_standalone(
            s.container_name, s.new_ref or "", on_step=step, health=health
        )
        s.recreated = True
        await self.op.log(
            f"{s.container_name}: now {outcome.new_id[:12]} (was {outcome.old_id[:12]})"
        )

    async def _health(self) -> None:
        if self.state.kind is MemberKind.STANDALONE:
            return  # gated inside the swap
        policy = await self._policy()
        await self.stage(
            OperationStatus.HEALTH_CHECK,
            0.8,
            f"waiting for health (timeout {policy.health_timeout_seconds}s, "
            f"stability {policy.stability_window_seconds}s)",
        )
        outcome = await self.deps.updater.wait_healthy(
            self.state.container_name,
            timeout_seconds=policy.health_timeout_seconds,
            stability_seconds=policy.stability_window_seconds,
        )
        if not outcome.ok:
            raise MemberFailedError(f"health check failed: {outcome.message}")
        await self.op.log(f"{self.state.container_name}: {outcome.message}")

    async def _policy(self) -> EffectivePolicy:
        if self._effective is None:
            self._effective = await effective_policy(
                self.deps.policies,
                host=self.deps.host,
                container=self.state.container_name,
                stack=self.state.stack_name,
                labels=self.details.labels,
            )
        return self._effective

    async def _fail(self, message: str) -> None:
        self.state.status = MemberStatus.FAILED
        self.state.message = message
        await self.persist()
        await self._record(success=False)

    async def _undo_edits(self) -> list[str]:
        """Put back the bytes this member replaced (earlier members' edits,
        which those bytes include, stay); a file changed meanwhile is left."""
        if not self.state.written:
            return []  # the edit was never applied
        return await undo_edits(self._edits, self.deps.files)

    async def _recover(self, error: DocksmithError) -> None:
        s = self.state
        await self.op.log(f"{s.container_name}: {error.message}", level=LogLevel.ERROR)
        restored = await self._undo_edits()
        if restored:
            await self.op.log(f"restored {', '.join(restored)}")
        if not s.recreated or s.kind is MemberKind.STANDALONE:
            await self._fail(error.message)
            return
        policy = await self._policy()
        if not policy.auto_rollback:
            await self._fail(
                f"{error.message}; compose file restored, but the container runs "
                f"{s.new_ref} (auto-rollback is off: roll back this operation to "
                f"return to {s.old_ref})"
            )
            return
        await self.stage(
            OperationStatus.ROLLING_BACK,
            0.9,
            f"rolling back to {s.old_ref} ({policy.source} policy)",
        )

        async def rollback_stage(status: OperationStatus, _: int, message: str) -> None:
            # The rollback's health gate is this member's stage too (it stayed
            # rolling_back on the row); its progress follows rolling back's
            # within this member's span, not an absolute figure of the whole.
            await self.record_stage(status, self.span.at(0.95), message)

        try:
            await bring_back_old_image(self.deps, self.op, s, rollback_stage)
        except DocksmithError as exc:
            if await engine_lost(self.deps.updater, exc):
                await self._leave_to_reconciliation(exc)
            await self._fail(f"{error.message}; rollback failed too: {exc.message}")
            return
        s.rollback_occurred = True
        await self._fail(f"{error.message}; rolled back to {s.old_ref}")
        s.status = MemberStatus.ROLLED_BACK
        await self.persist()

    async def _leave_to_reconciliation(self, error: DocksmithError) -> NoReturn:
        """The engine went away mid-way: restoring now would fail half-way
        and any verdict would be blind, so the member keeps its stage and
        what it wrote (the files stay until they are judged) for the
        reconciliation that runs once the engine answers."""
        s = self.state
        await self.persist()
        await leave_to_reconciliation(self.op, s.container_name, s.stage, error)

    async def _record(self, *, success: bool) -> None:
        s = self.state
        await self.deps.history.add_update(
            UpdateLogRecord(
                host=self.deps.host,
                container_name=s.container_name,
                action=UpdateLogAction.UPDATE,
                timestamp=datetime.now(UTC),
                success=success,
                operation_id=self.op.operation_id,
                from_version=s.old_version,
                to_version=s.new_version,
                error=None if success else s.message,
            )
        )
