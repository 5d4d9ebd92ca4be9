"""`SdkCalls`: the update engine's own SDK client and its small engine calls.

Updates get a client of their own (pulls hold a connection open for minutes
and must not share a pool sized for quick calls); `SdkClient` builds it
lazily, reconnects and maps SDK exceptions to domain errors.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import docker
import docker.errors

from services.docker.client import SdkClient
from services.errors import DocksmithError

T = TypeVar("T")
DEFAULT_STOP_SECONDS = 10


class SdkCalls(SdkClient):
    """The update engine's small engine calls over its own client."""

    async def ping(self) -> bool:
        try:
            return bool(await self.call("ping", lambda c: c.ping()))
        except DocksmithError:
            return False

    async def container_attrs(self, name_or_id: str) -> dict[str, Any] | None:
        """``docker inspect`` output, or None when there is no such container."""

        def run(client: docker.DockerClient) -> dict[str, Any] | None:
            try:
                attrs: dict[str, Any] = client.api.inspect_container(name_or_id)
            except docker.errors.NotFound:
                return None
            return attrs

        return await self.call(f"inspecting container {name_or_id}", run)

    async def image_attrs(self, ref: str) -> dict[str, Any] | None:
        def run(client: docker.DockerClient) -> dict[str, Any] | None:
            try:
                attrs: dict[str, Any] = client.api.inspect_image(ref)  # type: ignore[no-untyped-call]
            except docker.errors.NotFound:
                return None
            return attrs

        return None if not ref else await self.call(f"inspecting image {ref}", run)

    async def create(self, config: dict[str, Any], name: str) -> str:
        created: dict[str, Any] = await self.call(
            f"creating the new container {name}",
            lambda c: c.api.create_container_from_config(config, name=name),  # type: ignore[no-untyped-call]
        )
        return str(created["Id"])

    async def stop(self, container: str, grace: object = None) -> None:
        # An explicit grace period keeps the HTTP timeout in step with the
        # container's own StopTimeout (the SDK assumes 10 s otherwise).
        seconds = (
            grace if isinstance(grace, int) and grace >= 0 else DEFAULT_STOP_SECONDS
        )
        await self.call(
            f"stopping {container[:12]}",
            lambda c: c.api.stop(container, timeout=seconds),
        )

    async def start(self, container: str) -> None:
        await self.call(f"starting {container[:12]}", lambda c: c.api.start(container))

    async def rename(self, container: str, name: str) -> None:
        await self.call(
            f"renaming {container[:12]} to {name}",
            lambda c: c.api.rename(container, name),
        )

    async def remove(self, container: str, *, anonymous_volumes: bool) -> None:
        await self.call(
            f"removing {container[:12]}",
            lambda c: c.api.remove_container(
                container, v=anonymous_volumes, force=True
            ),
        )

    async def connect(
        self, container: str, network: str, endpoint: dict[str, Any]
    ) -> None:
        ipam = endpoint.get("IPAMConfig") or {}
        await self.call(
            f"connecting to network {network}",
            lambda c: c.api.connect_container_to_network(
                container,
                network,
                ipv4_address=ipam.get("IPv4Address") or None,
                ipv6_address=ipam.get("IPv6Address") or None,
                aliases=endpoint.get("Aliases"),
                links=endpoint.get("Links"),
                link_local_ips=ipam.get("LinkLocalIPs") or None,
                driver_opt=endpoint.get("DriverOpts"),
            ),
        )


async def notify(
    callback: Callable[[T], Awaitable[None] | None] | None, value: T
) -> None:
    """Call a sync or async callback."""
    if callback is not None:
        result = callback(value)
        if inspect.isawaitable(result):
            await result
