"""Swapping a standalone (non-compose) container onto a new image safely.

The new container is created under a temporary name before the old one is
touched; the old one is only removed once the new one has started and
passed the health callback. Any failure after creation (cancellation
included) removes the new container and puts the old one back under its
name, running again if it was. `services.docker.leftovers` repairs a swap
that Docksmith itself did not survive.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from services.docker.calls import SdkCalls, notify
from services.docker.client import reason
from services.docker.health import HealthOutcome
from services.docker.swap import (
    NEW_SUFFIX,
    OLD_SUFFIX,
    RecreateOutcome,
    build_create_plan,
)
from services.errors import (
    ConflictError,
    DockerEngineError,
    DocksmithError,
    InvalidInputError,
    NotFoundError,
)

log = logging.getLogger(__name__)
StepFn = Callable[[str], Awaitable[None] | None]
HealthFn = Callable[[str], Awaitable[HealthOutcome]]
COMPOSE_PROJECT = "com.docker.compose.project"


async def recreate_standalone(
    calls: SdkCalls,
    name: str,
    image: str,
    *,
    on_step: StepFn | None = None,
    health: HealthFn | None = None,
) -> RecreateOutcome:
    old = await calls.container_attrs(name)
    if old is None:
        raise NotFoundError(f"container not found: {name}")
    labels = (old.get("Config") or {}).get("Labels") or {}
    if COMPOSE_PROJECT in labels:
        raise InvalidInputError(
            f"{name} belongs to the compose project {labels[COMPOSE_PROJECT]}; "
            "update it through compose"
        )
    old_id = str(old["Id"])
    was_running = bool((old.get("State") or {}).get("Running"))
    temp_new, temp_old = f"{name}{NEW_SUFFIX}", f"{name}{OLD_SUFFIX}"
    if await calls.container_attrs(temp_old) is not None:
        raise ConflictError(
            f"{temp_old} is left over from an interrupted update of {name}; "
            "restore leftovers before updating again"
        )
    if await calls.container_attrs(temp_new) is not None:
        # Only an interrupted swap of ours creates this name, and the real
        # container still holds `name`, so that copy is disposable.
        await calls.remove(temp_new, anonymous_volumes=True)
    old_image = await calls.image_attrs(str(old.get("Image") or ""))
    plan = build_create_plan(old, image, (old_image or {}).get("Config"))

    await notify(on_step, f"creating a new container for {name} from {image}")
    new_id = await calls.create(plan.config, temp_new)
    doing = "connecting networks"
    try:
        for network, endpoint in plan.extra_networks.items():
            await calls.connect(new_id, network, endpoint)
        if was_running:
            doing = "stopping the old container"
            await notify(on_step, f"stopping the old container {name}")
            await calls.stop(old_id, (old.get("Config") or {}).get("StopTimeout"))
        doing = "renaming the containers"
        await notify(on_step, f"renaming the old container to {temp_old}")
        await calls.rename(old_id, temp_old)
        await calls.rename(new_id, name)
        doing = "starting the new container"
        await notify(on_step, f"starting the new container {name}")
        await calls.start(new_id)
        if health is not None:
            doing = "waiting for the new container to be healthy"
            await notify(on_step, f"waiting for {name} to be healthy")
            outcome = await health(new_id)
            if not outcome.ok:
                raise DockerEngineError(outcome.message)
    except BaseException as exc:
        await _roll_back(calls, name, old_id, new_id, was_running, exc, doing, on_step)
        raise  # reached only for cancellation; _roll_back raises otherwise
    await notify(on_step, f"removing the old container ({temp_old})")
    try:
        # Without v: its anonymous volumes now serve the new container.
        await calls.remove(old_id, anonymous_volumes=False)
    except DocksmithError as exc:
        # The update itself worked; restore_leftovers cleans the stray copy
        # later (it keeps a running new container).
        log.warning("could not remove %s after updating %s: %s", temp_old, name, exc)
        await notify(on_step, f"could not remove {temp_old}: {exc}")
    return RecreateOutcome(new_id=new_id, old_id=old_id)


async def _roll_back(
    calls: SdkCalls,
    name: str,
    old_id: str,
    new_id: str,
    was_running: bool,
    exc: BaseException,
    doing: str,
    on_step: StepFn | None,
) -> None:
    why = exc.message if isinstance(exc, DocksmithError) else reason(exc)
    problems: list[str] = []
    await _notify_quietly(on_step, f"{doing} failed; restoring the old container")
    try:
        # v=True drops only volumes the new container created itself: the
        # carried-over ones are mounted by name, and the engine keeps those.
        await calls.remove(new_id, anonymous_volumes=True)
    except DocksmithError as err:
        problems.append(f"removing the new container: {err}")
    try:
        current = await calls.container_attrs(old_id) or {}
        if str(current.get("Name", "")).lstrip("/") != name:
            await calls.rename(old_id, name)
        if was_running and not (current.get("State") or {}).get("Running"):
            await calls.start(old_id)
    except DocksmithError as err:
        problems.append(f"restoring the old container: {err}")
    if not isinstance(exc, Exception):  # cancellation: the caller re-raises it
        return
    if problems:
        raise DockerEngineError(
            f"updating {name} failed while {doing} ({why}), and restoring the "
            f"old container failed too: {'; '.join(problems)}"
        ) from exc
    again = " and running again" if was_running else ""
    await _notify_quietly(on_step, f"the old container {name} is back{again}")
    raise DockerEngineError(
        f"updating {name} failed while {doing} ({why}); "
        f"the old container was restored{again}"
    ) from exc


async def _notify_quietly(callback: StepFn | None, message: str) -> None:
    # A broken log callback must not stop a rollback.
    try:
        await notify(callback, message)
    except Exception:
        log.exception("step callback failed during rollback")
