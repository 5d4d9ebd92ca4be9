"""`HostRegistry`: the configured Docker hosts and one connection to each.

Built once in the composition root: the default host (the engine of
`DOCKER_HOST`), the hosts of `DOCKER_HOSTS`, and those added through the
API (kept in the settings table as name and URL only; TLS and SSH material
stays in the host's directory). Each host gets one connection (an engine
adapter and an updater) from the `connect` factory it was given.

Each host also has a status: `UNKNOWN` until something talked to it, then
`UP` or `DOWN` as the last call found it (a check, a connection test, the
health ping); a change publishes `host.status`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from services.errors import ConflictError, InvalidInputError, NotFoundError
from services.events import EventBus, EventKind
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.hosts.config import (
    HostEntry,
    HostSource,
    HostSpec,
    engine_url,
    host_name,
    parse_docker_hosts,
    resolve,
)

log = logging.getLogger(__name__)

SAVED_HOSTS_KEY = "docker_hosts"
TEST_TIMEOUT_SECONDS = 15.0


class HostStatus(StrEnum):
    UNKNOWN = "unknown"
    UP = "up"
    DOWN = "down"


@frozen
class HostState:
    spec: HostSpec
    status: HostStatus = HostStatus.UNKNOWN
    error: str | None = None
    engine_version: str | None = None
    changed_at: datetime | None = None

    @property
    def name(self) -> str:
        return self.spec.name


class Connection(Protocol):
    """What a host's connection must offer the registry."""

    async def ping(self) -> bool: ...

    async def version(self) -> str: ...

    async def close(self) -> None: ...


C = TypeVar("C", bound=Connection)


class SavedHosts(Protocol):
    def get(self, key: str) -> Awaitable[str | None]: ...

    def set(self, key: str, value: str) -> Awaitable[None]: ...


class HostClaims(Protocol):
    """The update engine's claims (`services.updates.claims.ClaimRegistry`),
    as far as a host's removal needs them."""

    def holders(self, host: str = DEFAULT_HOST) -> dict[str, str]: ...

    def exclusive(
        self, what: str, *, host: str = DEFAULT_HOST
    ) -> AbstractContextManager[None]: ...


