from __future__ import annotations

from datetime import datetime

import strawberry

from schema.types.common import Label, labels_of
from schema.types.enums import (
    ContainerActionStatus,
    ContainerHealth,
    PruneKind,
    health_of,
)
from services.actions import ContainerAction
from services.docker.resources import (
    ContainerDetails,
    ContainerLogs,
    ContainerOverview,
    ContainerStats,
    Explorer,
    HealthcheckConfig,
    ImageRecord,
    ImageRemoval,
    LogLine,
    MountInfo,
    NetworkRecord,
    PortBinding,
    PruneReport,
    RestartPolicy,
    SystemPruneReport,
    VolumeRecord,
)


@strawberry.type(description="A published or exposed container port.")
class Port:
    container_port: int = strawberry.field(description="Port inside the container.")
    protocol: str = strawberry.field(description="tcp or udp.")
    host_ip: str | None = strawberry.field(description="Host address it binds.")
    host_port: int | None = strawberry.field(description="Host port, if published.")

    @classmethod
    def from_domain(cls, p: PortBinding) -> Port:
        return cls(
            container_port=p.container_port,
            protocol=p.protocol,
            host_ip=p.host_ip,
            host_port=p.host_port,
        )


@strawberry.type(description="A container as the explorer lists it.")
class DockerContainer:
    id: str = strawberry.field(description="Engine id.")
    name: str = strawberry.field(description="Container name.")
    image: str = strawberry.field(description="Image reference it was created from.")
    image_id: str = strawberry.field(description="Id of the image it runs.")
    state: str = strawberry.field(description="running, exited, created...")
    status: str = strawberry.field(description="Docker's status line.")
    health: ContainerHealth | None = strawberry.field(
        description="Its healthcheck's verdict (null without one)."
    )
    stack: str | None = strawberry.field(description="Compose project.")
    service: str | None = strawberry.field(description="Compose service.")
    created: datetime | None = strawberry.field(description="Creation time.")
    ports: list[Port] = strawberry.field(description="Ports.")
    networks: list[str] = strawberry.field(description="Networks it joins.")

    @classmethod
    def from_domain(cls, c: ContainerOverview) -> DockerContainer:
        return cls(
            id=c.id,
            name=c.name,
            image=c.image,
            image_id=c.image_id,
            state=c.state,
            status=c.status,
            health=c.health,
            stack=c.stack,
            service=c.service,
            created=c.created,
            ports=[Port.from_domain(p) for p in c.ports],
            networks=list(c.networks),
        )


@strawberry.type(description="A local image.")
class DockerImage:
    id: str = strawberry.field(description="Image id (sha256:...).")
    tags: list[str] = strawberry.field(description="repo:tag references.")
    repo_digests: list[str] = strawberry.field(description="repo@digest references.")
    size: float = strawberry.field(description="Size in bytes.")
    created: datetime | None = strawberry.field(description="Build time.")
    containers: list[str] = strawberry.field(
        description="Containers (any state) created from it."
    )
    in_use: bool = strawberry.field(description="Whether any container uses it.")
    dangling: bool = strawberry.field(description="Whether it has no tag.")

    @classmethod
    def from_domain(cls, i: ImageRecord) -> DockerImage:
        return cls(
            id=i.id,
            tags=list(i.tags),
            repo_digests=list(i.repo_digests),
            size=i.size,
            created=i.created,
            containers=list(i.containers),
            in_use=i.in_use,
            dangling=i.dangling,
        )


@strawberry.type(description="A network.")
class DockerNetwork:
    id: str = strawberry.field(description="Engine id.")
    name: str = strawberry.field(description="Name.")
    driver: str = strawberry.field(description="bridge, host, null, overlay...")
    scope: str = strawberry.field(description="local or swarm.")
    internal: bool = strawberry.field(description="No traffic leaves it.")
    builtin: bool = strawberry.field(description="Created by Docker; not removable.")
    stack: str | None = strawberry.field(description="Compose project.")
    containers: list[str] = strawberry.field(description="Containers that use it.")
    created: datetime | None = strawberry.field(description="Creation time.")

    @classmethod
    def from_domain(cls, n: NetworkRecord) -> DockerNetwork:
        return cls(
            id=n.id,
            name=n.name,
            driver=n.driver,
            scope=n.scope,
            internal=n.internal,
            builtin=n.builtin,
            stack=n.stack,
            containers=list(n.containers),
            created=n.created,
        )


