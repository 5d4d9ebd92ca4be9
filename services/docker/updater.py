"""`DockerUpdater`: the engine primitives an update is made of.

Pulling with real progress, tagging, waiting for a container to be healthy,
and swapping a standalone (non-compose) container onto a new image without
ever losing it. This class is the one entry point the update orchestrator
uses; the work lives in small siblings: `calls` (its own SDK client and the
error mapping), `pull` (progress and pull errors), `health`, `swap` (the
create request), `recreate` (the swap and its rollback), `leftovers`
(crash recovery of a swap) and `copies` (compose's renamed leftovers).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

import docker
import docker.auth
import docker.errors
import docker.utils

from services.docker import copies, leftovers, recreate
from services.docker.address import EngineAddress
from services.docker.calls import SdkCalls, notify
from services.docker.client import reason
from services.docker.copies import ContainerCopy, Replica
from services.docker.health import HealthOutcome
from services.docker.health import wait_healthy as _wait_healthy
from services.docker.leftovers import LeftoverAction, LeftoverOutcome
from services.docker.pull import PulledImage, PullProgress, PullTracker, pull_error
from services.docker.recreate import HealthFn, StepFn
from services.docker.swap import RecreateOutcome
from services.errors import DockerEngineError, InvalidInputError

__all__ = [
    "ContainerCopy",
    "DockerUpdater",
    "HealthOutcome",
    "LeftoverAction",
    "LeftoverOutcome",
    "PullProgress",
    "PulledImage",
    "RecreateOutcome",
    "Replica",
]

PROGRESS_INTERVAL = 0.2  # seconds: at most ~5 progress reports a second
RegistryAuth = Callable[[str], Awaitable[dict[str, str] | None]]


class DockerUpdater:
    """Pull, tag, health and standalone-swap primitives on one engine.

    ``registry_auth(registry_host)`` supplies pull credentials
    (``{"username", "password"}`` or ``{"identitytoken"}``) or None.
    """

    def __init__(
        self,
        host: str | EngineAddress | None,
        *,
        registry_auth: RegistryAuth | None = None,
    ) -> None:
        self._calls = SdkCalls(host)
        self._registry_auth = registry_auth

    async def close(self) -> None:
        await self._calls.close()

    async def answers(self) -> bool:
        """Whether the engine answers now (a failed step asks: a step that
        failed because the engine went away is not judged until it is back)."""
        return await self._calls.ping()

    # -- images ---------------------------------------------------------

    async def pull(
        self,
        ref: str,
        on_progress: Callable[[PullProgress], Awaitable[None] | None] | None = None,
    ) -> PulledImage:
        """Pull ``ref`` (``repo:tag`` or ``repo@sha256:...``) with progress.

        Progress is sampled every `PROGRESS_INTERVAL` rather than per event,
        so a slow callback never holds up the stream; the last report is
        always 100 %.
        """
        repository, tag = docker.utils.parse_repository_tag(ref)
        try:
            registry, _ = docker.auth.resolve_repository_name(repository)
        except docker.errors.DockerException as exc:
            raise InvalidInputError(f"invalid image reference {ref!r}") from exc
        auth = await self._registry_auth(registry) if self._registry_auth else None
        auth_config = {**auth, "serveraddress": registry} if auth else None
        tracker = PullTracker()

        def run(client: docker.DockerClient) -> PulledImage:
            try:
                stream = client.api.pull(
                    repository,
                    tag=tag or "latest",
                    stream=True,
                    decode=True,
                    auth_config=auth_config,
                )
                for event in stream:
                    if event.get("error"):
                        raise pull_error(ref, registry, str(event["error"]))
                    tracker.feed(event)
            except docker.errors.APIError as exc:
                raise pull_error(ref, registry, reason(exc)) from exc
            attrs = client.api.inspect_image(ref)  # type: ignore[no-untyped-call]
            return PulledImage(str(attrs["Id"]), tuple(attrs.get("RepoDigests") or ()))

        task = asyncio.ensure_future(self._calls.call(f"pulling {ref}", run))
        last: PullProgress | None = None
        try:
            while not task.done():
                await asyncio.wait({task}, timeout=PROGRESS_INTERVAL)
                if on_progress is not None and not task.done():
                    snapshot = tracker.snapshot()
                    if snapshot != last:
                        await notify(on_progress, snapshot)
                        last = snapshot
            pulled = task.result()
        finally:
            # The worker thread finishes the stream on its own; this only
            # stops waiting for it (e.g. when the callback raised).
            task.cancel()
        tracker.finish(f"pulled {ref}")
        if on_progress is not None:
            await notify(on_progress, tracker.snapshot())
        return pulled

    async def tag(self, image_id_or_ref: str, ref: str) -> None:
        """``docker tag image_id_or_ref ref``."""
        repository, tag = docker.utils.parse_repository_tag(ref)
        if tag and tag.startswith("sha256:"):
            raise InvalidInputError(f"cannot tag with a digest reference: {ref}")

        def run(client: docker.DockerClient) -> None:
            if not client.api.tag(image_id_or_ref, repository, tag or "latest"):
                raise DockerEngineError(f"tagging {image_id_or_ref} as {ref} failed")

        await self._calls.call(f"tagging {image_id_or_ref} as {ref}", run)

    async def image_exists(self, ref: str) -> str | None:
        """The local image id for ``ref``, or None when the engine lacks it."""
        attrs = await self._calls.image_attrs(ref)
        return str(attrs["Id"]) if attrs else None

    # -- health ---------------------------------------------------------

    async def wait_healthy(
        self,
        name_or_id: str,
        *,
        timeout_seconds: float,
        stability_seconds: float,
        poll_seconds: float = 0.5,
    ) -> HealthOutcome:
        """Wait for a verdict on a started container (see `services.docker.health`)."""
        return await _wait_healthy(
            lambda: self._calls.container_attrs(name_or_id),
            name_or_id,
            timeout_seconds=timeout_seconds,
            stability_seconds=stability_seconds,
            poll_seconds=poll_seconds,
        )

    # -- standalone swap ------------------------------------------------

    async def recreate_standalone(
        self,
        name: str,
        image: str,
        *,
        on_step: StepFn | None = None,
        health: HealthFn | None = None,
    ) -> RecreateOutcome:
        """Recreate container ``name`` from its own configuration on ``image``.

        ``health`` is awaited with the new container's id after it started;
        a failed outcome counts as a failure. Any failure after the new
        container was created removes it and restores the old one under its
        name (running again if it was), then raises `DockerEngineError`
        saying what failed. ``on_step`` receives operation-log messages.
        """
        return await recreate.recreate_standalone(
            self._calls, name, image, on_step=on_step, health=health
        )

    async def restore_leftovers(
        self, name: str, judge: leftovers.Judge | None = None
    ) -> LeftoverOutcome:
        """Repair what an interrupted `recreate_standalone` left behind.

        The decision table is documented in `services.docker.leftovers` and
        docs/updates.md; `judge` decides whether a new container that already
        took the name stays (default: it runs, not restarting nor unhealthy).
        """
        return await leftovers.restore(self._calls, name, judge)

    # -- compose leftovers ----------------------------------------------

    async def copies(
        self, name: str, service: Mapping[str, str] | None = None
    ) -> list[ContainerCopy]:
        """``name`` and compose's renamed ``<12 hex>_<name>`` copies of it;
        with ``service`` (its compose labels) also the copies compose v2
        renamed from v1's name."""
        return await copies.copies(self._calls, name, service)

    async def replicas(self, labels: Mapping[str, str]) -> list[Replica]:
        """The other containers of the compose service ``labels`` name, each
        with its copies (an interrupted `compose up` recreates them all)."""
        return await copies.replicas(self._calls, labels)

    async def service_container(self, labels: Mapping[str, str]) -> str | None:
        """The current container of the compose service ``labels`` name
        (compose v2 renames v1's containers when it recreates them)."""
        return await copies.service_container(self._calls, labels)

    async def keep_copy(
        self,
        name: str,
        chosen: ContainerCopy,
        service: Mapping[str, str] | None = None,
    ) -> list[str]:
        """Make `chosen` the only copy, named ``name`` and running."""
        return await copies.keep(self._calls, name, chosen, service)

    async def wait_until_stopped(self, container_id: str, seconds: float) -> bool:
        return await copies.wait_until_stopped(self._calls, container_id, seconds)

    async def start(self, container_id: str) -> None:
        await self._calls.start(container_id)

    async def restart(self, container_id: str) -> None:
        await copies.restart(self._calls, container_id)
