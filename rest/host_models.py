"""REST projections of the Docker hosts (the GraphQL `DockerHost` shape)."""

from __future__ import annotations

from datetime import datetime

from rest.wire import In, Out
from services.hosts.config import HostKind, HostSource
from services.hosts.registry import HostState, HostStatus


class HostOut(Out, kw_only=True):
    name: str
    url: str
    kind: HostKind
    source: HostSource
    status: HostStatus
    error: str | None
    engine_version: str | None
    changed_at: datetime | None
    file_access: bool
    read_only_reason: str | None

    @classmethod
    def from_domain(cls, state: HostState) -> HostOut:
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


class AddHostRequest(In, kw_only=True):
    # no min_length: the service checks the name grammar and the URL, for both edges
    name: str
    url: str