@strawberry.type(description="A volume.")
class DockerVolume:
    name: str = strawberry.field(description="Name.")
    driver: str = strawberry.field(description="Volume driver.")
    mount_point: str = strawberry.field(description="Where it lives on the host.")
    stack: str | None = strawberry.field(description="Compose project.")
    containers: list[str] = strawberry.field(description="Containers that mount it.")
    size: float | None = strawberry.field(description="Bytes used, when known.")
    created: datetime | None = strawberry.field(description="Creation time.")

    @classmethod
    def from_domain(cls, v: VolumeRecord) -> DockerVolume:
        return cls(
            name=v.name,
            driver=v.driver,
            mount_point=v.mount_point,
            stack=v.stack,
            containers=list(v.containers),
            size=v.size,
            created=v.created,
        )


@strawberry.type(description="Containers, images, networks and volumes at once.")
class ExplorerView:
    containers: list[DockerContainer] = strawberry.field(description="Containers.")
    images: list[DockerImage] = strawberry.field(description="Images.")
    networks: list[DockerNetwork] = strawberry.field(description="Networks.")
    volumes: list[DockerVolume] = strawberry.field(
        description="Volumes (sizes omitted; query `volumes` for them)."
    )

    @classmethod
    def from_domain(cls, e: Explorer) -> ExplorerView:
        return cls(
            containers=[DockerContainer.from_domain(c) for c in e.containers],
            images=[DockerImage.from_domain(i) for i in e.images],
            networks=[DockerNetwork.from_domain(n) for n in e.networks],
            volumes=[DockerVolume.from_domain(v) for v in e.volumes],
        )


@strawberry.type(description="A line of a container's log.")
class ContainerLogLine:
    timestamp: datetime | None = strawberry.field(description="When it was written.")
    text: str = strawberry.field(description="The line.")

    @classmethod
    def from_domain(cls, line: LogLine) -> ContainerLogLine:
        return cls(timestamp=line.timestamp, text=line.text)


@strawberry.type(description="The end of a container's log.")
class ContainerLogOutput:
    container: str = strawberry.field(description="The container.")
    tail: int | None = strawberry.field(description="Lines asked for (null = all).")
    lines: list[ContainerLogLine] = strawberry.field(description="The lines.")
    logs: str = strawberry.field(description="The lines as one text.")

    @classmethod
    def from_domain(cls, logs: ContainerLogs) -> ContainerLogOutput:
        return cls(
            container=logs.container,
            tail=logs.tail,
            lines=[ContainerLogLine.from_domain(line) for line in logs.lines],
            logs=logs.text,
        )


@strawberry.type(description="One resource sample of a running container.")
class ContainerStatsSample:
    container: str = strawberry.field(description="The container.")
    read_at: datetime | None = strawberry.field(description="When it was taken.")
    cpu_percent: float = strawberry.field(description="CPU use; 100 is one full core.")
    memory_usage: float = strawberry.field(description="Bytes, page cache excluded.")
    memory_limit: float = strawberry.field(description="Bytes it may use.")
    memory_percent: float = strawberry.field(description="Usage against the limit.")
    network_rx: float = strawberry.field(description="Bytes received.")
    network_tx: float = strawberry.field(description="Bytes sent.")
    block_read: float = strawberry.field(description="Bytes read from disk.")
    block_write: float = strawberry.field(description="Bytes written to disk.")
    pids: int = strawberry.field(description="Processes.")
    online_cpus: int = strawberry.field(description="CPUs it can use.")

    @classmethod
    def from_domain(cls, s: ContainerStats) -> ContainerStatsSample:
        return cls(
            container=s.container,
            read_at=s.read_at,
            cpu_percent=s.cpu_percent,
            memory_usage=s.memory_usage,
            memory_limit=s.memory_limit,
            memory_percent=s.memory_percent,
            network_rx=s.network_rx,
            network_tx=s.network_tx,
            block_read=s.block_read,
            block_write=s.block_write,
            pids=s.pids,
            online_cpus=s.online_cpus,
        )


