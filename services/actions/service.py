"""`ContainerActions`: stop, start, restart and remove a container; prune;
remove images, networks and volumes, all under the update engine's claims.

A container action takes the container's claim for as long as its engine
call lasts, so it is refused with 409 while an update, rollback, label
change or restart holds the container (queued or running), and an update
asked for meanwhile is refused the same way. Prunes and removals spare what
an operation in flight holds or will restore (`services.actions.spare`) and
block new claims while they run, so what they spare cannot change under
them. Arguments are validated here, once, for both edges. Each container
action is recorded as an operation.

Every action takes the Docker `host` it acts on (the default host when left
out): its engine is asked, its claims are taken, and what a prune spares is
what operations on that host hold.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from enum import StrEnum

from services.actions.inputs import check_grace
from services.actions.spare import spare_for_claims
from services.docker.engine import DockerEngine
from services.docker.resources import (
    ContainerDetails,
    ImageRemoval,
    PruneReport,
    Spare,
    SystemPruneReport,
)
from services.docker.self_identity import identify_self
from services.errors import (
    ConflictError,
    DocksmithError,
    InvalidInputError,
    NotFoundError,
)
from services.events import EventBus, EventKind
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.operations import OperationStatus, OperationType
from services.operations.recorder import OperationRecorder
from services.store.repositories import OperationRepository
from services.updates.claims import ClaimRegistry

# How long a request waits for a container action before it answers with
# the operation still under way.
ANSWER_WITHIN = 2.0


class ContainerActionStatus(StrEnum):
    """Where a container action is when its answer is sent: done (`stopped`),
    or still under way (`stopping`) when it outlasted the request's wait."""

    STOPPED = "stopped"
    STOPPING = "stopping"
    STARTED = "started"
    STARTING = "starting"
    RESTARTED = "restarted"
    RESTARTING = "restarting"
    REMOVED = "removed"
    REMOVING = "removing"


@frozen
class ContainerAction:
    container: str
    status: ContainerActionStatus
    operation_id: str
    message: str
    force: bool = False
    volumes: bool = False


