"""REST projections for the explorer, container operations and prune."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from rest.wire import Out
from services.actions import ContainerActionStatus
from services.docker.resources import PruneReport, SystemPruneReport


class PortOut(Out, kw_only=True):
    container_port: int
    protocol: str
    host_ip: str | None
    host_port: int | None


class ContainerOverviewOut(Out, kw_only=True):
    id: str
    name: str
    image: str
    image_id: str
    state: str
    status: str
    health: str | None
    stack: str | None
    service: str | None
    created: datetime | None
    ports: list[PortOut]
    networks: list[str]


class ImageOut(Out, kw_only=True):
    id: str
    tags: list[str]
    repo_digests: list[str]
    size: int
    created: datetime | None
    containers: list[str]
    in_use: bool
    dangling: bool


class NetworkOut(Out, kw_only=True):
    id: str
    name: str
    driver: str
    scope: str
    internal: bool
    builtin: bool
    stack: str | None
    containers: list[str]
    created: datetime | None

    # Sent, never read: the original's name for `builtin`.
    is_default: Annotated[
        bool,
        msgspec.Meta(
            description="The original's name for `builtin`.",
            extra_json_schema={"readOnly": True},
        ),
    ] = False

    def __post_init__(self) -> None:
        self.is_default = self.builtin


class VolumeOut(Out, kw_only=True):
    name: str
    driver: str
    mount_point: str
    stack: str | None
    containers: list[str]
    size: int | None
    created: datetime | None


class ExplorerOut(Out, kw_only=True):
    containers: list[ContainerOverviewOut]
    images: list[ImageOut]
    networks: list[NetworkOut]
    volumes: list[VolumeOut]


class ImagesOut(Out, kw_only=True):
    images: list[ImageOut]
    count: int


class NetworksOut(Out, kw_only=True):
    networks: list[NetworkOut]
    count: int


class VolumesOut(Out, kw_only=True):
    volumes: list[VolumeOut]
    count: int


class ImageRemovedOut(Out, kw_only=True):
    message: str
    image: str
    untagged: list[str]
    deleted: list[str]


class RemovedOut(Out, kw_only=True):
    message: str
    name: str


class LogsOut(Out, kw_only=True):
    container: str
    logs: str
    tail: int | None


class StatsOut(Out, kw_only=True):
    container: str
    read_at: datetime | None
    cpu_percent: float
    memory_usage: int
    memory_limit: int
    memory_percent: float
    network_rx: int
    network_tx: int
    block_read: int
    block_write: int
    pids: int
    online_cpus: int


class MountOut(Out, kw_only=True):
    type: str
    name: str | None
    source: str
    destination: str
    rw: bool


class RestartPolicyOut(Out, kw_only=True):
    name: str
    maximum_retry_count: int


class HealthcheckOut(Out, kw_only=True):
    test: list[str]
    interval_ns: int
    timeout_ns: int
    start_period_ns: int
    retries: int


class InspectOut(Out, kw_only=True):
    id: str
    name: str
    image: str
    image_id: str
    state: str
    running: bool
    health: str | None
    restart_count: int
    exit_code: int | None
    started_at: datetime | None
    finished_at: datetime | None
    created: datetime | None
    stack: str | None
    service: str | None
    labels: dict[str, str]
    env: list[str]
    command: list[str]
    entrypoint: list[str]
    working_dir: str
    user: str
    hostname: str
    mounts: list[MountOut]
    network_mode: str
    networks: list[str]
    ports: list[PortOut]
    restart_policy: RestartPolicyOut
    healthcheck: HealthcheckOut | None
    platform: str


class ContainerActionOut(Out, kw_only=True):
    container: str
    status: ContainerActionStatus
    operation_id: str
    message: str
    force: bool
    volumes: bool


class PruneOut(Out, kw_only=True):
    message: str
    items_deleted: list[str]
    count: int
    space_reclaimed: int
    protected: list[str]

    @classmethod
    def from_report(cls, report: PruneReport) -> PruneOut:
        return cls(
            message=f"Pruned {report.count} {report.kind}",
            items_deleted=list(report.deleted),
            count=report.count,
            space_reclaimed=report.space_reclaimed,
            protected=list(report.protected),
        )


class SystemPruneOut(Out, kw_only=True):
    message: str
    containers_deleted: int
    images_deleted: int
    networks_deleted: int
    volumes_deleted: int
    space_reclaimed: int
    deleted: dict[str, list[str]]
    protected: dict[str, list[str]]

    @classmethod
    def from_report(cls, report: SystemPruneReport) -> SystemPruneOut:
        parts = {
            "containers": report.containers,
            "images": report.images,
            "networks": report.networks,
            "volumes": report.volumes,
        }
        total = sum(p.count for p in parts.values())
        return cls(
            message=f"Pruned {total} resources",
            containers_deleted=report.containers.count,
            images_deleted=report.images.count,
            networks_deleted=report.networks.count,
            volumes_deleted=report.volumes.count,
            space_reclaimed=report.space_reclaimed,
            deleted={k: list(p.deleted) for k, p in parts.items()},
            protected={k: list(p.protected) for k, p in parts.items()},
        )
