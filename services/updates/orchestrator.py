"""The update engine's front door: validate a request, record it as an
operation, and hand it to the per-stack scheduler.

Requests fail fast (400/404/409) on what can be known at once: an unknown
container, a target tag the registry does not have, a script outside
SCRIPTS_DIR, a dependency cycle, a container that already has an operation
queued or running. Everything else happens in the operation and is recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from services import inputs
from services.checks.model import CheckResult, ContainerStatus
from services.docker.resources import ContainerDetails
from services.errors import (
    DockerUnavailableError,
    DocksmithError,
    InvalidInputError,
    NotFoundError,
)
from services.operations import OperationHandle, OperationRecorder, OperationStatus
from services.operations.processes import ProcessJournal, current_operation
from services.registry.references import parse_reference
from services.scripts.catalog import ScriptCatalog
from services.store.records import OperationRecord, QueuedOperationRecord
from services.store.repositories import OperationRepository, QueueRepository
from services.updates.claims import ClaimRegistry
from services.updates.context import UpdateDeps
from services.updates.dependencies import Node, update_order
from services.updates.member import PROJECT, SERVICE
from services.updates.reconcile import reconcile_interrupted
from services.updates.requests import BatchItem, BatchStarted, StackOperation, payload
from services.updates.rollbackable import (
    ContainerRollbackInfo,
    mark_rolled_back,
    plan_rollback,
    refuse_moved_image,
    rollback_overview,
)
from services.updates.runs import AfterMember, OperationRuns
from services.updates.scheduler import StackScheduler
from services.updates.state import MemberState
from services.versioning import crossed_label, parse_constraints

log = logging.getLogger(__name__)
Recheck = Callable[[str], Awaitable[CheckResult]]
AfterSuccess = Callable[[list[str]], Awaitable[None]]
KindRunner = Callable[[OperationHandle, dict[str, Any]], Awaitable[None]]
# Rolls back an operation of another module's kind: (original, containers, force).
KindRollback = Callable[
    [OperationRecord, Sequence[str] | None, bool], Awaitable[OperationRecord]
]
_UPDATABLE = (
    ContainerStatus.UPDATE_AVAILABLE,
    ContainerStatus.UPDATE_AVAILABLE_BLOCKED,
)


def stack_key(details: ContainerDetails) -> str:
    """Operations on one compose project run one at a time; standalone
    containers are each their own 'stack'."""
    project = details.labels.get(PROJECT)
    return project if project else f"container:{details.name}"


def new_batch_group_id() -> str:
    return f"bg_{datetime.now(UTC):%Y%m%d%H%M%S}_{secrets.token_hex(4)}"


class UpdateOrchestrator:
    def __init__(
        self,
        deps: UpdateDeps,
        *,
        recorder: OperationRecorder,
        operations: OperationRepository,
        queue: QueueRepository,
        recheck: Recheck,
        after_success: AfterSuccess,
        claims: ClaimRegistry,
        after_member: AfterMember | None = None,
        processes: ProcessJournal | None = None,
    ) -> None:
        self.deps = deps
        self.claims = claims
        self.processes = processes
        self.recorder = recorder
        self.operations = operations
        self.queue = queue
        self.recheck = recheck
        self.runs = (
            OperationRuns(
                deps, after_success, operations=operations, after_member=after_member
            )
            if after_member
            else OperationRuns(deps, after_success, operations=operations)
        )
        self._kinds: dict[str, KindRunner] = {
            "update": self.runs.run_update,
            "rollback": self.runs.run_rollback,
            "fix_mismatch": self.runs.run_fix_mismatch,
        }
        self._rollbacks: dict[str, KindRollback] = {}
        self.scheduler = StackScheduler(queue, self._dispatch, self._starting)
        self._retry_task: asyncio.Task[None] | None = None

    # -- lifecycle -----------------------------------------------------------

    async def start(self, retry_seconds: float = 10.0) -> None:
        """Reconcile what a previous process left mid-flight, then resume the
        queue. Without an engine that is retried in the background: nothing is
        settled blind."""
        try:
            await self._start_once()
        except DockerUnavailableError as exc:
            log.warning("start-up reconciliation waits for Docker: %s", exc.message)
            self._retry_task = asyncio.create_task(self._retry_start(retry_seconds))

    async def _start_once(self) -> None:
        async def resume_rollback(
            op: OperationHandle, state: MemberState, original: str, needed: bool
        ) -> None:
            if needed:
                await self.runs.roll_back_member(op, state, original, True)
            await mark_rolled_back(self.operations, original, [state.container_name])

        # A compose run or script the killed server started may still be
        # changing containers: judge nothing before it has ended.
        survivors = await self.processes.wait_for_survivors() if self.processes else []
        await reconcile_interrupted(
            self.deps,
            self.recorder,
            self.operations,
            self.queue,
            resume_rollback=resume_rollback,
            survivors=survivors,
        )
        for record in await self.queue.pending():
            self.claims.adopt(record.containers, record.operation_id)
        await self.scheduler.resume()

    async def _retry_start(self, retry_seconds: float) -> None:
        while True:
            await asyncio.sleep(retry_seconds)
            try:
                await self._start_once()
            except DockerUnavailableError:
                continue
            log.info("interrupted operations reconciled once Docker answered")
            return

    async def close(self, grace_seconds: float = 10.0) -> None:
        if self._retry_task is not None:
            self._retry_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._retry_task
        await self.scheduler.close(grace_seconds)

    def active_operation(self, container: str) -> str | None:
        return self.claims.holder(container)

    def register(self, kind: str, runner: KindRunner) -> None:
        """Let another module run its own operation kind through the same
        queue, locks and crash handling (label changes, restarts...)."""
        self._kinds[kind] = runner

    def register_rollback(self, operation_type: str, rollback: KindRollback) -> None:
        """Let `rollback()` undo operations of another module's type."""
        self._rollbacks[operation_type] = rollback

    async def submit(
        self,
        kind: str,
        operation_type: str,
        stack: str,
        names: list[str],
        data: dict[str, Any],
        **fields: Any,
    ) -> OperationRecord:
        """Queue an operation of a registered kind (see `register`)."""
        if kind not in self._kinds:
            raise ValueError(f"unknown operation kind {kind!r}")
        return await self._submit(
            operation_type, stack, names, payload(kind, **data), **fields
        )

    # -- requests --------------------------------------------------------------

    async def _inspect(self, name: str) -> ContainerDetails:
        if self.deps.host_paths is not None:
            await self.deps.host_paths.mapper()  # compose paths need it from here on
        try:
            return await self.deps.engine.inspect_container(name)
        except NotFoundError:
            raise NotFoundError(f"container not found: {name}") from None

    def _reserve(self, names: Sequence[str]) -> contextlib.AbstractContextManager[str]:
        """Hold `names` for one request across its awaits (checks, registry
        lookups), so nothing else starts on them meanwhile; released after."""
        return self.claims.held(names, "request")

    async def _target(
        self, details: ContainerDetails, version: str | None, force: bool
    ) -> str:
        if version:
            if not force:
                _refuse_crossed_labels(details, version)
            await self._verify_tag(details, version)
            return version
        result = await self.recheck(details.name)
        if result.status in _UPDATABLE and result.latest_tag:
            if result.status is ContainerStatus.UPDATE_AVAILABLE_BLOCKED and not force:
                raise InvalidInputError(
                    f"the update of {details.name} is blocked by its pre-update check: "
                    f"{result.reason} (use force to update anyway)"
                )
            return result.latest_tag
        detail = (
            f": {result.error or result.reason}"
            if (result.error or result.reason)
            else ""
        )
        raise InvalidInputError(
            f"no update available for {details.name} (status {result.status}){detail}; "
            "give a version to update to a specific tag"
        )

    async def _verify_tag(self, details: ContainerDetails, version: str) -> None:
        try:
            ref = parse_reference(details.image).repository_only().with_tag(version)
        except DocksmithError as exc:
            raise InvalidInputError(
                f"invalid version {version!r}: {exc.message}"
            ) from exc
        try:
            await self.deps.registry.get_digest(ref)
        except NotFoundError:
            raise InvalidInputError(
                f"tag {version} does not exist for {ref.familiar()}"
            ) from None

    async def _submit(
        self,
        operation_type: str,
        stack: str,
        names: list[str],
        data: dict[str, Any],
        *,
        owner: str | None = None,
        **fields: Any,
    ) -> OperationRecord:
        # Claimed before the first await, so two requests for one container
        # cannot both pass the check; released if recording or queueing fails.
        held = f"(starting {secrets.token_hex(4)})"
        self.claims.take(names, held, replacing=owner)
        try:
            handle = await self.recorder.start(
                operation_type,
                fields.pop("container_name", names[0]),
                status=OperationStatus.QUEUED,
                **fields,
            )
            self.claims.take(names, handle.operation_id, replacing=held)
            held = handle.operation_id
            started = await self.scheduler.submit(
                QueuedOperationRecord(
                    operation_id=handle.operation_id,
                    stack_name=stack,
                    operation_type=operation_type,
                    containers=names,
                    queued_at=datetime.now(UTC),
                    payload=data,
                )
            )
        except BaseException:
            self.claims.release(names, held)
            raise
        if not started:
            await handle.log(
                f"queued behind {self.scheduler.running(stack)} on stack {stack}"
            )
        return await self.operations.get(handle.operation_id)

    async def update(
        self,
        container: str,
        *,
        version: str | None = None,
        script: str | None = None,
        force: bool = False,
    ) -> OperationRecord:
        inputs.docker_name(container)
        if version is not None:
            inputs.tag(version)
        if script is not None:
            ScriptCatalog(self.deps.scripts_dir).resolve(script)
        details = await self._inspect(container)
        with self._reserve([details.name]) as owner:
            target = await self._target(details, version, force)
            member = MemberState(container_name=details.name, new_version=target)
            data = payload(
                "update", members=[member.as_dict()], force=force, script=script
            )
            return await self._submit(
                "update",
                stack_key(details),
                [details.name],
                data,
                owner=owner,
                container_id=details.id,
                stack_name=details.labels.get(PROJECT),
                old_version=_tag_of(details.image),
                new_version=target,
                forced=force,
            )

    async def batch(
        self, items: Sequence[BatchItem], *, force: bool = False
    ) -> BatchStarted:
        if not items:
            raise InvalidInputError("containers is empty: name at least one container")
        for item in items:
            inputs.docker_name(item.container, "containers")
            if item.version is not None:
                inputs.tag(item.version)
        details = [await self._inspect(item.container) for item in items]
        names = [d.name for d in details]
        if len(set(names)) != len(names):
            raise InvalidInputError("a container is listed twice")
        with self._reserve(names) as owner:
            order = update_order(await self._nodes(details))
            by_name = {
                d.name: (d, item) for d, item in zip(details, items, strict=True)
            }
            group = new_batch_group_id()
            stacks: dict[str, list[MemberState]] = {}
            skipped: dict[str, str] = {}
            for name in order:
                d, item = by_name[name]
                try:
                    target = await self._target(d, item.version, force)
                except InvalidInputError as exc:
                    skipped[name] = exc.message
                    continue
                stacks.setdefault(stack_key(d), []).append(
                    MemberState(
                        container_name=name,
                        new_version=target,
                        stack_name=d.labels.get(PROJECT),
                    )
                )
            if not stacks:
                raise InvalidInputError(
                    "nothing to update: "
                    + "; ".join(f"{n}: {m}" for n, m in skipped.items())
                )
            started = []
            for stack, members in stacks.items():
                members_names = [m.container_name for m in members]
                data = payload(
                    "update", members=[m.as_dict() for m in members], force=force
                )
                summary = (
                    members_names[0]
                    if len(members) == 1
                    else f"{len(members)} containers"
                )
                record = await self._submit(
                    "batch",
                    stack,
                    members_names,
                    data,
                    container_name=summary,
                    stack_name=members[0].stack_name,
                    batch_group_id=group,
                    forced=force,
                    batch_details=[m.as_dict() for m in members],
                    owner=owner,
                )
                started.append(
                    StackOperation(
                        stack=stack,
                        containers=members_names,
                        operation_id=record.operation_id,
                        status=record.status,
                    )
                )
            return BatchStarted(
                batch_group_id=group, operations=started, skipped=skipped
            )

    async def _nodes(self, details: list[ContainerDetails]) -> list[Node]:
        nodes = []
        for d in details:
            depends: tuple[str, ...] = ()
            network_mode = d.network_mode or None
            if d.labels.get(SERVICE):
                try:
                    project = await self.deps.load_project(d.labels)
                    service = project.service(d.labels[SERVICE])
                    depends, network_mode = service.depends_on, service.network_mode
                except DocksmithError as exc:
                    log.info("no compose dependencies for %s: %s", d.name, exc)
            nodes.append(
                Node(
                    name=d.name,
                    service=d.labels.get(SERVICE),
                    stack=d.labels.get(PROJECT),
                    depends_on=depends,
                    network_mode=network_mode,
                    labels=d.labels,
                )
            )
        return nodes

    async def rollback(
        self,
        operation_id: str,
        *,
        containers: Sequence[str] | None = None,
        force: bool = False,
    ) -> OperationRecord:
        if containers is not None:
            inputs.docker_names(containers)
        original = await self.operations.get(operation_id)
        if original.operation_type in self._rollbacks:
            return await self._rollbacks[original.operation_type](
                original, containers, force
            )
        chosen = plan_rollback(original, containers, force=force)
        if not force:
            for s in chosen:
                await refuse_moved_image(self.deps.load_project, operation_id, s)
        details = await self._inspect(chosen[0].container_name)
        data = payload(
            "rollback",
            members=[s.as_dict() for s in chosen],
            original_operation_id=operation_id,
            force=force,
        )
        return await self._submit(
            "rollback",
            stack_key(details),
            [s.container_name for s in chosen],
            data,
            container_name=chosen[0].container_name
            if len(chosen) == 1
            else f"{len(chosen)} containers",
            stack_name=original.stack_name,
            rollback_of=operation_id,
            old_version=chosen[0].new_version,
            new_version=chosen[0].old_version,
            forced=force,
        )

    async def rollback_overview(self) -> dict[str, ContainerRollbackInfo]:
        """Whether each container's latest update can be rolled back, by the
        rule `rollback()` applies."""
        return await rollback_overview(self.operations, self.deps.load_project)

    async def fix_mismatch(self, container: str) -> OperationRecord:
        inputs.docker_name(container)
        details = await self._inspect(container)
        if not details.labels.get(SERVICE):
            raise InvalidInputError(f"{details.name} is not managed by docker compose")
        project = await self.deps.load_project(details.labels)
        image = project.resolved_image(details.labels[SERVICE])
        if not image:
            raise InvalidInputError(
                "failed to extract image from compose file: no image key found for "
                f"service {details.labels[SERVICE]}"
            )
        data = payload("fix_mismatch", container=details.name)
        return await self._submit(
            "fix_mismatch",
            stack_key(details),
            [details.name],
            data,
            container_id=details.id,
            stack_name=details.labels.get(PROJECT),
            old_version=details.image,
            new_version=image,
        )

    # -- running ---------------------------------------------------------------

    async def _starting(self, record: QueuedOperationRecord) -> None:
        op = await self.recorder.resume(record.operation_id)
        await op.stage(OperationStatus.VALIDATING, 0, "starting")

    async def _dispatch(self, record: QueuedOperationRecord) -> None:
        data = record.payload or {}
        op: OperationHandle | None = None
        # Every compose/script process started below is recorded under it.
        current_operation.set(record.operation_id)
        try:
            op = await self.recorder.resume(record.operation_id)
            if self.deps.host_paths is not None:
                await self.deps.host_paths.mapper()
            runner = self._kinds.get(str(data.get("kind")))
            if runner is None:
                await op.fail(f"unknown operation kind {data.get('kind')!r}")
            else:
                await runner(op, data)
        except DocksmithError as exc:
            await self._fail_unless_finished(op, exc.message)
        except Exception as exc:
            log.exception("operation %s failed unexpectedly", record.operation_id)
            await self._fail_unless_finished(
                op, f"unexpected error: {type(exc).__name__}: {exc}"
            )
        finally:
            self.claims.release(record.containers, record.operation_id)

    async def _fail_unless_finished(
        self, op: OperationHandle | None, message: str
    ) -> None:
        """An error after an operation ended (a follow-up step) must not turn a
        completed update into a failed one: it is logged as a warning instead."""
        if op is None:
            return
        if op.record.status in ("complete", "failed"):
            await op.log(f"after the operation ended: {message}", level="warning")
        else:
            await op.fail(message)


def _refuse_crossed_labels(details: ContainerDetails, version: str) -> None:
    """An explicit version outside the container's pin or bounds is refused
    (naming the label) unless forced; the check's own choice never is."""
    crossed = crossed_label(
        _tag_of(details.image), version, parse_constraints(details.labels)
    )
    if crossed is not None:
        raise InvalidInputError(
            f"{details.name}: {crossed}; use force to update to {version} anyway"
        )


def _tag_of(image: str) -> str:
    try:
        return parse_reference(image).tag_or_latest
    except DocksmithError:
        return image
