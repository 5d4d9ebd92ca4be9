"""What Docksmith needs from a Docker engine, as a Protocol plus plain records.

The records are library-neutral so resolvers and the checker never see the
`docker` SDK's objects; `services/docker/sdk.py` is the one implementation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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

    async def list_containers(
        self, *, include_stopped: bool = True
    ) -> list[ContainerSummary]: ...

    async def get_container(self, name_or_id: str) -> ContainerSummary: ...

    async def close(self) -> None: ...
