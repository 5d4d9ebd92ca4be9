"""`Lifecycle`: the front door for label changes and restarts, and
`LifecycleRunners`: their operation kinds and the after-update hook, given
to the `OperationQueue` and the update runs at construction.

Requests fail fast (400/404/409) on what is known at once (unknown
container, invalid label values, a script outside SCRIPTS_DIR, a container
that already has an operation); the work runs as a queued operation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from services import inputs
from services.auth.principal import Principal
from services.docker.resources import ContainerDetails
from services.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from services.events import EventBus
from services.hosts import DEFAULT_HOST
from services.lifecycle.actions import POST_UPDATE, PostUpdateRunner
from services.lifecycle.dependants import RestartEngine, Restarter
from services.lifecycle.label_ops import (
    ContainerLabels,
    LabelRuns,
    Refresh,
    compose_target,
    describe,
    plan,
    refuse_moved,
    restoring,
)
from services.lifecycle.labels import (
    LabelChange,
    LabelProblem,
    check_change,
    check_exec_allowed,
    check_scope,
    managed_values,
    single_label_problems,
    validate,
)
from services.lifecycle.restarts import RestartRuns
from services.operations import OperationStatus, OperationType, RunKind
from services.operations.recorder import OperationHandle
from services.store.records import OperationRecord
from services.updates.claims import ClaimRegistry
from services.updates.context import UpdateDeps
from services.updates.dependencies import levels
from services.updates.member import PROJECT
from services.updates.orchestrator import stack_key
from services.updates.queueing import KindRunner, OperationQueue
from services.updates.state import MemberState, MemberStatus


class LifecycleRunners:
    """What runs inside lifecycle operations (label changes, restarts) and
    after each updated or rolled back container; built before the
    `OperationQueue`, which runs its kinds."""

    def __init__(
        self,
        deps: UpdateDeps,
        *,
        engine: RestartEngine,
        events: EventBus,
        refresh: Refresh,
        claims: ClaimRegistry,
        allow_exec: bool = False,
        script_timeout_seconds: float = 60.0,
        engines: Callable[[str], RestartEngine] | None = None,
    ) -> None:
        self.deps = deps
        self.engine = engine
        self.claims = claims
        # Another host's engine, for work done after an update on that host.
        self.engines = engines
        self.allow_exec = allow_exec
        self.script_timeout_seconds = script_timeout_seconds
        self.events = events
        self.refresh = refresh
        self.restarter = Restarter(deps, engine, claims)
        self.labels = LabelRuns(self.restarter, refresh)
        self.restarts = RestartRuns(self.restarter, events)
        self.post_update = PostUpdateRunner(
            deps, engine, claims, allow_exec, script_timeout_seconds
        )

    def on(self, host: str) -> tuple[RestartEngine, Restarter, PostUpdateRunner]:
        """What acts after an update of `host`: its engine, restarter and
        post-update runner (claims on that host)."""
        deps = self.deps.on(host)
        if deps is self.deps:
            return self.engine, self.restarter, self.post_update
        if self.engines is None:
            raise NotFoundError(f"host not found: {host}")
        engine = self.engines(host)
        return (
            engine,
            Restarter(deps, engine, self.claims),
            PostUpdateRunner(
                deps, engine, self.claims, self.allow_exec, self.script_timeout_seconds
            ),
        )

    def engine_on(self, host: str) -> RestartEngine:
        return self.on(host)[0]

    def kinds(self) -> dict[RunKind, KindRunner]:
        """The lifecycle's operation kinds, for the `OperationQueue`; each
        runs on the host its operation was recorded for."""

        async def label_change(op: OperationHandle, data: dict[str, Any]) -> None:
            restarter = self.on(op.record.host)[1]
            await LabelRuns(restarter, self.refresh).run_label_change(op, data)

        async def restart(op: OperationHandle, data: dict[str, Any]) -> None:
            restarter = self.on(op.record.host)[1]
            await RestartRuns(restarter, self.events).run_restart(op, data)

        async def stack_restart(op: OperationHandle, data: dict[str, Any]) -> None:
            restarter = self.on(op.record.host)[1]
            await RestartRuns(restarter, self.events).run_stack_restart(op, data)

        return {
            RunKind.LABEL_CHANGE: label_change,
            RunKind.RESTART: restart,
            RunKind.STACK_RESTART: stack_restart,
        }

    async def after_member(
        self, op: OperationHandle, state: MemberState, action: str
    ) -> None:
        async def log_to(text: str, level: str) -> None:
            await op.log(text, level)

        engine, restarter, post_update = self.on(op.record.host)
        details = await engine.inspect_container(state.container_name)
        if action == "update":
            await post_update.run(
                details,
                log=log_to,
                facts={
                    "CONTAINER_NAME": details.name,
                    "CONTAINER_ID": details.id,
                    "IMAGE": details.image,
                    "CURRENT_VERSION": state.new_version or "",
                    "PREVIOUS_VERSION": state.old_version or "",
                    "TARGET_VERSION": state.new_version or "",
                    "STACK": state.stack_name or "",
                },
                owner=op.operation_id,
            )
        done = await restarter.restart_dependants(
            [state.container_name], force=bool(op.record.forced), log_to=log_to
        )
        if done:
            affected = sorted({*(op.record.dependents_affected or []), *done})
            await op.set(dependents_affected=affected)


class Lifecycle:
    """Label changes and restarts as requests: validated here, run as queued
    operations by the `OperationQueue` with `LifecycleRunners`' kinds."""

    def __init__(
        self,
        deps: UpdateDeps,
        *,
        runners: LifecycleRunners,
        queue: OperationQueue,
        engine: RestartEngine,
        allow_exec: bool = False,
    ) -> None:
        self.deps = deps
        self.engine = engine
        self.allow_exec = allow_exec
        self.runners = runners
        self.restarter = runners.restarter
        self.updates = queue

    async def _inspect(self, name: str, host: str = DEFAULT_HOST) -> ContainerDetails:
        try:
            return await self.runners.engine_on(host).inspect_container(name)
        except NotFoundError:
            where = "" if host == DEFAULT_HOST else f" on host {host}"
            raise NotFoundError(f"container not found: {name}{where}") from None

    # -- labels -----------------------------------------------------------------

    async def get_labels(
        self, container: str, host: str = DEFAULT_HOST
    ) -> ContainerLabels:
        details = await self._inspect(container, host)
        return await describe(self.deps.on(host), details)

    async def check_labels(
        self,
        container: str,
        change: LabelChange,
        host: str = DEFAULT_HOST,
        *,
        by: Principal,
    ) -> list[LabelProblem]:
        """What `change_labels` would refuse about `change` asked `by` that
        principal, without changing anything: each label's own problems
        first, then those of the whole result (with the labels kept) and of
        its compose file."""
        inputs.docker_name(container)
        problems = single_label_problems(
            change, scripts_dir=self.deps.scripts_dir, allow_exec=self.allow_exec
        )
        try:
            check_scope(change, by)
        except ForbiddenError as exc:
            problems.append(LabelProblem(POST_UPDATE, exc.message))
        if problems:
            return problems
        details = await self._inspect(container, host)
        try:
            check_change(
                change, scripts_dir=self.deps.scripts_dir, allow_exec=self.allow_exec
            )
            validate(
                change,
                details.labels,
                scripts_dir=self.deps.scripts_dir,
                allow_exec=self.allow_exec,
            )
            project, service = await compose_target(self.deps.on(host), details)
            await plan(project, service, change, self.deps.on(host).files)
        except InvalidInputError as exc:
            return [LabelProblem(None, exc.message)]
        return []

    async def change_labels(
        self,
        container: str,
        change: LabelChange,
        *,
        no_restart: bool = False,
        force: bool = False,
        host: str = DEFAULT_HOST,
        by: Principal,
    ) -> OperationRecord:
        """Set and remove labels in `container`'s compose file and recreate
        it, asked `by` that principal (an exec: action needs admin)."""
        inputs.docker_name(container)
        check_change(
            change, scripts_dir=self.deps.scripts_dir, allow_exec=self.allow_exec
        )
        check_scope(change, by)
        details = await self._inspect(container, host)
        validate(
            change,
            details.labels,
            scripts_dir=self.deps.scripts_dir,
            allow_exec=self.allow_exec,
        )
        project, service = await compose_target(self.deps.on(host), details)
        # A label neither the container nor its file has is not removed.
        change = change.present(details.labels, project.service(service).labels)
        # Refuse now what cannot be edited.
        await plan(project, service, change, self.deps.on(host).files)
        return await self._submit_labels(details, change, no_restart, force, host=host)

    async def _submit_labels(
        self,
        details: ContainerDetails,
        change: LabelChange,
        no_restart: bool,
        force: bool,
        rollback_of: str | None = None,
        *,
        host: str,
    ) -> OperationRecord:
        changed: dict[str, str] = {**change.set, **dict.fromkeys(change.remove, "")}
        return await self.updates.submit(
            RunKind.LABEL_CHANGE,
            OperationType.LABEL_CHANGE,
            stack_key(details),
            # Recreating it recreates every container of its compose service.
            await self.updates.with_replicas([details], host),
            {
                "container": details.name,
                "set": change.set,
                "remove": change.remove,
                "no_restart": no_restart,
                "force": force,
            },
            host=host,
            container_id=details.id,
            stack_name=details.labels.get(PROJECT),
            old_version=json.dumps(managed_values(details.labels), sort_keys=True),
            new_version=json.dumps(changed, sort_keys=True),
            forced=force,
            rollback_of=rollback_of,
        )

    async def rollback_labels(
        self,
        original: OperationRecord,
        containers: Sequence[str] | None,
        force: bool,
        *,
        by: Principal,
    ) -> OperationRecord:
        """Undo `original`, asked `by` that principal: putting back an exec:
        action needs admin as setting one does, whoever had set it, and is
        refused while ALLOW_EXEC_ACTIONS is off."""
        if original.status is not OperationStatus.COMPLETE:
            raise InvalidInputError(
                f"{original.operation_id} did not complete; there is nothing to undo"
            )
        if original.rollback_occurred and not force:
            raise ConflictError(f"{original.operation_id} was already rolled back")
        if containers and set(containers) != {original.container_name}:
            raise NotFoundError(
                f"{original.operation_id} changed the labels of {original.container_name} only"
            )
        undo = restoring(original)
        check_exec_allowed(undo, allow_exec=self.allow_exec)
        check_scope(undo, by)
        host = original.host
        details = await self._inspect(original.container_name, host)
        project, service = await compose_target(self.deps.on(host), details)
        if not force:
            current = {k: v.value for k, v in project.service(service).labels.items()}
            refuse_moved(original, current)
        await plan(project, service, undo, self.deps.on(host).files)
        [detail] = original.batch_details or [{}]
        return await self._submit_labels(
            details,
            undo,
            bool(detail.get("no_restart")),
            force,
            rollback_of=original.operation_id,
            host=host,
        )

    # -- restarts ---------------------------------------------------------------

    async def restart(
        self, container: str, *, force: bool = False, host: str = DEFAULT_HOST
    ) -> OperationRecord:
        details = await self._inspect(container, host)
        return await self.updates.submit(
            RunKind.RESTART,
            OperationType.RESTART,
            stack_key(details),
            [details.name],
            {"container": details.name, "force": force},
            host=host,
            container_id=details.id,
            stack_name=details.labels.get(PROJECT),
            forced=force,
        )

    async def restart_stack(
        self, stack: str, *, force: bool = False, host: str = DEFAULT_HOST
    ) -> OperationRecord:
        inputs.docker_name(stack, "stack")
        _engine, restarter, _post = self.runners.on(host)
        members = [
            c.name
            for c in await restarter.engine.list_containers(
                include_stopped=False, labels={PROJECT: stack}
            )
        ]
        if not members:
            where = "" if host == DEFAULT_HOST else f" on host {host}"
            raise NotFoundError(f"no running containers in stack {stack}{where}")
        details = [await self._inspect(n, host) for n in members]
        levels([await restarter.node(d) for d in details])  # cycle -> 400 now
        return await self.updates.submit(
            RunKind.STACK_RESTART,
            OperationType.RESTART,
            stack,
            members,
            {"containers": members, "force": force},
            host=host,
            container_name=stack,
            stack_name=stack,
            forced=force,
            batch_details=[
                {"container_name": n, "status": MemberStatus.PENDING} for n in members
            ],
        )
