"""`OperationQueue`: how accepted work becomes a running operation.

It takes the containers' claims before the first await, records the
operation as queued, hands it to the per-stack scheduler and, when its turn
comes, runs it with the runner of its kind (updates, rollbacks,
fix-mismatch, label changes, restarts). The kinds are given at
construction; a kind without a runner fails its operation. It decides
nothing about what to change: the front doors (`UpdateOrchestrator`,
`Lifecycle`) validate and plan first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from services.docker.resources import (
    COMPOSE_PROJECT,
    COMPOSE_SERVICE,
    ContainerDetails,
)
from services.errors import DocksmithError, NotFoundError
from services.hosts import DEFAULT_HOST
from services.operations import LogLevel, OperationStatus, OperationType, RunKind
from services.operations.processes import current_operation
from services.operations.recorder import OperationHandle, OperationRecorder
from services.store.records import OperationRecord, QueuedOperationRecord
from services.store.repositories import OperationRepository, QueueRepository
from services.updates.claims import ClaimRegistry
from services.updates.context import UpdateDeps
from services.updates.engine_lost import EngineLostError
from services.updates.requests import payload
from services.updates.scheduler import StackScheduler

log = logging.getLogger(__name__)
ONE_OFF = "com.docker.compose.oneoff"
KindRunner = Callable[[OperationHandle, dict[str, Any]], Awaitable[None]]


class OperationQueue:
    def __init__(
        self,
        deps: UpdateDeps,
        *,
        claims: ClaimRegistry,
        recorder: OperationRecorder,
        operations: OperationRepository,
        queue: QueueRepository,
        kinds: Mapping[RunKind, KindRunner],
    ) -> None:
        self.deps = deps
        self.claims = claims
        self.recorder = recorder
        self.operations = operations
        self.kinds = dict(kinds)
        self.scheduler = StackScheduler(queue, self._dispatch, self._starting)
        # Operations whose engine went away mid-way, by host: unsettled, still
        # holding their claims, their host's queue held, until the update
        # engine settles them (UpdateOrchestrator), woken by `engine_lost`.
        self.lost: dict[str, set[str]] = {}
        self.engine_lost = asyncio.Event()

    def active_operation(self, container: str, host: str = DEFAULT_HOST) -> str | None:
        return self.claims.holder(container, host)

    async def inspect(self, name: str, host: str = DEFAULT_HOST) -> ContainerDetails:
        deps = self.deps.on(host)
        if deps.host_paths is not None:
            await deps.host_paths.mapper()  # compose paths need it from here on
        try:
            return await deps.engine.inspect_container(name)
        except NotFoundError:
            where = "" if host == DEFAULT_HOST else f" on host {host}"
            raise NotFoundError(f"container not found: {name}{where}") from None

    async def replicas(
        self, containers: Sequence[ContainerDetails], host: str = DEFAULT_HOST
    ) -> dict[str, tuple[str, ...]]:
        """For each of `containers` made by compose, by name, the other
        containers of its compose service on `host`: `compose up <service>`,
        which an update, rollback, fix-mismatch or label change of one of
        them runs, recreates every container of a scaled service, so its
        operation must hold them all. One-off `compose run` containers are
        not recreated.

        The engine lists each compose project once, by its label, never every
        container: on a host of 2,000 that listing is most of what accepting
        the request costs (bench/bench_submit.py)."""
        service_of = {
            d.name: (project, service)
            for d in containers
            if (project := d.labels.get(COMPOSE_PROJECT))
            and (service := d.labels.get(COMPOSE_SERVICE))
        }
        engine = self.deps.on(host).engine
        by_service: dict[tuple[str | None, str | None], list[str]] = {}
        for project in sorted({project for project, _ in service_of.values()}):
            for c in await engine.list_containers(
                include_stopped=True, labels={COMPOSE_PROJECT: project}
            ):
                if c.labels.get(ONE_OFF) == "True":
                    continue
                key = (c.stack, c.service)
                if key in service_of.values():
                    by_service.setdefault(key, []).append(c.name)
        return {
            name: tuple(sorted(n for n in by_service.get(key, []) if n != name))
            for name, key in service_of.items()
        }

    async def with_replicas(
        self, containers: Sequence[ContainerDetails], host: str = DEFAULT_HOST
    ) -> list[str]:
        """The names of `containers` first, then the other containers of their
        compose services (`replicas`): what an operation recreating them must
        hold."""
        return along_with(
            [d.name for d in containers], await self.replicas(containers, host)
        )

    def reserve(
        self, names: Sequence[str], host: str = DEFAULT_HOST
    ) -> contextlib.AbstractContextManager[str]:
        """Hold `names` on `host` for one request across its awaits (checks,
        registry lookups), so nothing else starts on them meanwhile; released
        after."""
        return self.claims.held(names, "request", host=host)

    async def submit(
        self,
        kind: RunKind,
        operation_type: OperationType,
        stack: str,
        names: list[str],
        data: dict[str, Any],
        *,
        owner: str | None = None,
        host: str = DEFAULT_HOST,
        **fields: Any,
    ) -> OperationRecord:
        """Queue an operation of `kind` on `host`'s `stack` holding `names`
        (`owner`: the request's reservation, handed over to the operation)."""
        if kind not in self.kinds:
            raise ValueError(f"unknown operation kind {kind!r}")
        data = payload(kind, **data)
        # Claimed before the first await, so two requests for one container
        # cannot both pass the check; released if recording or queueing fails.
        held = f"(starting {secrets.token_hex(4)})"
        self.claims.take(names, held, replacing=owner, host=host)
        try:
            handle = await self.recorder.start(
                operation_type,
                fields.pop("container_name", names[0]),
                status=OperationStatus.QUEUED,
                host=host,
                # The queue row naming them is gone once it starts.
                held_containers=names,
                **fields,
            )
            self.claims.take(names, handle.operation_id, replacing=held, host=host)
            held = handle.operation_id
            started = await self.scheduler.submit(
                QueuedOperationRecord(
                    operation_id=handle.operation_id,
                    stack_name=stack,
                    operation_type=operation_type,
                    containers=names,
                    queued_at=datetime.now(UTC),
                    payload=data,
                    host=host,
                )
            )
        except BaseException:
            self.claims.release(names, held, host=host)
            raise
        if not started:
            await handle.log(self.scheduler.waits_for(stack, host))
        return await self.operations.get(handle.operation_id)

    async def _starting(self, record: QueuedOperationRecord) -> None:
        op = await self.recorder.resume(record.operation_id)
        await op.stage(OperationStatus.VALIDATING, 0, "starting")

    async def _dispatch(self, record: QueuedOperationRecord) -> None:
        data = record.payload or {}
        op: OperationHandle | None = None
        # Every compose/script process started below is recorded under it.
        current_operation.set(record.operation_id)

        def release() -> None:
            self.claims.release(
                record.containers, record.operation_id, host=record.host
            )

        lost = False
        try:
            # The claims go back before the end is written, not after the
            # follow-up work (re-checks) that runs once the operation ended:
            # a client that reads `complete` may act on the container at once.
            op = await self.recorder.resume(record.operation_id, on_finish=release)
            deps = self.deps.on(record.host)
            if deps.host_paths is not None:
                await deps.host_paths.mapper()
            kind = record.kind
            runner = None if kind is None else self.kinds.get(kind)
            if runner is None:
                await op.fail(f"unknown operation kind {data.get('kind')!r}")
            else:
                await runner(op, data)
        except EngineLostError:
            lost = True
            self.scheduler.hold({record.host})
            self.lost.setdefault(record.host, set()).add(record.operation_id)
            self.engine_lost.set()
        except DocksmithError as exc:
            await self._fail_unless_finished(op, exc.message)
        except Exception as exc:
            log.exception("operation %s failed unexpectedly", record.operation_id)
            await self._fail_unless_finished(
                op, f"unexpected error: {type(exc).__name__}: {exc}"
            )
        finally:
            if not lost:
                release()

    async def _fail_unless_finished(
        self, op: OperationHandle | None, message: str
    ) -> None:
        """An error after an operation ended (a follow-up step) must not turn a
        completed update into a failed one: it is logged as a warning instead."""
        if op is None:
            return
        if op.record.status.finished:
            await op.log(
                f"after the operation ended: {message}", level=LogLevel.WARNING
            )
        else:
            await op.fail(message)


def along_with(
    names: Sequence[str], replicas: Mapping[str, Sequence[str]]
) -> list[str]:
    """`names`, then their `replicas` not among them, each once."""
    return list(
        dict.fromkeys([*names, *(r for n in names for r in replicas.get(n, ()))])
    )
