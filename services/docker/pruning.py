"""Pruning stopped containers and unused images, networks and volumes.

Blocking functions over a `docker.DockerClient`, run in a worker thread by
`DockerSdkEngine`. Docker's own prune decides what is unused; this module adds
rules on top:

- what a compose stack still references survives unless the caller includes
  stacks (stack containers, networks and volumes carry the compose project
  label, so a `label!=` filter spares them);
- an image that any container's configured reference (its tag) names always
  survives, which matters after a pull that has not been rolled out yet: the
  tag must not vanish from under a running container;
- what an operation in flight holds or will restore (`Spare`: its containers
  under every temporary name, the images it runs, pulls or rolls back to, the
  networks its containers join) survives. Docker's prune cannot skip chosen
  items, so when something must be spared the candidates are removed one by
  one from the same listing that decided what to spare.

Docksmith's own container is running, so its image and volumes are in use
and never pruned.
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
    PruneKind,
    PruneReport,
    Spare,
    SystemPruneReport,
    normalise_reference,
)

_STOPPED = frozenset({"created", "exited", "dead"})
_NOTHING = Spare()


def _filters(include_stacks: bool) -> dict[str, Any]:
    return {} if include_stacks else {"label!": [COMPOSE_PROJECT]}


def prune_containers(
    client: docker.DockerClient, *, include_stacks: bool, spare: Spare = _NOTHING
) -> PruneReport:
    listed = list_container_overviews(client)
    stopped = [c for c in listed if c.state in _STOPPED]
    kept = {
        c.name
        for c in stopped
        if (c.stack and not include_stacks) or spare.holds(c.name)
    }
    held = [c for c in listed if spare.holds(c.name)]
    if not held:
        result = client.api.prune_containers(filters=_filters(include_stacks))  # type: ignore[no-untyped-call]
        return PruneReport(
            kind=PruneKind.CONTAINERS,
            deleted=tuple(result.get("ContainersDeleted") or ()),
            space_reclaimed=int(result.get("SpaceReclaimed") or 0),
            protected=tuple(sorted(kept)),
        )
    sizes = {
        str(raw["Id"]): int(raw.get("SizeRw") or 0)
        for raw in client.api.containers(all=True, size=True)
    }
    deleted: list[str] = []
    reclaimed = 0
    for c in stopped:
        if c.name in kept:
            continue
        try:
            # Without force: one that started since the listing stays.
            client.api.remove_container(c.id)
        except docker.errors.APIError:
            continue
        deleted.append(c.id)
        reclaimed += sizes.get(c.id, 0)
    return PruneReport(
        kind=PruneKind.CONTAINERS,
        deleted=tuple(deleted),
        space_reclaimed=reclaimed,
        protected=tuple(sorted(kept)),
    )


def prune_networks(
    client: docker.DockerClient, *, include_stacks: bool, spare: Spare = _NOTHING
) -> PruneReport:
    networks = [n for n in list_networks(client) if not n.builtin]
    kept = sorted(
        n.name
        for n in networks
        if (n.stack and not include_stacks and not n.containers)
        or any(spare.holds(user) for user in n.containers)
    )
    if not any(spare.holds(u) for n in networks for u in n.containers):
        result = client.api.prune_networks(filters=_filters(include_stacks))  # type: ignore[no-untyped-call]
        return PruneReport(
            kind=PruneKind.NETWORKS,
            deleted=tuple(result.get("NetworksDeleted") or ()),
            protected=tuple(kept),
        )
    # Docker's prune would also take a network whose only users are stopped
    # (a container the swap stopped and may start again): only unused go.
    deleted: list[str] = []
    for n in networks:
        if n.name in kept or n.containers:
            continue
        if n.stack and not include_stacks:
            continue
        try:
            client.api.remove_network(n.id)
        except docker.errors.APIError:
            continue
        deleted.append(n.name)
    return PruneReport(
        kind=PruneKind.NETWORKS, deleted=tuple(deleted), protected=tuple(kept)
    )


def prune_volumes(client: docker.DockerClient, *, include_stacks: bool) -> PruneReport:
    # Docker never prunes a volume a container (in any state) mounts, and
    # every volume an operation needs is mounted by one of its containers
    # throughout (the swap and compose create the new container before they
    # remove the old), so claims need no extra rule here.
    protected: tuple[str, ...] = ()
    if not include_stacks:
        protected = tuple(
            sorted(v.name for v in list_volumes(client) if v.stack and not v.containers)
        )
    result = client.api.prune_volumes(filters=_filters(include_stacks))
    return PruneReport(
        kind=PruneKind.VOLUMES,
        deleted=tuple(result.get("VolumesDeleted") or ()),
        space_reclaimed=int(result.get("SpaceReclaimed") or 0),
        protected=protected,
    )


def prune_images(
    client: docker.DockerClient,
    *,
    all_unused: bool,
    include_stacks: bool,
    spare: Spare = _NOTHING,
) -> PruneReport:
    """Dangling images, or with `all_unused` every image no container uses."""
    containers = list_container_overviews(client)
    used = {c.image_id for c in containers}
    kept_ids = set(spare.image_ids) | {
        c.image_id for c in containers if spare.holds(c.name)
    }
    refs = {normalise_reference(r) for r in spare.references}
    if all_unused:
        # An untagged image cannot be what a container names by tag.
        refs |= configured_references(client, containers)
    listed = (
        client.api.images()
        if all_unused
        else client.api.images(filters={"dangling": True})
    )
    candidates: list[str] = []
    protected: list[str] = []
    for raw in listed:
        image_id = str(raw["Id"])
        if image_id in used:
            continue
        names = {normalise_reference(t) for t in raw.get("RepoTags") or ()}
        names |= {normalise_reference(d) for d in raw.get("RepoDigests") or ()}
        names -= {"<none>:<none>", "<none>@<none>"}
        spared = sorted(names & refs)
        if spared:
            protected.extend(spared)
        elif image_id in kept_ids:
            protected.append(image_id)
        else:
            candidates.append(image_id)
    if not protected:
        return _engine_image_prune(client, dangling=not all_unused)
    return _remove_images(client, candidates, protected)


def _engine_image_prune(client: docker.DockerClient, *, dangling: bool) -> PruneReport:
    result = client.api.prune_images(filters={"dangling": dangling})  # type: ignore[no-untyped-call]
    return PruneReport(
        kind=PruneKind.IMAGES,
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
        kind=PruneKind.IMAGES,
        deleted=tuple(deleted),
        space_reclaimed=max(before - after, 0),
        protected=tuple(sorted(set(protected))),
    )


def _deleted_ids(items: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    return tuple(str(item["Deleted"]) for item in items if "Deleted" in item)


def configured_references(
    client: docker.DockerClient, containers: Sequence[ContainerOverview]
) -> set[str]:
    """The image reference every container is configured with (normalised)."""
    refs: set[str] = set()
    for c in containers:
        image = c.image
        bare = image.removeprefix("sha256:")
        if not image or (len(bare) >= 12 and c.image_id.endswith(bare)):
            # The list shows the id once the configured tag moved elsewhere:
            # only inspect still has the name.
            try:
                config = client.api.inspect_container(c.id).get("Config") or {}
            except docker.errors.NotFound:
                continue
            image = str(config.get("Image") or "")
        if image:
            refs.add(normalise_reference(image))
    return refs


def prune_system(
    client: docker.DockerClient,
    *,
    all_images: bool,
    volumes: bool,
    include_stacks: bool,
    spare: Spare = _NOTHING,
) -> SystemPruneReport:
    # Docker's order: containers first, so their images and networks free up.
    containers = prune_containers(client, include_stacks=include_stacks, spare=spare)
    networks = prune_networks(client, include_stacks=include_stacks, spare=spare)
    pruned_volumes = (
        prune_volumes(client, include_stacks=include_stacks)
        if volumes
        else PruneReport(kind=PruneKind.VOLUMES)
    )
    images = prune_images(
        client, all_unused=all_images, include_stacks=include_stacks, spare=spare
    )
    return SystemPruneReport(
        containers=containers,
        images=images,
        networks=networks,
        volumes=pruned_volumes,
    )