class HostRegistry(Generic[C]):
    def __init__(
        self,
        default: HostSpec,
        *,
        configured: str,
        hosts_dir: Path,
        connect: Callable[[HostSpec], C],
        saved: SavedHosts,
        events: EventBus,
        claims: HostClaims,
        default_connection: C | None = None,
    ) -> None:
        self.hosts_dir = hosts_dir
        self._claims = claims
        self._connect = connect
        self._saved = saved
        self._events = events
        self._states: dict[str, HostState] = {}
        self._connections: dict[str, C] = {}
        # A connection given from outside is closed by whoever made it.
        self._borrowed = default_connection
        self._lock = asyncio.Lock()
        self._install(default, default_connection)
        for entry in parse_docker_hosts(configured):
            self._install(resolve(entry, HostSource.ENVIRONMENT, hosts_dir))

    def _install(self, spec: HostSpec, connection: C | None = None) -> None:
        self._states[spec.name] = HostState(spec)
        self._connections[spec.name] = connection or self._connect(spec)

    async def load(self) -> None:
        """Add the hosts saved through the API; one that no longer resolves
        (its directory was emptied) is kept out with a warning."""
        for entry in await self._saved_entries():
            if entry.name in self._states:
                continue
            try:
                self._install(resolve(entry, HostSource.API, self.hosts_dir))
            except InvalidInputError as exc:
                log.warning("saved host %s is not loaded: %s", entry.name, exc)

    async def close(self) -> None:
        for connection in self._connections.values():
            if connection is not self._borrowed:
                await connection.close()

    # -- lookup -----------------------------------------------------------

    @property
    def names(self) -> list[str]:
        return list(self._states)

    def states(self) -> list[HostState]:
        return list(self._states.values())

    def state(self, name: str = DEFAULT_HOST) -> HostState:
        return self._states[self.known(name)]

    def spec(self, name: str = DEFAULT_HOST) -> HostSpec:
        return self.state(name).spec

    def connection(self, name: str = DEFAULT_HOST) -> C:
        return self._connections[self.known(name)]

    def connections(self) -> list[tuple[HostSpec, C]]:
        return [(s.spec, self._connections[s.name]) for s in self._states.values()]

    def known(self, name: str | None) -> str:
        """`name`, checked; None is the default host."""
        if name is None:
            return DEFAULT_HOST
        if name not in self._states:
            host_name(name)
            raise NotFoundError(f"host not found: {name}")
        return name

    # -- status -----------------------------------------------------------

    def mark(
        self, name: str, status: HostStatus, error: str | None = None
    ) -> HostState:
        """Record what the last call to the host found; a change of status
        is published once."""
        before = self._states[name]
        after = replace(before, status=status, error=error)
        if before.status is not status:
            after = replace(after, changed_at=datetime.now(UTC))
            log.log(
                logging.WARNING if status is HostStatus.DOWN else logging.INFO,
                "host %s is %s%s",
                name,
                status,
                f": {error}" if error else "",
            )
            self._events.publish(
                EventKind.HOST_STATUS,
                {"host": name, "status": str(status), "error": error},
            )
        self._states[name] = after
        return after

    async def ping(self, name: str = DEFAULT_HOST) -> bool:
        """Whether the host answers, recorded as a check's finding would be.
        A ping says only yes or no, so a host that does not answer is asked
        for its version too: that failure says why (the UI's banner shows
        it; without this it waited for the next check)."""
        name = self.known(name)
        if await self._connections[name].ping():
            self.mark(name, HostStatus.UP)
            return True
        return (await self.test(name)).status is HostStatus.UP

    async def test(self, name: str) -> HostState:
        """Talk to the host now: its engine version, or why it is down."""
        name = self.known(name)
        connection = self._connections[name]
        try:
            version = await asyncio.wait_for(connection.version(), TEST_TIMEOUT_SECONDS)
        except TimeoutError:
            return self.mark(name, HostStatus.DOWN, "no answer within 15 s")
        except Exception as exc:  # any failure is the host's answer here
            return self.mark(name, HostStatus.DOWN, str(exc) or type(exc).__name__)
        state = self.mark(name, HostStatus.UP)
        state = replace(state, engine_version=version)
        self._states[name] = state
        return state

    # -- changes through the API -------------------------------------------

    async def add(self, name: str, url: str) -> HostState:
        host_name(name)
        async with self._lock:
            if name in self._states:
                raise ConflictError(f"host {name} already exists")
            if not isinstance(url, str) or not url.strip():
                raise InvalidInputError("the host needs an engine URL")
            engine_url(url)
            entry = HostEntry(name, url.strip())
            spec = resolve(entry, HostSource.API, self.hosts_dir)
            saved = [e for e in await self._saved_entries() if e.name != name]
            await self._save([*saved, entry])
            self._install(spec)
        return self._states[name]

    async def remove(self, name: str) -> None:
        async with self._lock:
            spec = self.spec(name)
            if spec.source is not HostSource.API:
                where = (
                    "it is the default engine"
                    if spec.source is HostSource.DEFAULT
                    else "it is defined by DOCKER_HOSTS"
                )
                raise ConflictError(f"host {name} cannot be removed: {where}")
            # An operation queued, running or left unsettled on the host
            # needs its connection to finish or to put its containers back;
            # and none may start while the removal is being saved.
            with self._claims.exclusive("the host's removal", host=name):
                if held := self._claims.holders(name):
                    busy = ", ".join(f"{c} ({op})" for c, op in sorted(held.items()))
                    raise ConflictError(
                        f"host {name} cannot be removed while operations hold "
                        f"its containers: {busy}; try again when they have finished"
                    )
                entries = await self._saved_entries()
                await self._save([e for e in entries if e.name != name])
                del self._states[name]
                connection = self._connections.pop(name)
        await connection.close()

    async def _saved_entries(self) -> list[HostEntry]:
        raw = await self._saved.get(SAVED_HOSTS_KEY)
        if not raw:
            return []
        return [HostEntry(e["name"], e["url"]) for e in json.loads(raw)]

    async def _save(self, entries: Sequence[HostEntry]) -> None:
        await self._saved.set(
            SAVED_HOSTS_KEY,
            json.dumps([{"name": e.name, "url": e.url} for e in entries]),
        )