@strawberry.type(description="A mount.")
class ContainerMount:
    type: str = strawberry.field(description="bind, volume or tmpfs.")
    name: str | None = strawberry.field(description="Volume name.")
    source: str = strawberry.field(description="Host path.")
    destination: str = strawberry.field(description="Path inside the container.")
    rw: bool = strawberry.field(description="Writable.")

    @classmethod
    def from_domain(cls, m: MountInfo) -> ContainerMount:
        return cls(
            type=m.type,
            name=m.name,
            source=m.source,
            destination=m.destination,
            rw=m.rw,
        )


@strawberry.type(description="What Docker does when a container exits.")
class ContainerRestartPolicy:
    name: str = strawberry.field(
        description="no, always, unless-stopped or on-failure (empty: no)."
    )
    maximum_retry_count: int = strawberry.field(
        description="Retries for on-failure (0: unlimited)."
    )

    @classmethod
    def from_domain(cls, r: RestartPolicy) -> ContainerRestartPolicy:
        return cls(name=r.name, maximum_retry_count=r.maximum_retry_count)


@strawberry.type(description="A container's healthcheck as configured.")
class ContainerHealthcheck:
    test: list[str] = strawberry.field(description="The test command.")
    # Floats: durations in nanoseconds overflow GraphQL's 32-bit Int.
    interval_ns: float = strawberry.field(description="Between checks, in ns.")
    timeout_ns: float = strawberry.field(description="Per check, in ns.")
    start_period_ns: float = strawberry.field(description="Grace after start, in ns.")
    retries: int = strawberry.field(description="Failures before unhealthy.")

    @classmethod
    def from_domain(cls, h: HealthcheckConfig) -> ContainerHealthcheck:
        return cls(
            test=list(h.test),
            interval_ns=h.interval_ns,
            timeout_ns=h.timeout_ns,
            start_period_ns=h.start_period_ns,
            retries=h.retries,
        )


@strawberry.type(description="A readable view of `docker inspect`.")
class ContainerInspection:
    id: str = strawberry.field(description="Engine id.")
    name: str = strawberry.field(description="Name.")
    image: str = strawberry.field(description="Image as configured.")
    image_id: str = strawberry.field(description="Image it runs.")
    state: str = strawberry.field(description="running, exited...")
    running: bool = strawberry.field(description="Whether it runs.")
    health: ContainerHealth | None = strawberry.field(
        description="Its healthcheck's verdict (null without one)."
    )
    restart_count: int = strawberry.field(description="Restarts by Docker.")
    exit_code: int | None = strawberry.field(description="Last exit code.")
    started_at: datetime | None = strawberry.field(description="Last start.")
    finished_at: datetime | None = strawberry.field(description="Last stop.")
    created: datetime | None = strawberry.field(description="Creation time.")
    stack: str | None = strawberry.field(description="Compose project.")
    service: str | None = strawberry.field(description="Compose service.")
    labels: list[Label] = strawberry.field(description="Labels, by key.")
    env: list[str] = strawberry.field(
        description="KEY=value, secret-looking values masked."
    )
    command: list[str] = strawberry.field(description="Command.")
    entrypoint: list[str] = strawberry.field(description="Entrypoint.")
    working_dir: str = strawberry.field(description="Working directory.")
    user: str = strawberry.field(description="User.")
    hostname: str = strawberry.field(description="Hostname.")
    mounts: list[ContainerMount] = strawberry.field(description="Mounts.")
    network_mode: str = strawberry.field(description="Network mode.")
    networks: list[str] = strawberry.field(description="Networks.")
    ports: list[Port] = strawberry.field(description="Ports.")
    restart_policy: ContainerRestartPolicy = strawberry.field(
        description="What Docker does when it exits."
    )
    healthcheck: ContainerHealthcheck | None = strawberry.field(
        description="Its healthcheck, if it has one."
    )
    platform: str = strawberry.field(description="Platform, e.g. linux.")

    @classmethod
    def from_domain(cls, d: ContainerDetails) -> ContainerInspection:
        return cls(
            id=d.id,
            name=d.name,
            image=d.image,
            image_id=d.image_id,
            state=d.state,
            running=d.running,
            health=health_of(d.health),
            restart_count=d.restart_count,
            exit_code=d.exit_code,
            started_at=d.started_at,
            finished_at=d.finished_at,
            created=d.created,
            stack=d.stack,
            service=d.service,
            labels=labels_of(d.labels),
            env=list(d.env),
            command=list(d.command),
            entrypoint=list(d.entrypoint),
            working_dir=d.working_dir,
            user=d.user,
            hostname=d.hostname,
            mounts=[ContainerMount.from_domain(m) for m in d.mounts],
            network_mode=d.network_mode,
            networks=list(d.networks),
            ports=[Port.from_domain(p) for p in d.ports],
            restart_policy=ContainerRestartPolicy.from_domain(d.restart_policy),
            healthcheck=(
                ContainerHealthcheck.from_domain(d.healthcheck)
                if d.healthcheck
                else None
            ),
            platform=d.platform,
        )


