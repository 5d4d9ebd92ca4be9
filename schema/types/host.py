from __future__ import annotations

from datetime import datetime

import strawberry

from schema.types.enums import HostKind, HostSource, HostStatus
from services.hosts.registry import HostState


@strawberry.type(
    description="A Docker engine Docksmith manages. TLS and SSH material stays "
    "in the host's directory and is never part of an answer."
)
class DockerHost:
    name: str = strawberry.field(description="Short name; `local` is the default.")
    url: str = strawberry.field(description="Engine URL (never with a password).")
    kind: HostKind = strawberry.field(description="unix, tcp or ssh.")
    source: HostSource = strawberry.field(
        description="default, environment (DOCKER_HOSTS) or api (removable)."
    )
    status: HostStatus = strawberry.field(description="up, down or unknown.")
    error: str | None = strawberry.field(description="Why the host is down.")
    engine_version: str | None = strawberry.field(
        description="Engine version, once a connection test read it."
    )
    changed_at: datetime | None = strawberry.field(
        description="When the status last changed."
    )
    file_access: bool = strawberry.field(
        description="Whether compose files of this host can be edited."
    )
    read_only_reason: str | None = strawberry.field(
        description="Why compose edits are off on this host."
    )

    @classmethod
    def from_domain(cls, state: HostState) -> DockerHost:
        spec = state.spec
        return cls(
            name=spec.name,
            url=spec.url,
            kind=spec.kind,
            source=spec.source,
            status=state.status,
            error=state.error,
            engine_version=state.engine_version,
            changed_at=state.changed_at,
            file_access=spec.file_access,
            read_only_reason=spec.read_only_reason,
        )


@strawberry.type(description="The host was removed.")
class DockerHostRemoved:
    name: str = strawberry.field(description="The host.")


@strawberry.input(description="A Docker engine to add.")
class AddHostInput:
    name: str = strawberry.field(description="Short name (letters, digits, - _).")
    url: str = strawberry.field(
        description="unix:///path, tcp://host:port or ssh://user@host[:port]."
    )


@strawberry.input(description="The host to remove (one added through the API).")
class RemoveHostInput:
    name: str = strawberry.field(description="The host's name.")


@strawberry.input(description="The host to connect to.")
class TestHostConnectionInput:
    name: str = strawberry.field(description="The host's name.")
