"""What the update pipeline needs, bundled once by the composition root."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from services.checks.prechecks import PreUpdateChecker
from services.compose import (
    LOCAL,
    ComposeProject,
    ComposeRunner,
    FileAccess,
    RemoteEnvironment,
    load_project_from_labels,
)
from services.docker.engine import ContainerSummary
from services.docker.resources import ContainerDetails, ImageDetails
from services.docker.selfhelper import SelfHelpers
from services.docker.updater import DockerUpdater
from services.errors import InvalidInputError, NotFoundError
from services.frozen import frozen
from services.hostpaths import HostPaths
from services.hosts import DEFAULT_HOST
from services.registry.references import ImageReference
from services.spawnwatch import SpawnWatch
from services.store.repositories import (
    BackupRepository,
    HistoryRepository,
    PolicyRepository,
)
from services.updates.claims import ClaimRegistry


class ContainerReader(Protocol):
    async def inspect_container(self, name: str) -> ContainerDetails: ...

    async def list_containers(
        self,
        *,
        include_stopped: bool = True,
        labels: Mapping[str, str | None] | None = None,
    ) -> list[ContainerSummary]: ...

    async def get_image(self, ref_or_id: str) -> ImageDetails: ...


class DigestSource(Protocol):
    async def get_digest(self, image: ImageReference) -> str: ...


@frozen
class UpdateDeps:
    engine: ContainerReader
    updater: DockerUpdater
    registry: DigestSource
    backups: BackupRepository
    policies: PolicyRepository
    history: HistoryRepository
    prechecks: PreUpdateChecker
    scripts_dir: Path
    docker_host: str | None
    compose_env: Mapping[str, str]
    compose_timeout_seconds: float = 300.0
    host_paths: HostPaths | None = None
    # Told of every compose/script child, so one that outlives a killed
    # server is waited for before reconciliation judges the containers.
    processes: SpawnWatch | None = None
    # Starts the helper container of a self-update (None: no self-update).
    self_helpers: SelfHelpers | None = None
    # The Docker host these engine, updater and compose files belong to;
    # `on(host)` gives another host's (built by the composition root).
    host: str = DEFAULT_HOST
    # Why this host's compose files cannot be read or written from here
    # (None: they can).
    read_only_reason: str | None = None
    # Where its compose files are read and written (another host's over
    # SSH), and the SSH command line that runs compose there.
    files: FileAccess = LOCAL
    compose_remote: tuple[str, ...] | None = None
    # The environment compose interpolates from there (the last check run's).
    remote_environment: RemoteEnvironment | None = None
    hosts: Callable[[str], UpdateDeps] | None = None
    # The claims every container change takes (services.updates.claims);
    # an operation's claim follows its container when compose renames it.
    claims: ClaimRegistry | None = None

    def on(self, host: str) -> UpdateDeps:
        """The same dependencies acting on `host`'s engine and files."""
        if host == self.host:
            return self
        if self.hosts is None:
            raise NotFoundError(f"host not found: {host}")
        return self.hosts(host)

    def refuse_compose_edits(self, container: str) -> None:
        """A compose edit on a host whose files are out of reach is refused
        (400) with the reason, before anything is written."""
        if self.read_only_reason is not None:
            raise InvalidInputError(
                f"{container} on host {self.host} is read-only for compose edits: "
                f"{self.read_only_reason}"
            )

    async def load_project(self, labels: Mapping[str, str]) -> ComposeProject:
        """The compose project of a container, from its compose labels (host
        paths translated when Docksmith runs in a container). Read and parsed
        in a worker thread: file I/O and YAML parsing never run on the loop."""
        if self.read_only_reason is not None:
            raise InvalidInputError(
                f"the compose project on host {self.host} is not readable here: "
                f"{self.read_only_reason}"
            )
        mapper = self.host_paths.cached if self.host_paths else None
        if self.files is not LOCAL:
            # Another host's files, interpolated as compose there does: from
            # the remote session's environment over `.env`, never this
            # process's.
            environ = (
                await self.remote_environment.current()
                if self.remote_environment
                else {}
            )
            return await asyncio.to_thread(
                load_project_from_labels,
                dict(labels),
                environ=environ,
                read=self.files.read,
            )
        return await asyncio.to_thread(
            load_project_from_labels,
            dict(labels),
            environ=self.compose_env,
            mapper=mapper,
        )

    def compose_runner(self, lines: list[str]) -> ComposeRunner:
        return ComposeRunner(
            self.docker_host,
            env=self.compose_env,
            on_line=lines.append,
            watch=self.processes,
            remote=self.compose_remote,
        )
