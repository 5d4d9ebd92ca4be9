"""What Docksmith needs from a Docker engine, as a Protocol plus plain records.

The records are library-neutral so resolvers and the checker never see the
`docker` SDK's objects; `services/docker/sdk.py` is the one implementation.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from dataclasses import field
from datetime import datetime
from typing import Protocol

from services.docker.resources import (
    ContainerDetails,
    ContainerOverview,
    ContainerStats,
    ImageDetails,
    ImageRecord,
    ImageRemoval,
    LogLine,
    NetworkRecord,
    PruneReport,
    Spare,
    SystemPruneReport,
    VolumeRecord,
)
from services.frozen import frozen


@frozen
class EngineInfo:
    version: str
    api_version: str
    os: str
    architecture: str
    host: str

    @property
    def platform(self) -> str:
        """The engine's platform in OCI form, e.g. linux/amd64."""
        return f"{self.os}/{self.architecture}"


@frozen
class ContainerSummary:
    id: str
    name: str
    image: str
    image_id: str
    state: str
    status: str
    health: str | None
    created: datetime | None
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def stack(self) -> str | None:
        return self.labels.get("com.docker.compose.project")

    @property
    def service(self) -> str | None:
        return self.labels.get("com.docker.compose.service")


class DockerEngine(Protocol):
    @property
    def host(self) -> str: ...

    async def ping(self) -> bool: ...

    async def info(self) -> EngineInfo: ...

    # `labels`: only the containers carrying every one of these values (None:
    # the label with any value), filtered by the engine, so finding a compose project's few containers
    # on a host of thousands does not list them all. No name filter: the
    # engine matches one as a regular expression against every container;
    # on Engine 20.10 with 2,000, one name cost a third of a full listing
    # and 200 names took over 30 s.
    async def list_containers(
        self,
        *,
        include_stopped: bool = True,
        labels: Mapping[str, str | None] | None = None,
    ) -> list[ContainerSummary]: ...

    async def get_container(self, name_or_id: str) -> ContainerSummary: ...

    async def close(self) -> None: ...

    # Inspecting one image or container (update checker, updater, explorer).
    async def get_image(self, ref_or_id: str) -> ImageDetails: ...

    async def inspect_container(self, name: str) -> ContainerDetails: ...

    # Explorer: listing and removing resources.
    async def list_container_overviews(self) -> list[ContainerOverview]: ...

    async def list_images(self, *, with_users: bool = True) -> list[ImageRecord]: ...

    async def list_networks(self) -> list[NetworkRecord]: ...

    async def list_volumes(self, *, with_sizes: bool = False) -> list[VolumeRecord]: ...

    # `spare`: what operations in flight hold (see Spare); refused with 409.
    async def remove_image(
        self, ref_or_id: str, *, force: bool = False, spare: Spare | None = None
    ) -> ImageRemoval: ...

    async def remove_network(
        self, name_or_id: str, *, force: bool = False, spare: Spare | None = None
    ) -> str: ...

    async def remove_volume(
        self, name: str, *, force: bool = False, spare: Spare | None = None
    ) -> str: ...

    # Container operations and live views.
    async def container_logs(
        self, name: str, *, tail: int | None = 100, since: float | None = None
    ) -> list[LogLine]: ...

    def follow_container_logs(
        self, name: str, *, tail: int = 100
    ) -> AsyncGenerator[LogLine, None]: ...

    async def container_stats(self, name: str) -> ContainerStats: ...

    async def container_running(self, name: str) -> bool: ...

    async def stop_container(self, name: str, *, grace_seconds: int = 10) -> None: ...

    async def start_container(self, name: str) -> None: ...

    async def restart_container(
        self, name: str, *, grace_seconds: int = 10
    ) -> None: ...

    async def remove_container(
        self, name: str, *, force: bool = False, volumes: bool = False
    ) -> None: ...

    # Pruning; what compose stacks reference survives unless include_stacks,
    # what operations in flight hold (`spare`) always.
    async def prune_containers(
        self, *, include_stacks: bool = False, spare: Spare | None = None
    ) -> PruneReport: ...

    async def prune_images(
        self,
        *,
        all_unused: bool = False,
        include_stacks: bool = False,
        spare: Spare | None = None,
    ) -> PruneReport: ...

    async def prune_networks(
        self, *, include_stacks: bool = False, spare: Spare | None = None
    ) -> PruneReport: ...

    async def prune_volumes(self, *, include_stacks: bool = False) -> PruneReport: ...

    async def prune_system(
        self,
        *,
        all_images: bool = False,
        volumes: bool = False,
        include_stacks: bool = False,
        spare: Spare | None = None,
    ) -> SystemPruneReport: ...
