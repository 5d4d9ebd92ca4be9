"""`SdkCalls`: the update engine's own SDK client and its small engine calls.

Updates get a client of their own (pulls hold a connection open for minutes
and must not share a pool sized for quick calls). The client is built lazily
and dropped on connection errors so the next call reconnects. Every blocking
call runs in a worker thread, and SDK exceptions become domain errors here:
NotFound -> `NotFoundError`, other API errors -> `DockerEngineError`, a lost
connection -> `DockerUnavailableError`.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import docker
import docker.errors

from services.errors import DockerEngineError, DockerUnavailableError, NotFoundError

T = TypeVar("T")
DEFAULT_HOST = "unix:///var/run/docker.sock"
DEFAULT_STOP_SECONDS = 10


class SdkCalls:
    def __init__(self, host: str | None) -> None:
        self.host = host or DEFAULT_HOST
        self._client: docker.DockerClient | None = None
        self._lock = threading.Lock()

    async def call(self, what: str, fn: Callable[[docker.DockerClient], T]) -> T:
        """Run ``fn`` in a worker thread; ``what`` starts the error message."""

        def run() -> T:
            client = self._get_client()
            try:
                return fn(client)
            except docker.errors.NotFound as exc:
                raise NotFoundError(f"{what} failed: {reason(exc)}") from exc
            except docker.errors.APIError as exc:
                raise DockerEngineError(f"{what} failed: {reason(exc)}") from exc
            except (docker.errors.DockerException, OSError) as exc:
                # requests' connection errors are OSErrors: the engine went away.
                self._drop_client()
                raise DockerUnavailableError(
                    f"Docker engine at {self.host} is not reachable: {reason(exc)}"
                ) from exc

        return await asyncio.to_thread(run)

    async def close(self) -> None:
        await asyncio.to_thread(self._drop_client)

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

    def _get_client(self) -> docker.DockerClient:
        with self._lock:
            if self._client is None:
                try:
                    # "auto" negotiates the API version (Engine 20.10 is 1.41).
                    self._client = docker.DockerClient(
                        base_url=self.host, version="auto"
                    )
                except docker.errors.DockerException as exc:
                    raise DockerUnavailableError(
                        f"Docker engine at {self.host} is not reachable: {reason(exc)}"
                    ) from exc
            return self._client

    def _drop_client(self) -> None:
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()


async def notify(
    callback: Callable[[T], Awaitable[None] | None] | None, value: T
) -> None:
    """Call a sync or async callback."""
    if callback is not None:
        result = callback(value)
        if inspect.isawaitable(result):
            await result


def reason(exc: BaseException) -> str:
    """A one-line reason for an SDK (or any) exception."""
    explanation = getattr(exc, "explanation", None)
    text = str(explanation or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
