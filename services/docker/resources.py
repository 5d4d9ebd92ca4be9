"""Library-neutral records for what the explorer shows and container ops return.

Images, networks, volumes, a container's curated inspect view, its stats and
its log lines, and what a prune removed. They are plain frozen dataclasses so
resolvers and both edges project them without ever seeing the `docker` SDK.
Computations that only need these records (stats percentages) live here too.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import field
from datetime import datetime
from enum import StrEnum
from typing import Any

from services.frozen import frozen

COMPOSE_PROJECT = "com.docker.compose.project"
COMPOSE_SERVICE = "com.docker.compose.service"
# Docker creates these networks itself and refuses to remove them.
BUILTIN_NETWORKS = frozenset({"bridge", "host", "none"})


class ContainerHealth(StrEnum):
    STARTING = "starting"
    HEALTHY = "healthy"
    UNHEALTHY = "unhealthy"


# The list call of older engines states health only inside the human status
# line: "Up 5 minutes (healthy)", "(unhealthy)", "(health: starting)".
_STATUS_HEALTH = re.compile(r"\((healthy|unhealthy|health: starting)\)")
_STATUS_WORDS = {
    "healthy": ContainerHealth.HEALTHY,
    "unhealthy": ContainerHealth.UNHEALTHY,
    "health: starting": ContainerHealth.STARTING,
}


# Docker marks a container `unhealthy` when it stops, whatever its probes
# said, and keeps that until it starts again; `docker ps` shows no health for
# it. Shown as is, a container someone had just stopped read as broken, so a
# container that is not running has no health here.
_NOT_RUNNING = frozenset({"created", "exited", "dead"})


def inspected_health(state: Mapping[str, Any]) -> str | None:
    """An inspected container's health word (its `State`); None when it has
    no healthcheck or is not running."""
    if not state.get("Running"):
        return None
    return (state.get("Health") or {}).get("Status")


def list_health(raw: Mapping[str, Any]) -> ContainerHealth | None:
    """A listed container's health; None when it has no healthcheck or is
    not running."""
    if raw.get("State") in _NOT_RUNNING:
        return None
    # Newer engines send a structured `Health` in the list; trust it first.
    structured = raw.get("Health")
    if isinstance(structured, Mapping):
        try:
            return ContainerHealth(str(structured.get("Status") or ""))
        except ValueError:
            return None
    found = _STATUS_HEALTH.search(str(raw.get("Status") or ""))
    return _STATUS_WORDS[found[1]] if found else None


def shared_labels(raw: Mapping[str, str] | None) -> dict[str, str]:
    """Labels as the engine lists them, each key and value one shared string.

    Every compose container repeats the same dozen keys and its project's
    paths and names, and each row of the engine's answer decodes them anew:
    at 2,000 containers that is ~10,000 copies of a few dozen strings, kept
    for as long as the check results that hold the labels."""
    if not raw:
        return {}
    return {sys.intern(k): sys.intern(v) for k, v in raw.items()}


@frozen
class PortBinding:
    container_port: int
    protocol: str
    host_ip: str | None = None
    host_port: int | None = None


@frozen
class ContainerOverview:
    """A container as the explorer lists it (one engine call for all of them)."""

    id: str
    name: str
    image: str
    image_id: str
    state: str
    status: str
    health: ContainerHealth | None
    created: datetime | None
    ports: tuple[PortBinding, ...] = ()
    networks: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def stack(self) -> str | None:
        return self.labels.get(COMPOSE_PROJECT)

    @property
    def service(self) -> str | None:
        return self.labels.get(COMPOSE_SERVICE)


@frozen
class ImageRecord:
    id: str
    tags: tuple[str, ...]
    repo_digests: tuple[str, ...]
    size: int
    created: datetime | None
    labels: Mapping[str, str] = field(default_factory=dict)
    # Names of the containers (any state) created from this image.
    containers: tuple[str, ...] = ()

    @property
    def in_use(self) -> bool:
        return bool(self.containers)

    @property
    def dangling(self) -> bool:
        return not self.tags


@frozen
class ImageDetails:
    """One image as inspected: what the update checker compares against."""

    id: str
    tags: tuple[str, ...]
    repo_digests: tuple[str, ...]
    labels: Mapping[str, str]
    architecture: str
    os: str
    created: datetime | None
    size: int
    variant: str | None = None


@frozen
class NetworkRecord:
    id: str
    name: str
    driver: str
    scope: str
    internal: bool
    created: datetime | None
    containers: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def builtin(self) -> bool:
        return self.name in BUILTIN_NETWORKS

    @property
    def stack(self) -> str | None:
        return self.labels.get(COMPOSE_PROJECT)


@frozen
class VolumeRecord:
    name: str
    driver: str
    mount_point: str
    created: datetime | None
    containers: tuple[str, ...] = ()
    # Bytes used, when the engine computed it (local driver, `with_sizes`).
    size: int | None = None
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def stack(self) -> str | None:
        return self.labels.get(COMPOSE_PROJECT)


@frozen
class Explorer:
    containers: list[ContainerOverview]
    images: list[ImageRecord]
    networks: list[NetworkRecord]
    volumes: list[VolumeRecord]


@frozen
class MountInfo:
    type: str
    source: str
    destination: str
    rw: bool
    name: str | None = None


@frozen
class RestartPolicy:
    name: str
    maximum_retry_count: int = 0


@frozen
class HealthcheckConfig:
    test: tuple[str, ...]
    interval_ns: int = 0
    timeout_ns: int = 0
    start_period_ns: int = 0
    retries: int = 0


@frozen
class ContainerDetails:
    """One container as inspected: what a checker, an updater and a person need.

    `image` is the reference as configured (`nginx:1.25`), `image_id` what it
    runs. `env` is raw: edges that show it to people mask secret-looking values.
    """

    id: str
    name: str
    image: str
    image_id: str
    labels: Mapping[str, str]
    state: str
    running: bool
    health: str | None
    restart_count: int
    exit_code: int | None
    started_at: datetime | None
    finished_at: datetime | None
    created: datetime | None
    env: tuple[str, ...]
    command: tuple[str, ...]
    entrypoint: tuple[str, ...]
    working_dir: str
    user: str
    hostname: str
    mounts: tuple[MountInfo, ...]
    network_mode: str
    networks: tuple[str, ...]
    ports: tuple[PortBinding, ...]
    restart_policy: RestartPolicy
    healthcheck: HealthcheckConfig | None
    platform: str = ""

    @property
    def stack(self) -> str | None:
        return self.labels.get(COMPOSE_PROJECT)

    @property
    def service(self) -> str | None:
        return self.labels.get(COMPOSE_SERVICE)


@frozen
class ContainerStats:
    """One resource sample, with the figures the seed API computes."""

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


@frozen
class LogLine:
    timestamp: datetime | None
    text: str


@frozen
class ContainerLogs:
    container: str
    lines: list[LogLine]
    tail: int | None
    timestamps: bool

    @property
    def text(self) -> str:
        """The log as one string, as the seed's REST route returns it."""
        if self.timestamps:
            return "".join(
                f"{_iso(line.timestamp)} {line.text}\n" for line in self.lines
            )
        return "".join(f"{line.text}\n" for line in self.lines)


