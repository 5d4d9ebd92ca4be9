"""Host paths as Docksmith sees them when it runs in a container.

Compose labels carry host paths (working dir, config files). Inside a
container Docksmith reaches them through its own bind mounts, so each path is
translated by the longest matching mount source. Docksmith's container is
identified by the kernel's evidence (`services.docker.self_identity`), never
by a name. Outside a container there is nothing to translate.
"""

from __future__ import annotations

import logging
from typing import Protocol

from services.compose.paths import PathMapper
from services.docker.engine import ContainerSummary
from services.docker.resources import ContainerDetails
from services.docker.self_identity import identify_self
from services.errors import DockerUnavailableError

log = logging.getLogger(__name__)


class SelfEngine(Protocol):
    async def get_container(self, name_or_id: str) -> ContainerSummary: ...

    async def inspect_container(self, name: str) -> ContainerDetails: ...


class HostPaths:
    def __init__(self, engine: SelfEngine, *, hostname: str | None = None) -> None:
        self._engine = engine
        self._hostname = hostname
        self._known = False
        self._mapper: PathMapper | None = None
        self._own_id: str | None = None

    @property
    def cached(self) -> PathMapper | None:
        """The mapping once `mapper()` worked it out (None before, or outside
        a container); for code that cannot await."""
        return self._mapper

    async def own_id(self) -> str | None:
        """Docksmith's own container id (None outside a container)."""
        await self.mapper()
        return self._own_id

    async def mapper(self) -> PathMapper | None:
        """The bind-mount mapping, worked out once the engine answers."""
        if self._known:
            return self._mapper

        async def lookup(candidate: str) -> str:
            return (await self._engine.get_container(candidate)).id

        try:
            own = await identify_self(lookup, self._hostname)
            self._own_id = own
            if own is not None:
                details = await self._engine.inspect_container(own)
                binds = [
                    (m.source, m.destination)
                    for m in details.mounts
                    if m.type == "bind"
                ]
                self._mapper = PathMapper(binds) if binds else None
                log.info(
                    "running in container %s; %d bind mounts translate paths",
                    own[:12],
                    len(binds),
                )
        except DockerUnavailableError:
            return None  # ask again once the engine is back
        self._known = True
        return self._mapper
