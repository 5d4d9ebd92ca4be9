"""`SdkClient`: one lazily built `docker.DockerClient` and the translation of
SDK exceptions into domain errors, shared by every engine adapter.

The client is dropped on connection errors so the next call reconnects once
the engine is back; every blocking call runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

import docker
import docker.errors

from services.errors import DockerEngineError, DockerUnavailableError, NotFoundError

T = TypeVar("T")
DEFAULT_HOST = "unix:///var/run/docker.sock"


def reason(exc: BaseException) -> str:
    """A one-line reason for an SDK (or any) exception."""
    explanation = getattr(exc, "explanation", None)
    text = str(explanation or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class SdkClient:
    def __init__(self, host: str | None, *, timeout: int | None = None) -> None:
        self.host = host or DEFAULT_HOST
        self._timeout = timeout
        self._client: docker.DockerClient | None = None
        self._lock = threading.Lock()

    def get(self) -> docker.DockerClient:
        with self._lock:
            if self._client is None:
                try:
                    # "auto" negotiates the API version, so Engine 20.10 (API
                    # 1.41) works although the SDK defaults to a newer one.
                    if self._timeout is None:
                        self._client = docker.DockerClient(
                            base_url=self.host, version="auto"
                        )
                    else:
                        self._client = docker.DockerClient(
                            base_url=self.host, version="auto", timeout=self._timeout
                        )
                except docker.errors.DockerException as exc:
                    raise self.unavailable(exc) from exc
            return self._client

    def drop(self) -> None:
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    def unavailable(self, exc: BaseException) -> DockerUnavailableError:
        return DockerUnavailableError(
            f"Docker engine at {self.host} is not reachable: {reason(exc)}"
        )

    async def call(
        self,
        what: str,
        fn: Callable[[docker.DockerClient], T],
        *,
        prefix_not_found: bool = True,
    ) -> T:
        """Run `fn` in a worker thread; `what` starts the error message."""

        def run() -> T:
            client = self.get()
            try:
                return fn(client)
            except docker.errors.NotFound as exc:
                text = (
                    f"{what} failed: {reason(exc)}" if prefix_not_found else reason(exc)
                )
                raise NotFoundError(text) from exc
            except docker.errors.APIError as exc:
                raise DockerEngineError(f"{what} failed: {reason(exc)}") from exc
            except (docker.errors.DockerException, OSError) as exc:
                # requests' connection errors are OSErrors: the engine went away.
                self.drop()
                raise self.unavailable(exc) from exc

        return await asyncio.to_thread(run)

    async def close(self) -> None:
        await asyncio.to_thread(self.drop)
