"""The update engine's front door: validate and plan a request, then hand
it to the `OperationQueue` (claims, record, per-stack scheduler); the tag it
goes to comes from `targets`, the rollback rule from `rollbackable`.

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
from collections.abc import Awaitable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Protocol

from services import inputs
from services.auth.principal import Principal
from services.docker.resources import ContainerDetails
from services.errors import (
    DockerUnavailableError,
    DocksmithError,
    InvalidInputError,
    NotFoundError,
)
from services.hosts import DEFAULT_HOST
from services.operations import OperationType, RunKind
from services.operations.processes import ProcessJournal, Survivor
from services.operations.recorder import OperationHandle, OperationRecorder
from services.scripts.catalog import ScriptCatalog
from services.store.records import OperationRecord
from services.store.repositories import OperationRepository, QueueRepository
from services.updates.context import UpdateDeps
from services.updates.dependencies import Node, update_order
from services.updates.interruption import Interruption
from services.updates.member import PROJECT, SERVICE
from services.updates.queueing import OperationQueue, along_with
from services.updates.reconcile import (
    ResumeRollback,
    containers_of,
    hold_unfinished,
    reconcile_interrupted,
    unfinished_statuses,
)
from services.updates.requests import BatchItem, BatchStarted, StackOperation
from services.updates.rollbackable import (
    ContainerRollbackInfo,
    mark_rolled_back,
    plan_rollback,
    refuse_moved_image,
    rollback_overview,
)
from services.updates.runs import OperationRuns
from services.updates.selfupdate import wait_for_helper
from services.updates.state import MemberKind, MemberState, starting_over
from services.updates.targets import TargetResolver, tag_of

log = logging.getLogger(__name__)


# Rolls back an operation of another module's kind: (original, containers, force).
class KindRollback(Protocol):
    """Rolls back an operation of another kind than an update (a label
    change), asked `by` a principal: the kind decides what that may undo."""

    def __call__(
        self,
        original: OperationRecord,
        containers: Sequence[str] | None,
        force: bool,
        *,
        by: Principal,
    ) -> Awaitable[OperationRecord]: ...


def stack_key(details: ContainerDetails) -> str:
    """Operations on one compose project (of one host: the queue is per
    host) run one at a time; standalone containers are each their own
    'stack'."""
    project = details.labels.get(PROJECT)
    return project if project else f"container:{details.name}"


def new_batch_group_id() -> str:
    return f"bg_{datetime.now(UTC):%Y%m%d%H%M%S}_{secrets.token_hex(4)}"


class UpdateOrchestrator:
    """The front door for updates, batches, rollbacks and fix-mismatch: it
    validates and plans, then hands the work to the `OperationQueue`; at
    start-up it settles what a previous process left mid-flight."""

    def __init__(
        self,
        deps: UpdateDeps,
        *,
        queue: OperationQueue,
        runs: OperationRuns,
        targets: TargetResolver,
        recorder: OperationRecorder,
        operations: OperationRepository,
        queued: QueueRepository,
        rollbacks: Mapping[OperationType, KindRollback] | None = None,
        processes: ProcessJournal | None = None,
    ) -> None:
        self.deps = deps
        self.queue = queue
        self.runs = runs
        self.targets = targets
        self.recorder = recorder
        self.operations = operations
        self.queued = queued
        # Other modules' operation types `rollback()` can undo (label changes).
        self.rollbacks = dict(rollbacks or {})
        self.processes = processes
        self._retry_task: asyncio.Task[None] | None = None
        self._lost_task: asyncio.Task[None] | None = None
        self._deferred: list[asyncio.Task[None]] = []
        self._survivors: list[Survivor] | None = None

    # -- lifecycle -----------------------------------------------------------

    async def start(self, retry_seconds: float = 10.0) -> None:
        """Reconcile what a previous process left mid-flight, then resume the
        queue. A host whose engine does not answer is retried in the
        background, alone: its operations stay unsettled (nothing is settled
        blind) and its queued work waits, while every other host's goes on."""
        waiting = await self._start_once()
        if waiting:
            self._retry_task = asyncio.create_task(
                self._retry_start(retry_seconds, waiting)
            )
        if self._lost_task is None:
            self._lost_task = asyncio.create_task(self._settle_lost(retry_seconds))

    async def _start_once(self, hosts: set[str] | None = None) -> set[str]:
        """Settle the interrupted operations of `hosts` (at first: of every
        host that has some) and resume their queues. Returns the hosts
        still waiting for their engine."""
        if hosts is None:
            # Once: a retry re-adopting would hand a claim back to an
            # operation that started and ended meanwhile.
            await hold_unfinished(self.operations, self.queue.claims)

        resume_rollback = self._resume_rollback
        if hosts is None:
            # Queued operations own their containers from the first moment,
            # whether or not their host's engine answers yet.
            for record in await self.queued.pending():
                self.queue.claims.adopt(
                    record.containers, record.operation_id, host=record.host
                )
        # A compose run or script the killed server started may still be
        # changing containers: judge nothing before it has ended.
        if self._survivors is None:
            self._survivors = (
                await self.processes.wait_for_survivors() if self.processes else []
            )
        if hosts is None:
            unfinished = await self.operations.in_statuses(unfinished_statuses())
            hosts = {r.host for r in unfinished}
        # Until its interrupted operations are settled, a host starts nothing.
        self.queue.scheduler.hold(hosts)
        # A self-update's helper container is the one actor until it exits
        # (it may be waiting for this very process to become healthy), so
        # its operation is settled afterwards, in the background.
        deferred: set[str] = set()
        blocked: set[str] = set()
        if DEFAULT_HOST in hosts:
            try:
                deferred = await self._self_updates_in_flight()
            except DockerUnavailableError as exc:
                log.warning("start-up reconciliation waits for Docker: %s", exc.message)
                blocked.add(DEFAULT_HOST)

        async def settle(host: str) -> str | None:
            try:
                await reconcile_interrupted(
                    self.deps,
                    self.recorder,
                    self.operations,
                    self.queued,
                    claims=self.queue.claims,
                    resume_rollback=resume_rollback,
                    survivors=self._survivors or (),
                    skip=deferred,
                    host=host,
                )
            except DockerUnavailableError as exc:
                log.warning(
                    "start-up reconciliation on host %s waits for its engine: %s",
                    host,
                    exc.message,
                )
                return host
            return None

        # Hosts apart, so a slow or down engine delays only its own.
        results = await asyncio.gather(*(settle(h) for h in sorted(hosts - blocked)))
        waiting = blocked | {h for h in results if h is not None}
        if DEFAULT_HOST in hosts and DEFAULT_HOST not in waiting:
            for operation_id in deferred:
                self._deferred.append(
                    asyncio.create_task(
                        self._after_helper(operation_id, resume_rollback)
                    )
                )
        self.queue.scheduler.release(hosts - waiting)
        await self.queue.scheduler.resume()
        return waiting

    async def _resume_rollback(
        self, op: OperationHandle, state: MemberState, original: str, needed: bool
    ) -> None:
        if needed:
            await self.runs.on(op.record.host).roll_back_member(
                op, state, original, True
            )
        await mark_rolled_back(self.operations, original, [state.container_name])

    async def _settle_lost(self, retry_seconds: float) -> None:
        """Settle the operations whose engine went away mid-way (the queue
        keeps them unsettled, with their claims and their host held), as
        start-up reconciliation would, once their engine answers again."""
        lost = self.queue.lost
        while True:
            await self.queue.engine_lost.wait()
            for host in sorted(lost):
                ids = set(lost[host])
                if not await self._settle_host(host, ids):
                    continue
                lost[host] -= ids
                if not lost[host]:
                    del lost[host]
                    self.queue.scheduler.release({host})
                    await self.queue.scheduler.resume()
            if lost:
                await asyncio.sleep(retry_seconds)
            else:
                self.queue.engine_lost.clear()

    async def _settle_host(self, host: str, operation_ids: set[str]) -> bool:
        """True once `operation_ids` of `host` were judged (settled, or left
        with their reason when they could not be: see reconcile)."""
        try:
            if not await self.deps.on(host).updater.answers():
                return False
            await reconcile_interrupted(
                self.deps,
                self.recorder,
                self.operations,
                self.queued,
                claims=self.queue.claims,
                resume_rollback=self._resume_rollback,
                only=operation_ids,
                host=host,
                cause=Interruption.ENGINE_LOST,
            )
        except DockerUnavailableError as exc:
            log.warning("operations on host %s wait for its engine: %s", host, exc)
            return False
        except Exception:
            # A bug must not end the loop that settles every other host, nor
            # be retried forever: as at start-up, what could not be settled
            # keeps its stage and its claims until Docksmith starts again.
            log.exception("settling operations on host %s failed", host)
            return True
        log.warning(
            "settled %d operation(s) interrupted by host %s's engine going away",
            len(operation_ids),
            host,
        )
        return True

    async def _self_updates_in_flight(self) -> set[str]:
        """Unfinished operations whose self-update helper container exists
        (asked only when something is unfinished: no engine call otherwise)."""
        helpers = self.deps.self_helpers
        if helpers is None:
            return set()
        unfinished = {
            r.operation_id
            for r in await self.operations.in_statuses(unfinished_statuses())
        }
        return unfinished & await helpers.operations() if unfinished else set()

    async def _after_helper(
        self, operation_id: str, resume_rollback: ResumeRollback
    ) -> None:
        """Settle a self-update once its helper container has exited, holding
        the operation's containers meanwhile."""
        helpers = self.deps.self_helpers
        if helpers is None:
            return
        try:
            record = await self.operations.get(operation_id)
        except NotFoundError:
            return  # the helper of another Docksmith (another database)
        names, host = containers_of(record), record.host
        self.queue.claims.adopt(names, operation_id, host=host)
        try:
            _code, output = await wait_for_helper(helpers, operation_id, 3600)
            record = await self.operations.get(operation_id)
            if not record.status.finished:
                op = await self.recorder.resume(operation_id)
                if output:
                    await op.log(f"self-update helper:\n{output}")
                await reconcile_interrupted(
                    self.deps,
                    self.recorder,
                    self.operations,
                    self.queued,
                    claims=self.queue.claims,
                    resume_rollback=resume_rollback,
                    only={operation_id},
                )
        except DocksmithError as exc:
            log.error("settling self-update %s: %s", operation_id, exc.message)
        finally:
            self.queue.claims.release(names, operation_id, host=host)

    async def _retry_start(self, retry_seconds: float, waiting: set[str]) -> None:
        while waiting:
            await asyncio.sleep(retry_seconds)
            waiting = await self._start_once(waiting)
        log.info("interrupted operations reconciled once Docker answered")

    async def close(self, grace_seconds: float = 10.0) -> None:
        for task in self._deferred:
            task.cancel()
        if self._lost_task is not None:
            self._lost_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._lost_task
        if self._retry_task is not None:
            self._retry_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._retry_task
        await self.queue.scheduler.close(grace_seconds)

    def active_operation(self, container: str, host: str = DEFAULT_HOST) -> str | None:
        return self.queue.active_operation(container, host)

    def _refuse_read_only(self, details: ContainerDetails, host: str) -> None:
        """A compose container of a host without file access cannot be
        updated here: the edit would have to happen where its files are."""
        if details.labels.get(SERVICE) and details.labels.get(PROJECT):
            self.deps.on(host).refuse_compose_edits(details.name)

    # -- requests --------------------------------------------------------------

    async def update(
        self,
        container: str,
        *,
        version: str | None = None,
        script: str | None = None,
        force: bool = False,
        host: str = DEFAULT_HOST,
    ) -> OperationRecord:
        inputs.docker_name(container)
        if version is not None:
            inputs.tag(version)
        if script is not None:
            ScriptCatalog(self.deps.scripts_dir).resolve(script)
        details = await self.queue.inspect(container, host)
        self._refuse_read_only(details, host)
        # A compose update recreates every container of the service.
        names = (
            await self.queue.with_replicas([details], host)
            if details.labels.get(SERVICE)
            else [details.name]
        )
        with self.queue.reserve(names, host) as owner:
            target = await self.targets.target(details, version, force, host)
            member = MemberState(
                container_name=details.name,
                new_version=target,
                stack_name=details.labels.get(PROJECT),
            )
            data = {"members": [member.as_dict()], "force": force, "script": script}
            return await self.queue.submit(
                RunKind.UPDATE,
                OperationType.UPDATE,
                stack_key(details),
                names,
                data,
                owner=owner,
                host=host,
                container_id=details.id,
                stack_name=details.labels.get(PROJECT),
                old_version=tag_of(details.image),
                new_version=target,
                forced=force,
                # Listed from the start, as a batch's are: an update queued
                # behind another shows its container before its first stage.
                batch_details=[member.as_dict()],
            )

    async def batch(
        self,
        items: Sequence[BatchItem],
        *,
        force: bool = False,
        partial: bool = False,
    ) -> BatchStarted:
        """Queue one operation per stack of `items`. A person's batch is all
        or nothing; with `partial` (auto-update, which planned a while ago)
        a container that is gone, on a host that stopped answering, read
        only here or held by another operation is skipped with its reason
        and the rest go ahead."""
        if not items:
            raise InvalidInputError("containers is empty: name at least one container")
        for item in items:
            inputs.docker_name(item.container, "containers")
            if item.version is not None:
                inputs.tag(item.version)
        skipped: dict[str, str] = {}
        found: list[tuple[ContainerDetails, BatchItem]] = []
        for item in items:
            try:
                found.append(
                    (await self.queue.inspect(item.container, item.host), item)
                )
            except DocksmithError as exc:
                if not partial:
                    raise
                skipped[_batch_name(item.host, item.container)] = exc.message
        keys = [(item.host, d.name) for d, item in found]
        if len(set(keys)) != len(keys):
            raise InvalidInputError("a container is listed twice")
        replicas = await self._replicas(found, skipped, partial)
        if partial:
            found = self._available(found, skipped, replicas)
        else:
            for d, item in found:
                self._refuse_read_only(d, item.host)
        if not found:
            raise InvalidInputError(_nothing_to_update(skipped))
        details = [d for d, _ in found]
        items = [item for _, item in found]
        keys = [(item.host, d.name) for d, item in found]
        hosts = list(dict.fromkeys(item.host for item in items))
        # No await from `_available`'s claim checks to here: what it found
        # free is still free when it is reserved.
        with contextlib.ExitStack() as reserved:
            owners = {
                h: reserved.enter_context(
                    self.queue.reserve(
                        along_with([n for k, n in keys if k == h], replicas.get(h, {})),
                        h,
                    )
                )
                for h in hosts
            }
            by_key = {
                (item.host, d.name): (d, item)
                for d, item in zip(details, items, strict=True)
            }
            # Dependencies are within one host: each host's share in its order.
            order = [
                (h, name)
                for h in hosts
                for name in update_order(
                    await self._nodes(
                        [
                            d
                            for d, item in zip(details, items, strict=True)
                            if item.host == h
                        ],
                        h,
                    )
                )
            ]
            group = new_batch_group_id()
            stacks: dict[tuple[str, str], list[MemberState]] = {}
            for h, name in order:
                d, item = by_key[(h, name)]
                try:
                    target = await self.targets.target(d, item.version, force, h)
                except InvalidInputError as exc:
                    skipped[_batch_name(h, name)] = exc.message
                    continue
                stacks.setdefault((h, stack_key(d)), []).append(
                    MemberState(
                        container_name=name,
                        new_version=target,
                        stack_name=d.labels.get(PROJECT),
                    )
                )
            if not stacks:
                raise InvalidInputError(_nothing_to_update(skipped))
            started = []
            for (h, stack), members in stacks.items():
                members_names = [m.container_name for m in members]
                data = {"members": [m.as_dict() for m in members], "force": force}
                summary = (
                    members_names[0]
                    if len(members) == 1
                    else f"{len(members)} containers"
                )
                record = await self.queue.submit(
                    RunKind.UPDATE,
                    OperationType.BATCH,
                    stack,
                    along_with(members_names, replicas.get(h, {})),
                    data,
                    container_name=summary,
                    stack_name=members[0].stack_name,
                    batch_group_id=group,
                    forced=force,
                    batch_details=[m.as_dict() for m in members],
                    owner=owners[h],
                    host=h,
                )
                started.append(
                    StackOperation(
                        stack=stack,
                        containers=members_names,
                        operation_id=record.operation_id,
                        status=record.status,
                        host=h,
                    )
                )
            return BatchStarted(
                batch_group_id=group, operations=started, skipped=skipped
            )

    async def _replicas(
        self,
        found: list[tuple[ContainerDetails, BatchItem]],
        skipped: dict[str, str],
        partial: bool,
    ) -> dict[str, dict[str, tuple[str, ...]]]:
        """By host, the other containers of each compose service `found`
        names (`OperationQueue.replicas`): their updates recreate them too.
        With `partial`, a host that stops answering here is skipped."""
        found_on: dict[str, list[ContainerDetails]] = {}
        for d, item in found:
            if d.labels.get(SERVICE):
                found_on.setdefault(item.host, []).append(d)
        replicas: dict[str, dict[str, tuple[str, ...]]] = {}
        for host, members in found_on.items():
            try:
                replicas[host] = await self.queue.replicas(members, host)
            except DocksmithError as exc:
                if not partial:
                    raise
                names = [d.name for d in members]
                for name in names:
                    skipped[_batch_name(host, name)] = exc.message
                found[:] = [
                    (d, item)
                    for d, item in found
                    if item.host != host or d.name not in names
                ]
        return replicas

    async def _present(
        self, members: Sequence[MemberState], host: str
    ) -> list[ContainerDetails]:
        """The compose containers among `members` that are on `host` now, for
        `OperationQueue.replicas`; one gone has nothing left to recreate."""
        found = []
        for s in members:
            if s.kind is not MemberKind.COMPOSE:
                continue
            with contextlib.suppress(NotFoundError):
                found.append(await self.queue.inspect(s.container_name, host))
        return found

    def _available(
        self,
        found: list[tuple[ContainerDetails, BatchItem]],
        skipped: dict[str, str],
        replicas: Mapping[str, Mapping[str, Sequence[str]]],
    ) -> list[tuple[ContainerDetails, BatchItem]]:
        """`found` less what this server cannot update now (read only here,
        held by another operation, itself or another container of its
        compose service), each entered in `skipped` with why."""
        kept = []
        for d, item in found:
            try:
                self._refuse_read_only(d, item.host)
                self.queue.claims.check(
                    along_with([d.name], replicas.get(item.host, {})), host=item.host
                )
            except DocksmithError as exc:
                skipped[_batch_name(item.host, d.name)] = exc.message
                continue
            kept.append((d, item))
        return kept

    async def _nodes(self, details: list[ContainerDetails], host: str) -> list[Node]:
        deps = self.deps.on(host)
        nodes = []
        for d in details:
            depends: tuple[str, ...] = ()
            network_mode = d.network_mode or None
            if d.labels.get(SERVICE):
                try:
                    project = await deps.load_project(d.labels)
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
        by: Principal,
    ) -> OperationRecord:
        if containers is not None:
            inputs.docker_names(containers)
        original = await self.operations.get(operation_id)
        if original.operation_type in self.rollbacks:
            return await self.rollbacks[original.operation_type](
                original, containers, force, by=by
            )
        chosen = plan_rollback(original, containers, force=force)
        host = original.host
        deps = self.deps.on(host)
        if any(s.kind is MemberKind.COMPOSE for s in chosen):
            deps.refuse_compose_edits(chosen[0].container_name)
        if not force:
            for s in chosen:
                await refuse_moved_image(deps.load_project, operation_id, s)
        details = await self.queue.inspect(chosen[0].container_name, host)
        members = [s.as_dict() for s in starting_over(chosen)]
        data = {
            "members": members,
            "original_operation_id": operation_id,
            "force": force,
        }
        names = [s.container_name for s in chosen]
        if any(s.kind is MemberKind.COMPOSE for s in chosen):
            # Its `compose up` recreates every container of the services.
            names = along_with(
                names,
                await self.queue.replicas(
                    [details, *await self._present(chosen[1:], host)], host
                ),
            )
        return await self.queue.submit(
            RunKind.ROLLBACK,
            OperationType.ROLLBACK,
            stack_key(details),
            names,
            data,
            host=host,
            container_name=chosen[0].container_name
            if len(chosen) == 1
            else f"{len(chosen)} containers",
            stack_name=original.stack_name,
            rollback_of=operation_id,
            old_version=chosen[0].new_version,
            new_version=chosen[0].old_version,
            forced=force,
            batch_details=members,
        )

    async def rollback_overview(
        self, host: str | None = None
    ) -> list[ContainerRollbackInfo]:
        """Whether each container's latest update (on `host`, or on every
        host) can be rolled back, by the checks `rollback()` makes on the
        update's own host."""

        async def refuse(on: str, operation_id: str, member: MemberState) -> None:
            deps = self.deps.on(on)
            if member.kind is MemberKind.COMPOSE:
                deps.refuse_compose_edits(member.container_name)
            await refuse_moved_image(deps.load_project, operation_id, member)

        return await rollback_overview(self.operations, refuse, host=host)

    async def fix_mismatch(
        self, container: str, host: str = DEFAULT_HOST
    ) -> OperationRecord:
        inputs.docker_name(container)
        details = await self.queue.inspect(container, host)
        if not details.labels.get(SERVICE):
            raise InvalidInputError(f"{details.name} is not managed by docker compose")
        self._refuse_read_only(details, host)
        project = await self.deps.on(host).load_project(details.labels)
        image = project.resolved_image(details.labels[SERVICE])
        if not image:
            raise InvalidInputError(
                "failed to extract image from compose file: no image key found for "
                f"service {details.labels[SERVICE]}"
            )
        return await self.queue.submit(
            RunKind.FIX_MISMATCH,
            OperationType.FIX_MISMATCH,
            stack_key(details),
            await self.queue.with_replicas([details], host),
            {"container": details.name},
            host=host,
            container_id=details.id,
            stack_name=details.labels.get(PROJECT),
            old_version=details.image,
            new_version=image,
        )


def _batch_name(host: str, name: str) -> str:
    """A container as a batch's `skipped` names it: off the default host,
    with its host."""
    return name if host == DEFAULT_HOST else f"{host}/{name}"


def _nothing_to_update(skipped: Mapping[str, str]) -> str:
    return "nothing to update: " + "; ".join(f"{n}: {m}" for n, m in skipped.items())