def _iso(moment: datetime | None) -> str:
    return moment.isoformat().replace("+00:00", "Z") if moment else ""


# The names an update gives a container while it works on it: the standalone
# swap's (services/docker/swap.py) and compose's rename during a recreate.
_SWAP_NAME = re.compile(r"-docksmith-(?:old|new)$")
_COMPOSE_RENAMED = re.compile(r"^[0-9a-f]{12}_")


def operated_name(name: str) -> str:
    """The container `name` stands for while an update renames it."""
    return _COMPOSE_RENAMED.sub("", _SWAP_NAME.sub("", name.lstrip("/")), count=1)


def normalise_reference(ref: str) -> str:
    """`nginx` and `docker.io/library/nginx:latest` name the same image."""
    for prefix in ("docker.io/library/", "index.docker.io/library/", "docker.io/"):
        if ref.startswith(prefix):
            ref = ref.removeprefix(prefix)
            break
    last = ref.rsplit("/", 1)[-1]
    if "@" not in ref and ":" not in last:
        ref += ":latest"
    return ref


@frozen
class Spare:
    """What a prune or a removal must leave alone because an operation in
    flight holds it or will restore it (built from the update engine's claims).

    `containers` are the container names operations hold (their temporary
    names count too, see `operated_name`); `image_ids` and `references` are
    the images those operations run, pull or would roll back to.
    """

    containers: frozenset[str] = frozenset()
    image_ids: frozenset[str] = frozenset()
    references: frozenset[str] = frozenset()

    def holds(self, container_name: str) -> bool:
        return operated_name(container_name) in self.containers

    def names_image(self, reference: str) -> bool:
        wanted = normalise_reference(reference)
        return any(normalise_reference(r) == wanted for r in self.references)


