"""The short-lived helper container that replaces Docksmith's own container.

A process cannot recreate the container it runs in and live to see the
result, so a self-update hands the recreate to a container started from the
NEW image, configured like Docksmith's own one where it matters: the same
bind mounts (the socket, the stack folders at their host paths), user and
groups, and DOCKER_HOST; no network (it talks to the engine only). It is
labelled with the operation it serves and is not auto-removed, so the
Docksmith that runs afterwards can read its log into the operation and then
remove it. Only Engine API calls live here; what the helper does is
`services.updates.selfupdate`.

The plan (which holds the compose files' bytes) goes into the created
helper's own file system as a 0600 file of the user both containers run as,
before it starts: an environment variable or a command-line argument would
show in ``docker inspect`` (and in every tool that lists containers) for as
long as the helper is kept.
"""

from __future__ import annotations

import io
import os
import tarfile
import time
from typing import Any

import docker

from services.docker.calls import SdkCalls
from services.frozen import frozen

HELPER_LABEL = "io.docksmith.self-update.operation"
HELPER_MODULE = "services.updates.selfupdate"
# The helper's own, fresh /tmp: no other process runs in that container.
PLAN_DIR = "/tmp"  # noqa: S108
PLAN_NAME = "docksmith-self-update-plan.json"
PLAN_PATH = f"{PLAN_DIR}/{PLAN_NAME}"


def plan_archive(plan_json: str) -> bytes:
    """A tar of the plan file, owned by this process's user (the helper runs
    with the same ``User`` as Docksmith's own container, so as that user)."""
    data = plan_json.encode()
    member = tarfile.TarInfo(PLAN_NAME)
    member.size = len(data)
    member.mode = 0o600
    member.uid, member.gid = os.getuid(), os.getgid()
    member.mtime = int(time.time())
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        tar.addfile(member, io.BytesIO(data))
    return out.getvalue()


@frozen
class HelperState:
    id: str
    running: bool
    exit_code: int | None


class SelfHelpers:
    """Start, watch and clear helper containers on one engine."""

    def __init__(self, host: str | None) -> None:
        self._calls = SdkCalls(host)

    async def close(self) -> None:
        await self._calls.close()

    async def start(
        self, own_id: str, image: str, operation_id: str, plan_json: str
    ) -> str:
        own = await self._calls.container_attrs(own_id)
        if own is None:
            raise LookupError(f"Docksmith's own container {own_id[:12]} is gone")
        host = own.get("HostConfig") or {}
        env = [
            e
            for e in (own.get("Config") or {}).get("Env") or []
            if e.startswith(("DOCKER_HOST=", "DOCKER_CONFIG="))
        ]
        binds = [
            f"{m['Source']}:{m['Destination']}:{'rw' if m.get('RW') else 'ro'}"
            for m in own.get("Mounts") or []
            if m.get("Type") == "bind"
        ]
        config: dict[str, Any] = {
            "Image": image,
            "Entrypoint": ["python3", "-m", HELPER_MODULE],
            "Cmd": [PLAN_PATH],
            "Env": env,
            "User": (own.get("Config") or {}).get("User") or "",
            "Labels": {HELPER_LABEL: operation_id},
            # The helper is judged by its own run, not by Docksmith's check.
            "Healthcheck": {"Test": ["NONE"]},
            "HostConfig": {
                "Binds": binds,
                "GroupAdd": host.get("GroupAdd") or [],
                "NetworkMode": "none",
            },
        }
        name = f"docksmith-self-update-{operation_id}"[:120]
        helper_id = await self._calls.create(config, name)
        archive = plan_archive(plan_json)
        try:
            await self._calls.call(
                "handing the plan to the self-update helper",
                lambda c: c.api.put_archive(helper_id, PLAN_DIR, archive),
            )
            await self._calls.start(helper_id)
        except BaseException:
            await self._calls.remove(helper_id, anonymous_volumes=True)
            raise
        return helper_id

    async def state(self, helper_id: str) -> HelperState | None:
        attrs = await self._calls.container_attrs(helper_id)
        if attrs is None:
            return None
        state = attrs.get("State") or {}
        running = bool(state.get("Running"))
        code = None if running else int(state.get("ExitCode", -1))
        return HelperState(str(attrs["Id"]), running, code)

    async def of_operation(self, operation_id: str) -> list[HelperState]:
        def run(client: docker.DockerClient) -> list[str]:
            found = client.api.containers(
                all=True, filters={"label": f"{HELPER_LABEL}={operation_id}"}
            )
            return [str(c["Id"]) for c in found]

        ids = await self._calls.call("listing self-update helpers", run)
        states = [await self.state(i) for i in ids]
        return [s for s in states if s is not None]

    async def operations(self) -> set[str]:
        """The operations that have a helper container (running or not)."""

        def run(client: docker.DockerClient) -> set[str]:
            found = client.api.containers(all=True, filters={"label": HELPER_LABEL})
            return {str((c.get("Labels") or {}).get(HELPER_LABEL)) for c in found}

        result: set[str] = await self._calls.call("listing self-update helpers", run)
        return result

    async def logs(self, helper_id: str) -> str:
        def run(client: docker.DockerClient) -> str:
            raw = client.api.logs(helper_id, stdout=True, stderr=True, tail=200)
            return bytes(raw).decode(errors="replace")

        text: str = await self._calls.call("reading the self-update helper's log", run)
        return text

    async def remove(self, helper_id: str) -> None:
        await self._calls.remove(helper_id, anonymous_volumes=True)
