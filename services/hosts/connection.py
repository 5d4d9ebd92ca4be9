"""One host's connection: its engine adapter and the update engine's own
client (pulls hold connections for minutes and get a pool of their own)."""

from __future__ import annotations

from dataclasses import dataclass

from services.docker import DockerEngine
from services.docker.updater import DockerUpdater


@dataclass(frozen=True, slots=True)
class HostConnection:
    engine: DockerEngine
    updater: DockerUpdater

    async def ping(self) -> bool:
        return await self.engine.ping()

    async def version(self) -> str:
        return (await self.engine.info()).version

    async def close(self) -> None:
        await self.updater.close()
        await self.engine.close()
