"""Discovery over every host at once.

Each host is asked concurrently; a host that fails is marked down (which
publishes `host.status` once) and the others' containers are checked as
usual. Only when every host asked failed does the run fail, with the first
host's error, so a single-host setup behaves as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from services.checks.model import ContainerFacts
from services.errors import DockerUnavailableError, DocksmithError
from services.hosts.config import HostSpec
from services.hosts.registry import Connection, HostRegistry, HostStatus

C = TypeVar("C", bound=Connection)


async def discover_hosts(
    hosts: HostRegistry[C],
    discover_one: Callable[[HostSpec, C], Awaitable[list[ContainerFacts]]],
    only: str | None = None,
) -> list[ContainerFacts]:
    names = [hosts.known(only)] if only is not None else hosts.names

    async def one(name: str) -> list[ContainerFacts] | DocksmithError | OSError:
        try:
            found = await discover_one(hosts.spec(name), hosts.connection(name))
        except (DocksmithError, OSError) as exc:
            message = exc.message if isinstance(exc, DocksmithError) else str(exc)
            hosts.mark(name, HostStatus.DOWN, message)
            return exc
        hosts.mark(name, HostStatus.UP)
        return found

    facts: list[ContainerFacts] = []
    failures: list[DocksmithError | OSError] = []
    for outcome in await asyncio.gather(*(one(n) for n in names)):
        if isinstance(outcome, list):
            facts.extend(outcome)
        else:
            failures.append(outcome)
    if failures and len(failures) == len(names):
        first = failures[0]
        if isinstance(first, DocksmithError):
            raise first
        raise DockerUnavailableError(str(first)) from first
    return facts
