"""REST projections for the explorer, container operations and prune."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, computed_field

from services.actions import ContainerActionStatus
from services.docker.resources import PruneReport, SystemPruneReport


class _Out(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )


class PortOut(_Out):
    container_port: int
    protocol: str
    host_ip: str | None
    host_port: int | None


class ContainerOverviewOut(_Out):
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


class ImageOut(_Out):
    id: str
    tags: list[str]
    repo_digests: list[str]
    size: int
    created: datetime | None
    containers: list[str]
    in_use: bool
    dangling: bool


class NetworkOut(_Out):
    id: str
    name: str
    driver: str
    scope: str
    internal: bool
    builtin: bool
    stack: str | None
    containers: list[str]
    created: datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def is_default(self) -> bool:
        """The original's name for `builtin`."""
        return self.builtin


class VolumeOut(_Out):
    name: str
    driver: str
    mount_point: str
    stack: str | None
    containers: list[str]
    size: int | None
    created: datetime | None


class ExplorerOut(_Out):
    containers: list[ContainerOverviewOut]
    images: list[ImageOut]
    networks: list[NetworkOut]
    volumes: list[VolumeOut]


class ImagesOut(BaseModel):
    images: list[ImageOut]
    count: int


class NetworksOut(BaseModel):
    networks: list[NetworkOut]
    count: int


class VolumesOut(BaseModel):
    volumes: list[VolumeOut]
    count: int


class ImageRemovedOut(_Out):
    message: str
    image: str
    untagged: list[str]
    deleted: list[str]


class RemovedOut(BaseModel):
    message: str
    name: str


class LogsOut(BaseModel):
    container: str
    logs: str
    tail: int | None


class StatsOut(_Out):
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


class MountOut(_Out):
    type: str
    name: str | None
    source: str
    destination: str
    rw: bool


class RestartPolicyOut(_Out):
    name: str
    maximum_retry_count: int


class HealthcheckOut(_Out):
    test: list[str]
    interval_ns: int
    timeout_ns: int
    start_period_ns: int
    retries: int


class InspectOut(_Out):
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


class ContainerActionOut(_Out):
    container: str
    status: ContainerActionStatus
    operation_id: str
    message: str
    force: bool
    volumes: bool


class PruneOut(_Out):
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


class SystemPruneOut(BaseModel):
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