class PruneKind(StrEnum):
    CONTAINERS = "containers"
    IMAGES = "images"
    NETWORKS = "networks"
    VOLUMES = "volumes"


@frozen
class PruneReport:
    """What one prune removed; `space_reclaimed` is in bytes."""

    kind: PruneKind
    deleted: tuple[str, ...] = ()
    space_reclaimed: int = 0
    # What was spared because a compose stack or Docksmith itself uses it.
    protected: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.deleted)


@frozen
class SystemPruneReport:
    containers: PruneReport
    images: PruneReport
    networks: PruneReport
    volumes: PruneReport

    @property
    def space_reclaimed(self) -> int:
        return sum(
            r.space_reclaimed
            for r in (self.containers, self.images, self.networks, self.volumes)
        )


@frozen
class ImageRemoval:
    image: str
    untagged: tuple[str, ...]
    deleted: tuple[str, ...]


def compute_stats(
    container: str, raw: Mapping[str, object], read_at: datetime | None
) -> ContainerStats:
    """The seed's computed figures from one raw Engine stats sample."""
    cpu = _dict(raw.get("cpu_stats"))
    precpu = _dict(raw.get("precpu_stats"))
    cpu_delta = _int(_dict(cpu.get("cpu_usage")).get("total_usage")) - _int(
        _dict(precpu.get("cpu_usage")).get("total_usage")
    )
    system_delta = _int(cpu.get("system_cpu_usage")) - _int(
        precpu.get("system_cpu_usage")
    )
    online = _int(cpu.get("online_cpus")) or len(
        _list(_dict(cpu.get("cpu_usage")).get("percpu_usage"))
    )
    online = max(online, 1)
    cpu_percent = 0.0
    if cpu_delta > 0 and system_delta > 0:
        cpu_percent = min(cpu_delta / system_delta * online * 100.0, online * 100.0)

    memory = _dict(raw.get("memory_stats"))
    details = _dict(memory.get("stats"))
    # Page cache is reclaimable, so `docker stats` leaves it out: cgroup v1
    # reports it as total_inactive_file/cache, v2 as inactive_file.
    cache = _int(
        details.get("total_inactive_file")
        or details.get("inactive_file")
        or details.get("cache")
    )
    usage = max(_int(memory.get("usage")) - cache, 0)
    limit = _int(memory.get("limit"))
    memory_percent = min(usage / limit * 100.0, 100.0) if limit > 0 else 0.0

    rx = tx = 0
    for counters in _dict(raw.get("networks")).values():
        rx += _int(_dict(counters).get("rx_bytes"))
        tx += _int(_dict(counters).get("tx_bytes"))

    block_read = block_write = 0
    for entry in _list(_dict(raw.get("blkio_stats")).get("io_service_bytes_recursive")):
        row = _dict(entry)
        op = str(row.get("op", "")).lower()
        if op == "read":
            block_read += _int(row.get("value"))
        elif op == "write":
            block_write += _int(row.get("value"))

    return ContainerStats(
        container=container,
        read_at=read_at,
        cpu_percent=round(cpu_percent, 2),
        memory_usage=usage,
        memory_limit=limit,
        memory_percent=round(memory_percent, 2),
        network_rx=rx,
        network_tx=tx,
        block_read=block_read,
        block_write=block_write,
        pids=_int(_dict(raw.get("pids_stats")).get("current")),
        online_cpus=online,
    )


def _dict(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _int(value: object) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return int(value)
    return 0


def parse_time(value: object) -> datetime | None:
    """An Engine RFC 3339 timestamp (nanoseconds, `Z`) as an aware datetime.

    Docker writes `0001-01-01T00:00:00Z` for "never".
    """
    if not isinstance(value, str) or not value or value.startswith("0001-"):
        return None
    match = _RFC3339.match(value)
    if match is None:
        return None
    head, fraction, zone = match.groups()
    # fromisoformat takes at most microseconds; Docker gives nanoseconds.
    micro = f".{fraction[:6]}" if fraction else ""
    zone = "+00:00" if zone in ("Z", "z", None) else zone
    try:
        return datetime.fromisoformat(f"{head}{micro}{zone}")
    except ValueError:
        return None


_RFC3339 = re.compile(
    r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|z|[+-]\d\d:\d\d)?$"
)
