"""Reading and removing images, networks and volumes through the `docker` SDK.

Blocking functions over a `docker.DockerClient`; `DockerSdkEngine` runs them in
a worker thread and translates library errors. They own the explorer's view
(who uses what) and the safety rules for removal: an image or volume in use
or a built-in network is refused with a `ConflictError` naming its users.
Pruning lives in `services/docker/pruning.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import docker
import docker.errors

from services.docker.resources import (
    ContainerOverview,
    ImageDetails,
    ImageRecord,
    ImageRemoval,
    NetworkRecord,
    PortBinding,
    Spare,
    VolumeRecord,
    list_health,
    normalise_reference,
    parse_time,
    shared_labels,
)
from services.errors import ConflictError, InvalidInputError, NotFoundError


def _names(items: Sequence[str]) -> str:
    return ", ".join(sorted(items))


def list_container_overviews(client: docker.DockerClient) -> list[ContainerOverview]:
    return [_overview(raw) for raw in client.api.containers(all=True)]


def _overview(raw: Mapping[str, Any]) -> ContainerOverview:
    names = raw.get("Names") or []
    status = str(raw.get("Status") or "")
    ports = tuple(
        PortBinding(
            container_port=int(p.get("PrivatePort") or 0),
            protocol=str(p.get("Type") or "tcp"),
            host_ip=p.get("IP"),
            host_port=p.get("PublicPort"),
        )
        for p in raw.get("Ports") or []
    )
    networks = tuple(sorted((raw.get("NetworkSettings") or {}).get("Networks") or {}))
    created = raw.get("Created")
    return ContainerOverview(
        id=str(raw.get("Id") or ""),
        name=(names[0] if names else "").lstrip("/"),
        image=str(raw.get("Image") or ""),
        image_id=str(raw.get("ImageID") or ""),
        state=str(raw.get("State") or "unknown"),
        status=status,
        health=list_health(raw),
        created=datetime.fromtimestamp(created, UTC) if created else None,
        ports=ports,
        networks=networks,
        labels=dict(raw.get("Labels") or {}),
    )


def _users_by_image(containers: Sequence[ContainerOverview]) -> dict[str, list[str]]:
    users: dict[str, list[str]] = defaultdict(list)
    for c in containers:
        users[c.image_id].append(c.name)
    return users


def list_images(
    client: docker.DockerClient, *, with_users: bool = True
) -> list[ImageRecord]:
    """Every tagged or dangling image from one `/images/json` call (RepoTags,
    RepoDigests and labels included); `with_users` adds a container list to
    name who uses each image."""
    users = _users_by_image(list_container_overviews(client)) if with_users else {}
    images = []
    for raw in client.api.images():
        image_id = str(raw.get("Id") or "")
        tags = tuple(t for t in raw.get("RepoTags") or [] if t != "<none>:<none>")
        digests = tuple(
            d for d in raw.get("RepoDigests") or [] if not d.startswith("<none>")
        )
        created = raw.get("Created")
        images.append(
            ImageRecord(
                id=image_id,
                tags=tags,
                repo_digests=digests,
                size=int(raw.get("Size") or 0),
                created=datetime.fromtimestamp(created, UTC) if created else None,
                labels=shared_labels(raw.get("Labels")),
                containers=tuple(sorted(users.get(image_id, []))),
            )
        )
    return images


def get_image(client: docker.DockerClient, ref_or_id: str) -> ImageDetails:
    try:
        raw = client.api.inspect_image(ref_or_id)  # type: ignore[no-untyped-call]
    except docker.errors.NotFound as exc:
        raise NotFoundError(f"image not found: {ref_or_id}") from exc
    config = raw.get("Config") or {}
    return ImageDetails(
        id=str(raw.get("Id") or ""),
        tags=tuple(raw.get("RepoTags") or ()),
        repo_digests=tuple(raw.get("RepoDigests") or ()),
        labels=dict(config.get("Labels") or {}),
        architecture=str(raw.get("Architecture") or ""),
        os=str(raw.get("Os") or ""),
        variant=raw.get("Variant"),
        created=parse_time(raw.get("Created")),
        size=int(raw.get("Size") or 0),
    )


def remove_image(
    client: docker.DockerClient,
    ref_or_id: str,
    *,
    force: bool,
    spare: Spare | None = None,
) -> ImageRemoval:
    """Remove a tag or an image. A tag of an image that keeps other tags is
    only untagged, which no container notices, so that is allowed even when
    the image is in use; deleting an image in use needs force (and Docker
    refuses it for a running container). What an operation in flight holds
    or will restore is refused either way."""
    image = get_image(client, ref_or_id)
    users = _users_by_image(list_container_overviews(client)).get(image.id, [])
    _refuse_held_image(image, ref_or_id, users, spare)
    untag_only = _is_tag_of(ref_or_id, image) and len(image.tags) > 1
    if users and not force and not untag_only:
        raise ConflictError(
            f"image {ref_or_id} is used by containers: {_names(users)}; "
            "remove them first or use force"
        )
    try:
        result = client.api.remove_image(ref_or_id, force=force and not untag_only)
    except docker.errors.APIError as exc:
        if exc.status_code == 409:
            detail = f" (used by {_names(users)})" if users else ""
            raise ConflictError(
                f"Docker refused to remove image {ref_or_id}{detail}: "
                f"{exc.explanation or exc}"
            ) from exc
        raise
    untagged = tuple(str(r["Untagged"]) for r in result or [] if "Untagged" in r)
    deleted = tuple(str(r["Deleted"]) for r in result or [] if "Deleted" in r)
    return ImageRemoval(image=ref_or_id, untagged=untagged, deleted=deleted)


def _is_tag_of(ref_or_id: str, image: ImageDetails) -> bool:
    wanted = normalise_reference(ref_or_id)
    return any(normalise_reference(tag) == wanted for tag in image.tags)


def _refuse_held_image(
    image: ImageDetails, ref_or_id: str, users: Sequence[str], spare: Spare | None
) -> None:
    if spare is None:
        return
    held = sorted(u for u in users if spare.holds(u))
    named = _is_tag_of(ref_or_id, image) and spare.names_image(ref_or_id)
    if held or named or image.id in spare.image_ids:
        who = f" ({_names(held)})" if held else ""
        raise ConflictError(
            f"image {ref_or_id} is held by an update operation in flight{who}; "
            "try again when it has finished"
        )


def _refuse_held(what: str, users: Sequence[str], spare: Spare | None) -> None:
    held = sorted(u for u in users if spare is not None and spare.holds(u))
    if held:
        raise ConflictError(
            f"{what} is used by {_names(held)}, which an update operation in "
            "flight holds; try again when it has finished"
        )


def list_networks(client: docker.DockerClient) -> list[NetworkRecord]:
    containers = list_container_overviews(client)
    # The network list only shows running endpoints; stopped containers that
    # will join on start count as users too.
    users: dict[str, set[str]] = defaultdict(set)
    for c in containers:
        for net in c.networks:
            users[net].add(c.name)
    networks = []
    for raw in client.api.networks():
        name = str(raw.get("Name") or "")
        attached = {
            str(e.get("Name") or "") for e in (raw.get("Containers") or {}).values()
        }
        networks.append(
            NetworkRecord(
                id=str(raw.get("Id") or ""),
                name=name,
                driver=str(raw.get("Driver") or ""),
                scope=str(raw.get("Scope") or ""),
                internal=bool(raw.get("Internal")),
                created=parse_time(raw.get("Created")),
                containers=tuple(sorted((attached | users[name]) - {""})),
                labels=dict(raw.get("Labels") or {}),
            )
        )
    return networks


def remove_network(
    client: docker.DockerClient,
    name_or_id: str,
    *,
    force: bool,
    spare: Spare | None = None,
) -> str:
    """Remove a network; `force` first disconnects the containers using it."""
    networks = list_networks(client)
    found = [n for n in networks if name_or_id in (n.name, n.id)] or [
        n for n in networks if n.id.startswith(name_or_id)
    ]
    if not found:
        raise NotFoundError(f"network not found: {name_or_id}")
    if len(found) > 1:
        raise InvalidInputError(
            f"{name_or_id} matches several networks: {_names([n.name for n in found])}"
        )
    network = found[0]
    if network.builtin:
        raise ConflictError(
            f"network {network.name} is built into Docker and cannot be removed"
        )
    _refuse_held(f"network {network.name}", network.containers, spare)
    if network.containers and not force:
        raise ConflictError(
            f"network {network.name} is used by containers: "
            f"{_names(network.containers)}; disconnect them first or use force"
        )
    if force:
        for container in network.containers:
            try:
                client.api.disconnect_container_from_network(
                    container, network.id, force=True
                )
            except docker.errors.APIError:
                # A stopped container is not attached; removing still works.
                continue
    try:
        client.api.remove_network(network.id)
    except docker.errors.APIError as exc:
        if exc.status_code in (403, 409):
            raise ConflictError(
                f"Docker refused to remove network {network.name}: "
                f"{exc.explanation or exc}"
            ) from exc
        raise
    return network.name


def list_volumes(
    client: docker.DockerClient, *, with_sizes: bool = False
) -> list[VolumeRecord]:
    users: dict[str, set[str]] = defaultdict(set)
    for raw in client.api.containers(all=True):
        name = ((raw.get("Names") or [""])[0]).lstrip("/")
        for mount in raw.get("Mounts") or []:
            if mount.get("Type") == "volume" and mount.get("Name"):
                users[str(mount["Name"])].add(name)
    sizes: dict[str, int] = {}
    if with_sizes:
        # `df` walks every volume on disk, so it is opt-in.
        for raw in client.api.df().get("Volumes") or []:
            size = int((raw.get("UsageData") or {}).get("Size", -1))
            if size >= 0:
                sizes[str(raw.get("Name"))] = size
    volumes = []
    for raw in client.api.volumes().get("Volumes") or []:
        name = str(raw.get("Name") or "")
        volumes.append(
            VolumeRecord(
                name=name,
                driver=str(raw.get("Driver") or ""),
                mount_point=str(raw.get("Mountpoint") or ""),
                created=parse_time(raw.get("CreatedAt")),
                containers=tuple(sorted(users[name])),
                size=sizes.get(name),
                labels=dict(raw.get("Labels") or {}),
            )
        )
    return volumes


def remove_volume(
    client: docker.DockerClient, name: str, *, force: bool, spare: Spare | None = None
) -> str:
    match = [v for v in list_volumes(client) if v.name == name]
    if not match:
        raise NotFoundError(f"volume not found: {name}")
    _refuse_held(f"volume {name}", match[0].containers, spare)
    if match[0].containers and not force:
        raise ConflictError(
            f"volume {name} is used by containers: {_names(match[0].containers)}; "
            "remove them first"
        )
    try:
        client.api.remove_volume(name, force=force)
    except docker.errors.APIError as exc:
        if exc.status_code == 409:
            raise ConflictError(
                f"Docker refused to remove volume {name} (used by "
                f"{_names(match[0].containers)}): {exc.explanation or exc}"
            ) from exc
        raise
    return name
