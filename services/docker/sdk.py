"""`DockerSdkEngine`: the `docker` SDK behind the `DockerEngine` protocol.

The SDK blocks, so every call runs in a worker thread. The client is built
lazily and dropped on connection errors: Docksmith starts without an engine,
answers 503 while it is away, and reconnects on the next call once it is back.
SDK exceptions never leave this module; they become domain errors.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import AsyncGenerator, Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import docker
import docker.errors
import msgspec
from docker.models.containers import Container

from services.docker import containers, explorer, pruning
from services.docker.address import EngineAddress
from services.docker.client import SdkClient
from services.docker.engine import ContainerSummary, EngineInfo
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
    inspected_health,
    shared_labels,
)
from services.docker.streams import follow_in_thread
from services.errors import DockerEngineError, NotFoundError
from services.inputs import docker_name, image_ref

if TYPE_CHECKING:
    from services.docker.ssh import RemoteFiles

log = logging.getLogger(__name__)
T = TypeVar("T")


def _parse_time(value: str | None) -> datetime | None:
    if not value or value.startswith("0001-"):
        return None
    # Docker gives nanoseconds; fromisoformat accepts at most microseconds.
    head, _, rest = value.partition(".")
    if rest:
        frac = rest.rstrip("Z")
        tz = ""
        for sep in ("+", "-"):
            if sep in frac:
                frac, _, tz_part = frac.partition(sep)
                tz = sep + tz_part
        value = f"{head}.{frac[:6]}{tz or '+00:00'}"
    else:
        value = value.replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _summary(container: Container) -> ContainerSummary:
    attrs: dict[str, Any] = container.attrs
    state = attrs.get("State") or {}
    config = attrs.get("Config") or {}
    health = inspected_health(state)
    return ContainerSummary(
        id=container.id or "",
        name=(attrs.get("Name") or "").lstrip("/") or (container.name or ""),
        image=config.get("Image") or "",
        image_id=attrs.get("Image") or "",
        state=state.get("Status") or "unknown",
        status=state.get("Status") or "unknown",
        health=health,
        created=_parse_time(attrs.get("Created")),
        labels=dict(config.get("Labels") or {}),
    )


_HEALTH_IN_STATUS = (
    ("(healthy)", "healthy"),
    ("(unhealthy)", "unhealthy"),
    ("(health: starting)", "starting"),
)


class _ListedContainer(msgspec.Struct, rename="pascal"):
    """The fields of a `/containers/json` row a summary needs; the decoder
    skips the rest of the row (ports, mounts, networks) without building it."""

    id: str = ""
    names: list[str] | None = None
    image: str = ""
    image_id: str = msgspec.field(default="", name="ImageID")
    state: str = ""
    status: str = ""
    created: int | None = None
    labels: dict[str, str] | None = None


def _listed_image_is_reliable(row: _ListedContainer) -> bool:
    """The list API shows the image *id* instead of the configured name once
    that name points elsewhere (a moved tag); only inspect has the name then."""
    bare = row.image.removeprefix("sha256:")
    return bool(row.image) and not (row.image_id.endswith(bare) and len(bare) >= 12)


def _summary_from_list(row: _ListedContainer) -> ContainerSummary:
    health = next((h for text, h in _HEALTH_IN_STATUS if text in row.status), None)
    return ContainerSummary(
        id=row.id,
        name=row.names[0].lstrip("/") if row.names else "",
        # Shared like the labels: a repository's containers repeat them.
        image=sys.intern(row.image),
        image_id=sys.intern(row.image_id),
        state=row.state or "unknown",
        status=row.state or "unknown",
        health=health,
        created=datetime.fromtimestamp(row.created, UTC)
        if row.created is not None
        else None,
        labels=shared_labels(row.labels),
    )


def _list_rows(
    client: docker.DockerClient,
    *,
    include_stopped: bool,
    filters: Mapping[str, list[str]] | None = None,
) -> list[_ListedContainer]:
    """`docker ps` as slim rows: the SDK's `containers()` decodes the whole
    answer into dicts first (about 5 KB of Python objects per container, 10
    MB at a peak for 2,000), most of which no summary reads. Decoding the
    bytes straight into the few fields needed keeps a check's peak low."""
    # Private helpers the type stubs do not declare.
    api: Any = client.api
    params: dict[str, object] = {"all": 1 if include_stopped else 0}
    if filters:
        params["filters"] = json.dumps(filters)
    # The SDK's own request helpers, so the API version, timeout and error
    # translation are the same as its containers() call.
    response = api._get(api._url("/containers/json"), params=params)
    body: bytes = api._result(response, binary=True)
    try:
        return msgspec.json.decode(body, type=list[_ListedContainer])
    except msgspec.DecodeError as exc:
        raise DockerEngineError(
            f"the engine's container list is unreadable: {exc}"
        ) from exc


