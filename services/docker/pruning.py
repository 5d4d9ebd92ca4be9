"""Pruning stopped containers and unused images, networks and volumes.

Blocking functions over a `docker.DockerClient`, run in a worker thread by
`DockerSdkEngine`. Docker's own prune decides what is unused; this module adds
one rule on top: what a compose stack still references survives unless the
caller includes stacks. Stack containers, networks and volumes carry the
compose project label, so a `label!=` filter spares them; images are spared
when a stack container's configured reference (its tag) names them, which
matters after a pull that has not been rolled out yet. Docksmith's own
container is running, so its image and volumes are in use and never pruned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import docker
import docker.errors

from services.docker.explorer import (
    list_container_overviews,
    list_networks,
    list_volumes,
)
from services.docker.resources import (
    COMPOSE_PROJECT,
    ContainerOverview,
    PruneReport,
    SystemPruneReport,
)

_STOPPED = frozenset({"created", "exited", "dead"})


def _filters(include_stacks: bool) -> dict[str, Any]:
    return {} if include_stacks else {"label!": [COMPOSE_PROJECT]}


def prune_containers(
    client: docker.DockerClient, *, include_stacks: bool
) -> PruneReport:
    protected: tuple[str, ...] = ()
    if not include_stacks:
        protected = tuple(
            sorted(
                c.name
                for c in list_container_overviews(client)
                if c.stack and c.state in _STOPPED
            )
        )
    result = client.api.prune_containers(filters=_filters(include_stacks))  # type: ignore[no-untyped-call]
    return PruneReport(
        kind="containers",
        deleted=tuple(result.get("ContainersDeleted") or ()),
        space_reclaimed=int(result.get("SpaceReclaimed") or 0),
        protected=protected,
    )


def prune_networks(client: docker.DockerClient, *, include_stacks: bool) -> PruneReport:
    protected: tuple[str, ...] = ()
    if not include_stacks:
        protected = tuple(
            sorted(
                n.name
                for n in list_networks(client)
                if n.stack and not n.containers and not n.builtin
            )
        )
    result = client.api.prune_networks(filters=_filters(include_stacks))  # type: ignore[no-untyped-call]
    return PruneReport(
        kind="networks",
        deleted=tuple(result.get("NetworksDeleted") or ()),
        protected=protected,
    )


def prune_volumes(client: docker.DockerClient, *, include_stacks: bool) -> PruneReport:
    protected: tuple[str, ...] = ()
    if not include_stacks:
        protected = tuple(
            sorted(v.name for v in list_volumes(client) if v.stack and not v.containers)
        )
    result = client.api.prune_volumes(filters=_filters(include_stacks))
    return PruneReport(
        kind="volumes",
        deleted=tuple(result.get("VolumesDeleted") or ()),
        space_reclaimed=int(result.get("SpaceReclaimed") or 0),
        protected=protected,
    )


def prune_images(
    client: docker.DockerClient, *, all_unused: bool, include_stacks: bool
) -> PruneReport:
    """Dangling images, or with `all_unused` every image no container uses."""
    if not all_unused:
        # An untagged image cannot be what a stack references by tag.
        return _engine_image_prune(client, dangling=True)
    containers = list_container_overviews(client)
    used = {c.image_id for c in containers}
    refs = set() if include_stacks else _stack_references(client, containers)
    candidates: list[str] = []
    protected: list[str] = []
    for raw in client.api.images():
        if raw["Id"] in used:
            continue
        names = {normalise_reference(t) for t in raw.get("RepoTags") or ()}
        names |= {normalise_reference(d) for d in raw.get("RepoDigests") or ()}
        spared = sorted(names & refs)
        if spared:
            protected.extend(spared)
        else:
            candidates.append(str(raw["Id"]))
    if not protected:
        return _engine_image_prune(client, dangling=False)
    return _remove_images(client, candidates, protected)


def _engine_image_prune(client: docker.DockerClient, *, dangling: bool) -> PruneReport:
    result = client.api.prune_images(filters={"dangling": dangling})  # type: ignore[no-untyped-call]
    return PruneReport(
        kind="images",
        deleted=_deleted_ids(result.get("ImagesDeleted") or ()),
        space_reclaimed=int(result.get("SpaceReclaimed") or 0),
    )


def _remove_images(
    client: docker.DockerClient, candidates: Sequence[str], protected: Sequence[str]
) -> PruneReport:
    # Docker's prune cannot skip chosen images, so remove them one by one and
    # measure what the layer store lost, as Docker's own prune reports it.
    before = int(client.api.df().get("LayersSize") or 0)
    deleted: list[str] = []
    for image_id in candidates:
        try:
            # Unused images only, so force merely untags extra references.
            result = client.api.remove_image(image_id, force=True)
        except docker.errors.APIError:
            # Gone with a parent already, or put to use since the listing.
            continue
        deleted.extend(_deleted_ids(result or ()))
    after = int(client.api.df().get("LayersSize") or 0)
    return PruneReport(
        kind="images",
        deleted=tuple(deleted),
        space_reclaimed=max(before - after, 0),
        protected=tuple(protected),
    )


def _deleted_ids(items: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    return tuple(str(item["Deleted"]) for item in items if "Deleted" in item)


def _stack_references(
    client: docker.DockerClient, containers: Sequence[ContainerOverview]
) -> set[str]:
    refs: set[str] = set()
    for c in containers:
        if not c.stack:
            continue
        try:
            config = client.api.inspect_container(c.id).get("Config") or {}
        except docker.errors.NotFound:
            continue
        if config.get("Image"):
            refs.add(normalise_reference(str(config["Image"])))
    return refs


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


def prune_system(
    client: docker.DockerClient,
    *,
    all_images: bool,
    volumes: bool,
    include_stacks: bool,
) -> SystemPruneReport:
    # Docker's order: containers first, so their images and networks free up.
    containers = prune_containers(client, include_stacks=include_stacks)
    networks = prune_networks(client, include_stacks=include_stacks)
    pruned_volumes = (
        prune_volumes(client, include_stacks=include_stacks)
        if volumes
        else PruneReport(kind="volumes")
    )
    images = prune_images(client, all_unused=all_images, include_stacks=include_stacks)
    return SystemPruneReport(
        containers=containers,
        images=images,
        networks=networks,
        volumes=pruned_volumes,
    )