@strawberry.type(
    description="A container operation finished, or is under way when it took "
    "longer than a request waits (follow `operationId`)."
)
class ContainerActionSuccess:
    container: str = strawberry.field(description="The container.")
    status: ContainerActionStatus = strawberry.field(
        description="STOPPED, STARTED, RESTARTED, REMOVED; or STOPPING, STARTING, "
        "RESTARTING, REMOVING while under way."
    )
    operation_id: str = strawberry.field(description="The recorded operation.")
    message: str = strawberry.field(description="For a person.")

    @classmethod
    def from_domain(cls, a: ContainerAction) -> ContainerActionSuccess:
        return cls(
            container=a.container,
            status=a.status,
            operation_id=a.operation_id,
            message=a.message,
        )


@strawberry.type(description="An image was removed or untagged.")
class ImageRemoved:
    image: str = strawberry.field(description="What was asked for.")
    untagged: list[str] = strawberry.field(description="References removed.")
    deleted: list[str] = strawberry.field(description="Image and layer ids deleted.")

    @classmethod
    def from_domain(cls, r: ImageRemoval) -> ImageRemoved:
        return cls(image=r.image, untagged=list(r.untagged), deleted=list(r.deleted))


@strawberry.type(description="A network or volume was removed.")
class ResourceRemoved:
    name: str = strawberry.field(description="What was removed.")
    message: str = strawberry.field(description="For a person.")


@strawberry.type(description="What a prune removed.")
class Pruned:
    kind: PruneKind = strawberry.field(description="What was pruned.")
    deleted: list[str] = strawberry.field(description="Ids or names removed.")
    count: int = strawberry.field(description="How many.")
    space_reclaimed: float = strawberry.field(description="Bytes freed.")
    protected: list[str] = strawberry.field(
        description="Spared because a compose stack still references them."
    )

    @classmethod
    def from_domain(cls, r: PruneReport) -> Pruned:
        return cls(
            kind=r.kind,
            deleted=list(r.deleted),
            count=r.count,
            space_reclaimed=r.space_reclaimed,
            protected=list(r.protected),
        )


@strawberry.type(description="What a system prune removed.")
class SystemPruned:
    containers: Pruned = strawberry.field(description="Stopped containers.")
    images: Pruned = strawberry.field(description="Images.")
    networks: Pruned = strawberry.field(description="Networks.")
    volumes: Pruned = strawberry.field(description="Volumes.")
    space_reclaimed: float = strawberry.field(description="Bytes freed in total.")

    @classmethod
    def from_domain(cls, r: SystemPruneReport) -> SystemPruned:
        return cls(
            containers=Pruned.from_domain(r.containers),
            images=Pruned.from_domain(r.images),
            networks=Pruned.from_domain(r.networks),
            volumes=Pruned.from_domain(r.volumes),
            space_reclaimed=r.space_reclaimed,
        )
