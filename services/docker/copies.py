"""The copies of one container an interrupted recreate can leave.

Compose recreates a service container by stopping it, renaming it
``<first 12 hex of its id>_<name>``, creating the new container under
``<name>``, starting it and only then removing the old one (v1 and v2 do
the same). A compose run killed in between leaves two copies, or only the
renamed old one. `copies` finds them all; `keep` makes one of them the
container under ``<name>`` and removes the others, so whoever judges the
outcome (start-up reconciliation) can converge on exactly one copy.

Compose v2 recreating a container v1 created gives the new one v2's name
(``app-web-1``) while the old one was renamed from v1's (``<id>_app_web_1``):
the names no longer tell they are copies of one container. Given the
service's compose labels, `copies` also finds the copies by them.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from typing import Any

import docker

from services.docker.calls import DEFAULT_STOP_SECONDS, SdkCalls
from services.frozen import frozen


@frozen
class ContainerCopy:
    id: str
    name: str
    image_id: str
    running: bool
    renamed: bool  # not named as asked: compose's `<id>_<name>`, or v1's name
    stop_seconds: int

    @classmethod
    def from_attrs(cls, attrs: dict[str, Any], primary: str) -> ContainerCopy:
        state = attrs.get("State") or {}
        config = attrs.get("Config") or {}
        timeout = config.get("StopTimeout")
        name = str(attrs.get("Name", "")).lstrip("/")
        return cls(
            id=str(attrs["Id"]),
            name=name,
            image_id=str(attrs.get("Image") or ""),
            running=bool(state.get("Running")),
            renamed=name != primary,
            stop_seconds=timeout
            if isinstance(timeout, int) and timeout >= 0
            else DEFAULT_STOP_SECONDS,
        )


async def copies(
    calls: SdkCalls, name: str, service: Mapping[str, str] | None = None
) -> list[ContainerCopy]:
    """``name`` itself (first, when it exists) and every ``<12 hex>_<name>``;
    with ``service`` (a compose container's labels) also every container of
    the same project, service and number, whatever its name."""
    renamed = re.compile(r"[0-9a-f]{12}_" + re.escape(name))
    wanted = _service_filter(service or {})

    def run(client: docker.DockerClient) -> list[str]:
        rows = client.api.containers(all=True, filters={"name": name})
        found: list[str] = []
        for row in rows:
            for raw in row.get("Names") or []:
                candidate = str(raw).lstrip("/")
                if candidate == name or renamed.fullmatch(candidate):
                    found.append(str(row["Id"]))
                    break
        if wanted:
            for row in client.api.containers(all=True, filters={"label": wanted}):
                if str(row["Id"]) not in found:
                    found.append(str(row["Id"]))
        return found

    ids = await calls.call(f"listing the copies of {name}", run)
    found = []
    for container_id in ids:
        attrs = await calls.container_attrs(container_id)
        if attrs is not None:
            found.append(ContainerCopy.from_attrs(attrs, name))
    return sorted(found, key=lambda c: c.renamed)


@frozen
class Replica:
    """Another container of a compose service: its number, the name it has
    (or had before compose renamed it aside) and every copy of it."""

    number: str
    name: str
    copies: tuple[ContainerCopy, ...]  # the one under `name` first

    def labels(self, service: Mapping[str, str]) -> dict[str, str]:
        """`service`'s compose labels with this one's number: what `copies`
        and `keep` know it by."""
        return {**service, NUMBER: self.number}


async def replicas(calls: SdkCalls, labels: Mapping[str, str]) -> list[Replica]:
    """The other containers of ``labels``' compose service (same project and
    service, another number; no one-off runs), each with its copies, renamed
    leftovers included: one engine listing, grouped by number."""
    if not all(labels.get(k) for k in SERVICE_KEYS):
        return []
    wanted = [
        *(f"{k}={labels[k]}" for k in SERVICE_KEYS[:2]),
        "com.docker.compose.oneoff=False",
    ]

    def run(client: docker.DockerClient) -> list[tuple[str, str]]:
        rows = client.api.containers(all=True, filters={"label": wanted})
        return [
            (str(r["Id"]), str((r.get("Labels") or {}).get(NUMBER, ""))) for r in rows
        ]

    rows = await calls.call("listing the replicas of a compose service", run)
    by_number: dict[str, list[dict[str, Any]]] = {}
    for container_id, number in rows:
        if number and number != labels[NUMBER]:
            attrs = await calls.container_attrs(container_id)
            if attrs is not None:
                by_number.setdefault(number, []).append(attrs)
    found = []
    for number, group in sorted(by_number.items(), key=lambda kv: _as_int(kv[0])):
        names = [str(a.get("Name", "")).lstrip("/") for a in group]
        plain = [n for n in names if not LEFTOVER.fullmatch(n)]
        # All renamed aside: the name it had is what follows `<12 hex>_`.
        name = plain[0] if plain else names[0].split("_", 1)[1]
        each = (ContainerCopy.from_attrs(a, name) for a in group)
        found.append(
            Replica(number, name, tuple(sorted(each, key=lambda c: c.renamed)))
        )
    return found


def _as_int(number: str) -> int:
    return int(number) if number.isdigit() else 0


# The labels that say which container of a compose project a container is;
# compose v1 and v2 both set them, and v2 finds v1's containers by them.
SERVICE_KEYS = (
    "com.docker.compose.project",
    "com.docker.compose.service",
    "com.docker.compose.container-number",
)
NUMBER = SERVICE_KEYS[2]
LEFTOVER = re.compile(r"[0-9a-f]{12}_.+")


def _service_filter(labels: Mapping[str, str]) -> list[str]:
    """The label filter naming one compose service container, or [] unless
    all three labels are there: without the number, every replica of the
    service would count as a copy (and be removed by `keep`)."""
    if not all(labels.get(k) for k in SERVICE_KEYS):
        return []
    return [
        *(f"{k}={labels[k]}" for k in SERVICE_KEYS),
        "com.docker.compose.oneoff=False",
    ]


async def service_container(calls: SdkCalls, labels: Mapping[str, str]) -> str | None:
    """The name of the container that is now ``labels``' compose service
    container (same project, service and number; not a one-off run, not a
    renamed leftover), preferring a running one; None when there is none.

    Compose v2 names containers ``<project>-<service>-<n>`` where v1 said
    ``<project>_<service>_<n>``, and recreating a v1-created container with
    v2 gives it the new name: only the labels stay."""
    wanted = [f"{k}={labels[k]}" for k in SERVICE_KEYS if labels.get(k)]
    if len(wanted) < 2:
        return None  # without project and service any container could match
    wanted.append("com.docker.compose.oneoff=False")

    def run(client: docker.DockerClient) -> list[tuple[bool, str]]:
        rows = client.api.containers(all=True, filters={"label": wanted})
        found = []
        for row in rows:
            name = str((row.get("Names") or ["/"])[0]).lstrip("/")
            if name and not LEFTOVER.fullmatch(name):
                found.append((row.get("State") == "running", name))
        return found

    found = await calls.call("finding the compose service's container", run)
    return max(found)[1] if found else None


async def keep(
    calls: SdkCalls,
    name: str,
    chosen: ContainerCopy,
    service: Mapping[str, str] | None = None,
) -> list[str]:
    """Remove every other copy (found as `copies` finds them), give `chosen`
    the name and start it; returns what was done, for the operation's log."""
    done: list[str] = []
    for other in await copies(calls, name, service):
        if other.id != chosen.id:
            # Without v: anonymous volumes are shared between the copies.
            await calls.remove(other.id, anonymous_volumes=False)
            done.append(f"removed {other.name} ({other.id[:12]})")
    if chosen.name != name:
        await calls.rename(chosen.id, name)
        done.append(f"renamed {chosen.name} back to {name}")
    attrs = await calls.container_attrs(chosen.id) or {}
    if not (attrs.get("State") or {}).get("Running"):
        await calls.start(chosen.id)
        done.append(f"started {name}")
    return done


async def wait_until_stopped(
    calls: SdkCalls, container_id: str, seconds: float, poll: float = 0.2
) -> bool:
    """Wait up to `seconds` for a container to stop running; True if it did.

    A stop a killed server asked for goes on in the engine for up to the
    container's stop timeout: whoever judges the container must let it
    finish first, or it stops the container after the judgement."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        attrs = await calls.container_attrs(container_id)
        if attrs is None or not (attrs.get("State") or {}).get("Running"):
            return True
        await asyncio.sleep(poll)
    return False


async def restart(calls: SdkCalls, container_id: str) -> None:
    """Stop (with the container's own stop timeout) and start."""
    attrs = await calls.container_attrs(container_id) or {}
    grace = (attrs.get("Config") or {}).get("StopTimeout")
    await calls.stop(container_id, grace)
    await calls.start(container_id)
