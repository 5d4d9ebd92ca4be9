"""One container through the `docker` SDK: inspect, logs, stats and lifecycle.

Blocking functions over a `docker.DockerClient`; `DockerSdkEngine` runs them in
a worker thread and translates library errors. They read and act; recording
operations, publishing events and protecting Docksmith's own container are the
resolvers' job.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol

import docker
import docker.errors

from services.docker.resources import (
    ContainerDetails,
    ContainerStats,
    HealthcheckConfig,
    LogLine,
    MountInfo,
    PortBinding,
    RestartPolicy,
    compute_stats,
    inspected_health,
    parse_time,
)
from services.errors import ConflictError, NotFoundError


class LogStream(Protocol):
    """A following log stream; `close` ends it from another thread."""

    def __iter__(self) -> Iterator[bytes]: ...

    def close(self) -> None: ...


def _inspect(client: docker.DockerClient, name: str) -> dict[str, Any]:
    try:
        raw: dict[str, Any] = client.api.inspect_container(name)
    except docker.errors.NotFound as exc:
        raise NotFoundError(f"container not found: {name}") from exc
    return raw


def inspect_container(client: docker.DockerClient, name: str) -> ContainerDetails:
    return details_from_inspect(_inspect(client, name))


def details_from_inspect(raw: Mapping[str, Any]) -> ContainerDetails:
    state = raw.get("State") or {}
    config = raw.get("Config") or {}
    host = raw.get("HostConfig") or {}
    settings = raw.get("NetworkSettings") or {}
    policy = host.get("RestartPolicy") or {}
    check = config.get("Healthcheck")
    exit_code = state.get("ExitCode")
    return ContainerDetails(
        id=str(raw.get("Id") or ""),
        name=str(raw.get("Name") or "").lstrip("/"),
        image=str(config.get("Image") or ""),
        image_id=str(raw.get("Image") or ""),
        labels=dict(config.get("Labels") or {}),
        state=str(state.get("Status") or "unknown"),
        running=bool(state.get("Running")),
        health=inspected_health(state),
        restart_count=int(raw.get("RestartCount") or 0),
        exit_code=int(exit_code) if exit_code is not None else None,
        started_at=parse_time(state.get("StartedAt")),
        finished_at=parse_time(state.get("FinishedAt")),
        created=parse_time(raw.get("Created")),
        env=tuple(config.get("Env") or ()),
        command=tuple(config.get("Cmd") or ()),
        entrypoint=tuple(config.get("Entrypoint") or ()),
        working_dir=str(config.get("WorkingDir") or ""),
        user=str(config.get("User") or ""),
        hostname=str(config.get("Hostname") or ""),
        mounts=tuple(
            MountInfo(
                type=str(m.get("Type") or ""),
                source=str(m.get("Source") or ""),
                destination=str(m.get("Destination") or ""),
                rw=bool(m.get("RW")),
                name=m.get("Name"),
            )
            for m in raw.get("Mounts") or []
        ),
        network_mode=str(host.get("NetworkMode") or ""),
        networks=tuple(sorted(settings.get("Networks") or {})),
        ports=_ports(settings.get("Ports") or {}, config.get("ExposedPorts") or {}),
        restart_policy=RestartPolicy(
            name=str(policy.get("Name") or "no"),
            maximum_retry_count=int(policy.get("MaximumRetryCount") or 0),
        ),
        healthcheck=(
            HealthcheckConfig(
                test=tuple(check.get("Test") or ()),
                interval_ns=int(check.get("Interval") or 0),
                timeout_ns=int(check.get("Timeout") or 0),
                start_period_ns=int(check.get("StartPeriod") or 0),
                retries=int(check.get("Retries") or 0),
            )
            if check
            else None
        ),
        platform=str(raw.get("Platform") or ""),
    )


def _ports(
    bound: Mapping[str, Any], exposed: Mapping[str, Any]
) -> tuple[PortBinding, ...]:
    ports: list[PortBinding] = []
    for spec in sorted(set(bound) | set(exposed)):
        port, _, proto = spec.partition("/")
        bindings = bound.get(spec) or [None]
        for b in bindings:
            ports.append(
                PortBinding(
                    container_port=int(port),
                    protocol=proto or "tcp",
                    host_ip=(b or {}).get("HostIp") or None,
                    host_port=int(b["HostPort"]) if b and b.get("HostPort") else None,
                )
            )
    return tuple(ports)


def read_logs(
    client: docker.DockerClient,
    name: str,
    *,
    tail: int | None,
    since: float | None,
) -> list[LogLine]:
    _inspect(client, name)
    raw = client.api.logs(
        name,
        stdout=True,
        stderr=True,
        timestamps=True,
        tail="all" if tail is None else tail,
        since=since,
    )
    return [parse_log_line(line) for line in raw.decode(errors="replace").splitlines()]


def parse_log_line(line: str) -> LogLine:
    """`<RFC 3339 nanosecond timestamp> <text>`, as Docker writes with timestamps."""
    stamp, sep, text = line.partition(" ")
    moment = parse_time(stamp) if sep else None
    if moment is None:
        return LogLine(timestamp=None, text=line)
    return LogLine(timestamp=moment, text=text)


def follow_logs(client: docker.DockerClient, name: str, *, tail: int) -> LogStream:
    _inspect(client, name)
    stream: LogStream = client.api.logs(
        name, stdout=True, stderr=True, timestamps=True, tail=tail, stream=True,
        follow=True,
    )  # fmt: skip
    return stream


def sample_stats(client: docker.DockerClient, name: str) -> ContainerStats:
    """One sample; the engine waits about a second to fill in the CPU delta."""
    raw = client.api.stats(name, stream=False)
    container = str(raw.get("name") or name).lstrip("/")
    return compute_stats(container, raw, parse_time(raw.get("read")))


def is_running(client: docker.DockerClient, name: str) -> bool:
    return bool((_inspect(client, name).get("State") or {}).get("Running"))


def stop(client: docker.DockerClient, name: str, *, timeout: int) -> None:
    client.api.stop(name, timeout=timeout)


def start(client: docker.DockerClient, name: str) -> None:
    client.api.start(name)


def restart(client: docker.DockerClient, name: str, *, timeout: int) -> None:
    client.api.restart(name, timeout=timeout)


def remove(
    client: docker.DockerClient, name: str, *, force: bool, volumes: bool
) -> None:
    try:
        client.api.remove_container(name, v=volumes, force=force)
    except docker.errors.APIError as exc:
        if exc.status_code == 409:
            raise ConflictError(
                f"Docker refused to remove container {name}: {exc.explanation or exc}"
            ) from exc
        raise