class ContainerActions:
    def __init__(
        self,
        engine: DockerEngine,
        *,
        claims: ClaimRegistry,
        recorder: OperationRecorder,
        operations: OperationRepository,
        events: EventBus,
        engines: Callable[[str], DockerEngine] | None = None,
    ) -> None:
        self._engine = engine
        # Another host's engine, by host name (unknown hosts raise NotFound).
        self._engines = engines
        self._claims = claims
        self._recorder = recorder
        self._operations = operations
        self._events = events
        self._running: set[asyncio.Task[None]] = set()
        self._pending: set[str] = set()

    def engine(self, host: str = DEFAULT_HOST) -> DockerEngine:
        if host == DEFAULT_HOST:
            return self._engine
        if self._engines is None:
            raise NotFoundError(f"host not found: {host}")
        return self._engines(host)

    # -- one container -----------------------------------------------------------

    async def stop(
        self,
        name: str,
        *,
        grace_seconds: int = 10,
        force: bool = False,
        host: str = DEFAULT_HOST,
    ) -> ContainerAction:
        check_grace(grace_seconds)
        engine = self.engine(host)
        details = await engine.inspect_container(name)
        await self._guard_self(details, "stop", force=force, host=host)
        operation_id = await self._operate(
            details,
            host=host,
            kind=OperationType.STOP,
            stage=OperationStatus.STOPPING,
            done=ContainerActionStatus.STOPPED,
            action=lambda: engine.stop_container(
                details.id, grace_seconds=grace_seconds
            ),
            published=EventKind.CONTAINER_STOPPED,
        )
        return self._result(
            details,
            operation_id,
            ContainerActionStatus.STOPPED,
            ContainerActionStatus.STOPPING,
            force=force,
        )

    async def start(self, name: str, *, host: str = DEFAULT_HOST) -> ContainerAction:
        engine = self.engine(host)
        details = await engine.inspect_container(name)
        operation_id = await self._operate(
            details,
            host=host,
            kind=OperationType.START,
            stage=OperationStatus.STARTING,
            done=ContainerActionStatus.STARTED,
            action=lambda: engine.start_container(details.id),
        )
        return self._result(
            details,
            operation_id,
            ContainerActionStatus.STARTED,
            ContainerActionStatus.STARTING,
        )

    async def restart(
        self, name: str, *, grace_seconds: int = 10, host: str = DEFAULT_HOST
    ) -> ContainerAction:
        check_grace(grace_seconds)
        engine = self.engine(host)
        details = await engine.inspect_container(name)
        operation_id = await self._operate(
            details,
            host=host,
            kind=OperationType.RESTART,
            stage=OperationStatus.RESTARTING,
            done=ContainerActionStatus.RESTARTED,
            action=lambda: engine.restart_container(
                details.id, grace_seconds=grace_seconds
            ),
        )
        return self._result(
            details,
            operation_id,
            ContainerActionStatus.RESTARTED,
            ContainerActionStatus.RESTARTING,
        )

    async def remove(
        self,
        name: str,
        *,
        force: bool = False,
        volumes: bool = False,
        host: str = DEFAULT_HOST,
    ) -> ContainerAction:
        engine = self.engine(host)
        details = await engine.inspect_container(name)
        await self._guard_self(details, "remove", force=force, host=host)
        if details.running and not force:
            raise ConflictError(
                f"container {details.name} is running; stop it first or use force=true"
            )
        operation_id = await self._operate(
            details,
            host=host,
            kind=OperationType.REMOVE,
            stage=OperationStatus.REMOVING,
            done=ContainerActionStatus.REMOVED,
            action=lambda: engine.remove_container(
                details.id, force=force, volumes=volumes
            ),
            published=EventKind.CONTAINER_REMOVED,
        )
        return self._result(
            details,
            operation_id,
            ContainerActionStatus.REMOVED,
            ContainerActionStatus.REMOVING,
            force=force,
            volumes=volumes,
        )

    async def find_self(self, host: str = DEFAULT_HOST) -> str | None:
        """The id of Docksmith's own container on `host`, if it runs in one
        there."""
        engine = self.engine(host)

        async def lookup(candidate: str) -> str:
            return (await engine.get_container(candidate)).id

        return await identify_self(lookup)

    async def _guard_self(
        self, details: ContainerDetails, verb: str, *, force: bool, host: str
    ) -> None:
        if force:
            return
        if await self.find_self(host) == details.id:
            raise ConflictError(
                f"{details.name} is Docksmith's own container; refusing to {verb} it "
                "(use force to do it anyway)"
            )

    async def _operate(
        self,
        details: ContainerDetails,
        *,
        host: str,
        kind: OperationType,
        stage: OperationStatus,
        done: ContainerActionStatus,
        action: Callable[[], Awaitable[None]],
        published: EventKind | None = None,
    ) -> str:
        """Record the action and run it; return its operation id once it is
        done or ANSWER_WITHIN seconds have passed, whichever comes first.

        A stop waits for the container's grace period (up to ten minutes); a
        request must not. After the window the action carries on as a
        recorded operation under its claim, and the answer says it is under
        way (`finished(...)` is False for it)."""
        # The claim comes before the first await, so an update cannot start
        # on the container between the check and the engine call; the task
        # releases it when the action ends.
        token = f"({kind} {secrets.token_hex(4)})"
        self._claims.take([details.name], token, host=host)
        try:
            op = await self._recorder.start(
                kind,
                details.name,
                container_id=details.id,
                stack_name=details.stack,
                host=host,
            )
            await op.stage(stage, 30, f"{stage.value.capitalize()} {details.name}")
        except BaseException:
            self._claims.release([details.name], token, host=host)
            raise

        async def run() -> None:
            try:
                await action()
            except DocksmithError as exc:
                await op.fail(f"failed to {kind} container: {exc}")
                raise
            finally:
                self._claims.release([details.name], token, host=host)
            await op.complete(f"Container {details.name} {done} successfully")
            if published is not None:
                self._publish(published, details, op.operation_id, done)

        task = asyncio.create_task(run())
        self._running.add(task)
        task.add_done_callback(self._running.discard)
        task.add_done_callback(_consume)
        try:
            await asyncio.wait_for(asyncio.shield(task), ANSWER_WITHIN)
        except TimeoutError:
            self._pending.add(op.operation_id)
            task.add_done_callback(lambda _: self._pending.discard(op.operation_id))
        return op.operation_id

    def finished(self, operation_id: str) -> bool:
        """False while an action answered before its end is still running."""
        return operation_id not in self._pending

    async def close(self, grace_seconds: float = 10.0) -> None:
        """Let actions still running end (their engine calls cannot be
        cancelled from here anyway)."""
        if self._running:
            await asyncio.wait(set(self._running), timeout=grace_seconds)

    def _publish(
        self, kind: EventKind, details: ContainerDetails, operation_id: str, status: str
    ) -> None:
        self._events.publish(
            kind,
            {
                "container_id": details.id,
                "container_name": details.name,
                "stack_name": details.stack,
                "operation_id": operation_id,
                "status": status,
            },
        )

    def _result(
        self,
        details: ContainerDetails,
        operation_id: str,
        done: ContainerActionStatus,
        under_way: ContainerActionStatus,
        *,
        force: bool = False,
        volumes: bool = False,
    ) -> ContainerAction:
        if self.finished(operation_id):
            status, message = done, f"Container {details.name} {done} successfully"
        else:
            status = under_way
            message = (
                f"{under_way.capitalize()} container {details.name}; follow "
                f"operation {operation_id} for the outcome"
            )
        return ContainerAction(
            container=details.name,
            status=status,
            operation_id=operation_id,
            message=message,
            force=force,
            volumes=volumes,
        )

    # -- prune and removals ---------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _sparing(self, what: str, host: str) -> AsyncIterator[Spare]:
        # What it spares is what operations on its own host hold, so only
        # that host's new claims wait for it.
        engine = self.engine(host)
        with self._claims.exclusive(what, host=host):
            yield await spare_for_claims(self._claims, self._operations, engine, host)

    async def prune_containers(
        self, *, include_stacks: bool = False, host: str = DEFAULT_HOST
    ) -> PruneReport:
        async with self._sparing("a prune of containers", host) as spare:
            return await self.engine(host).prune_containers(
                include_stacks=include_stacks, spare=spare
            )

    async def prune_images(
        self,
        *,
        all_unused: bool = False,
        include_stacks: bool = False,
        host: str = DEFAULT_HOST,
    ) -> PruneReport:
        async with self._sparing("a prune of images", host) as spare:
            return await self.engine(host).prune_images(
                all_unused=all_unused, include_stacks=include_stacks, spare=spare
            )

    async def prune_networks(
        self, *, include_stacks: bool = False, host: str = DEFAULT_HOST
    ) -> PruneReport:
        async with self._sparing("a prune of networks", host) as spare:
            return await self.engine(host).prune_networks(
                include_stacks=include_stacks, spare=spare
            )

    async def prune_volumes(
        self, *, include_stacks: bool = False, host: str = DEFAULT_HOST
    ) -> PruneReport:
        # Docker keeps every volume a container mounts, in any state, and an
        # operation's volumes stay mounted throughout; the gate still keeps
        # new operations from starting halfway through.
        async with self._sparing("a prune of volumes", host):
            return await self.engine(host).prune_volumes(include_stacks=include_stacks)

    async def prune_system(
        self,
        *,
        all_images: bool = False,
        volumes: bool = False,
        include_stacks: bool = False,
        host: str = DEFAULT_HOST,
    ) -> SystemPruneReport:
        async with self._sparing("a system prune", host) as spare:
            return await self.engine(host).prune_system(
                all_images=all_images,
                volumes=volumes,
                include_stacks=include_stacks,
                spare=spare,
            )

    async def remove_image(
        self, image: str, *, force: bool = False, host: str = DEFAULT_HOST
    ) -> ImageRemoval:
        _require("image", image)
        async with self._sparing(f"the removal of image {image}", host) as spare:
            return await self.engine(host).remove_image(image, force=force, spare=spare)

    async def remove_network(
        self, network: str, *, force: bool = False, host: str = DEFAULT_HOST
    ) -> str:
        _require("network", network)
        async with self._sparing(f"the removal of network {network}", host) as spare:
            return await self.engine(host).remove_network(
                network, force=force, spare=spare
            )

    async def remove_volume(
        self, name: str, *, force: bool = False, host: str = DEFAULT_HOST
    ) -> str:
        _require("volume", name)
        async with self._sparing(f"the removal of volume {name}", host) as spare:
            return await self.engine(host).remove_volume(name, force=force, spare=spare)


def _require(what: str, value: str) -> None:
    if not value.strip():
        raise InvalidInputError(f"{what} is empty: name one")


def _consume(task: asyncio.Task[None]) -> None:
    """An action that failed after its request was answered is recorded as
    a failed operation; its exception has nobody else to reach."""
    if not task.cancelled():
        task.exception()