class DockerSdkEngine:
    def __init__(
        self, host: str | EngineAddress | None = None, *, timeout: int = 30
    ) -> None:
        self._sdk = SdkClient(host, timeout=timeout)

    @property
    def host(self) -> str:
        return self._sdk.host

    async def _call(self, what: str, fn: Callable[[docker.DockerClient], T]) -> T:
        return await self._sdk.call(what, fn, prefix_not_found=False)

    async def ping(self) -> bool:
        try:
            return bool(await self._call("ping", lambda c: c.ping()))
        except DockerEngineError:
            return False

    async def info(self) -> EngineInfo:
        def read(client: docker.DockerClient) -> EngineInfo:
            version = client.version()
            return EngineInfo(
                version=str(version.get("Version", "")),
                api_version=str(version.get("ApiVersion", "")),
                os=str(version.get("Os", "linux")),
                architecture=str(version.get("Arch", "amd64")),
                host=self._sdk.host,
            )

        return await self._call("reading the engine version", read)

    async def list_containers(
        self,
        *,
        include_stopped: bool = True,
        labels: Mapping[str, str | None] | None = None,
    ) -> list[ContainerSummary]:
        filters = (
            {"label": [k if v is None else f"{k}={v}" for k, v in labels.items()]}
            if labels
            else None
        )

        def read(client: docker.DockerClient) -> list[ContainerSummary]:
            # One list call instead of the SDK's list-then-inspect-each, which
            # costs a round trip per container on hosts with hundreds of them.
            found = []
            rows = _list_rows(client, include_stopped=include_stopped, filters=filters)
            for row in rows:
                if _listed_image_is_reliable(row):
                    found.append(_summary_from_list(row))
                    continue
                try:
                    found.append(_summary(client.containers.get(row.id)))
                except docker.errors.NotFound:
                    continue  # removed between the list and the inspect
            return found

        return await self._call("listing containers", read)

    async def get_container(self, name_or_id: str) -> ContainerSummary:
        docker_name(name_or_id)

        def read(client: docker.DockerClient) -> ContainerSummary:
            try:
                return _summary(client.containers.get(name_or_id))
            except docker.errors.NotFound as exc:
                raise NotFoundError(f"container not found: {name_or_id}") from exc

        return await self._call(f"inspecting container {name_or_id}", read)

    async def close(self) -> None:
        await self._sdk.close()

    def files(self) -> RemoteFiles:
        """Blocking file access on an SSH host, over the engine's own
        connection (call it from a worker thread)."""
        return self._sdk.files()

    # Explorer and container operations (services/docker/explorer.py,
    # containers.py and pruning.py hold the SDK calls).

    async def get_image(self, ref_or_id: str) -> ImageDetails:
        image_ref(ref_or_id)
        return await self._call(
            f"inspecting image {ref_or_id}", lambda c: explorer.get_image(c, ref_or_id)
        )

    async def inspect_container(self, name: str) -> ContainerDetails:
        docker_name(name)
        return await self._call(
            f"inspecting container {name}",
            lambda c: containers.inspect_container(c, name),
        )

    async def list_container_overviews(self) -> list[ContainerOverview]:
        return await self._call("listing containers", explorer.list_container_overviews)

    async def list_images(self, *, with_users: bool = True) -> list[ImageRecord]:
        return await self._call(
            "listing images",
            lambda c: explorer.list_images(c, with_users=with_users),
        )

    async def list_networks(self) -> list[NetworkRecord]:
        return await self._call("listing networks", explorer.list_networks)

    async def list_volumes(self, *, with_sizes: bool = False) -> list[VolumeRecord]:
        return await self._call(
            "listing volumes", lambda c: explorer.list_volumes(c, with_sizes=with_sizes)
        )

    async def remove_image(
        self, ref_or_id: str, *, force: bool = False, spare: Spare | None = None
    ) -> ImageRemoval:
        image_ref(ref_or_id)
        return await self._call(
            f"removing image {ref_or_id}",
            lambda c: explorer.remove_image(c, ref_or_id, force=force, spare=spare),
        )

    async def remove_network(
        self, name_or_id: str, *, force: bool = False, spare: Spare | None = None
    ) -> str:
        docker_name(name_or_id, "network")
        return await self._call(
            f"removing network {name_or_id}",
            lambda c: explorer.remove_network(c, name_or_id, force=force, spare=spare),
        )

    async def remove_volume(
        self, name: str, *, force: bool = False, spare: Spare | None = None
    ) -> str:
        docker_name(name, "volume")
        return await self._call(
            f"removing volume {name}",
            lambda c: explorer.remove_volume(c, name, force=force, spare=spare),
        )

    async def container_logs(
        self, name: str, *, tail: int | None = 100, since: float | None = None
    ) -> list[LogLine]:
        docker_name(name)
        return await self._call(
            f"reading logs of {name}",
            lambda c: containers.read_logs(c, name, tail=tail, since=since),
        )

    def follow_container_logs(
        self, name: str, *, tail: int = 100
    ) -> AsyncGenerator[LogLine, None]:
        docker_name(name)

        async def open_stream() -> containers.LogStream:
            return await self._call(
                f"following logs of {name}",
                lambda c: containers.follow_logs(c, name, tail=tail),
            )

        return follow_in_thread(open_stream)

    async def container_stats(self, name: str) -> ContainerStats:
        docker_name(name)
        return await self._call(
            f"reading stats of {name}", lambda c: containers.sample_stats(c, name)
        )

    async def container_running(self, name: str) -> bool:
        docker_name(name)
        return await self._call(
            f"inspecting container {name}", lambda c: containers.is_running(c, name)
        )

    async def stop_container(self, name: str, *, grace_seconds: int = 10) -> None:
        docker_name(name)
        await self._call(
            f"stopping {name}",
            lambda c: containers.stop(c, name, timeout=grace_seconds),
        )

    async def start_container(self, name: str) -> None:
        docker_name(name)
        await self._call(f"starting {name}", lambda c: containers.start(c, name))

    async def restart_container(self, name: str, *, grace_seconds: int = 10) -> None:
        docker_name(name)
        await self._call(
            f"restarting {name}",
            lambda c: containers.restart(c, name, timeout=grace_seconds),
        )

    async def remove_container(
        self, name: str, *, force: bool = False, volumes: bool = False
    ) -> None:
        docker_name(name)
        await self._call(
            f"removing {name}",
            lambda c: containers.remove(c, name, force=force, volumes=volumes),
        )

    async def prune_containers(
        self, *, include_stacks: bool = False, spare: Spare | None = None
    ) -> PruneReport:
        return await self._call(
            "pruning containers",
            lambda c: pruning.prune_containers(
                c, include_stacks=include_stacks, spare=spare or Spare()
            ),
        )

    async def prune_images(
        self,
        *,
        all_unused: bool = False,
        include_stacks: bool = False,
        spare: Spare | None = None,
    ) -> PruneReport:
        return await self._call(
            "pruning images",
            lambda c: pruning.prune_images(
                c,
                all_unused=all_unused,
                include_stacks=include_stacks,
                spare=spare or Spare(),
            ),
        )

    async def prune_networks(
        self, *, include_stacks: bool = False, spare: Spare | None = None
    ) -> PruneReport:
        return await self._call(
            "pruning networks",
            lambda c: pruning.prune_networks(
                c, include_stacks=include_stacks, spare=spare or Spare()
            ),
        )

    async def prune_volumes(self, *, include_stacks: bool = False) -> PruneReport:
        return await self._call(
            "pruning volumes",
            lambda c: pruning.prune_volumes(c, include_stacks=include_stacks),
        )

    async def prune_system(
        self,
        *,
        all_images: bool = False,
        volumes: bool = False,
        include_stacks: bool = False,
        spare: Spare | None = None,
    ) -> SystemPruneReport:
        return await self._call(
            "pruning unused resources",
            lambda c: pruning.prune_system(
                c,
                all_images=all_images,
                volumes=volumes,
                include_stacks=include_stacks,
                spare=spare or Spare(),
            ),
        )
