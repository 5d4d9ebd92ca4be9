"""One host's connection: its engine adapter and the update engine's own
client (pulls hold connections for minutes and get a pool of their own)."""

from __future__ import annotations

from pathlib import Path

from services.compose import RemoteEnvironment
from services.docker import DockerEngine, DockerSdkEngine
from services.docker.updater import DockerUpdater
from services.frozen import frozen


@frozen
class HostConnection:
    engine: DockerEngine
    updater: DockerUpdater
    # An SSH host's session environment, which compose there interpolates
    # from: read by each check run of the host, reused by project loads.
    environment: RemoteEnvironment | None = None

    async def ping(self) -> bool:
        return await self.engine.ping()

    async def version(self) -> str:
        return (await self.engine.info()).version

    async def close(self) -> None:
        await self.updater.close()
        await self.engine.close()


class EngineFiles:
    """The compose files of an SSH host, read and written over its engine's
    own SSH connection (SFTP; writes atomic, bytes and mode kept): a
    `services.compose.FileAccess`. Blocking: call it from a worker thread."""

    def __init__(self, engine: DockerSdkEngine) -> None:
        self._engine = engine

    def read(self, path: Path) -> bytes:
        return self._engine.files().read(path)

    def mode(self, path: Path) -> int | None:
        return self._engine.files().mode(path)

    def write(self, path: Path, data: bytes, mode: int | None = None) -> None:
        self._engine.files().write(path, data, mode)
