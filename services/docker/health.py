"""Deciding whether a freshly started container is healthy.

With a HEALTHCHECK the engine's own verdict counts: wait for ``healthy``,
give up at once on ``unhealthy`` (quoting the probe's last output). Without
one, "healthy" means the container stays up for a stability window: still
running, not restarting, and with the same restart count and start time it
had when the window opened (a crash-looping container with a restart policy
may look "running" at any single instant, so one sample is not enough).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from services.frozen import frozen

InspectFn = Callable[[], Awaitable[dict[str, Any] | None]]


@frozen
class HealthOutcome:
    """``status``: healthy, unhealthy, timeout, stable, exited, restarting, missing."""

    ok: bool
    status: str
    message: str


async def wait_healthy(
    inspect: InspectFn,
    name: str,
    *,
    timeout_seconds: float,
    stability_seconds: float,
    poll_seconds: float = 0.5,
) -> HealthOutcome:
    """Poll ``inspect`` (None once the container is gone) until a verdict."""
    started = time.monotonic()
    baseline: tuple[int, str] | None = None
    while True:
        attrs = await inspect()
        if attrs is None:
            return HealthOutcome(False, "missing", f"container {name} no longer exists")
        state: dict[str, Any] = attrs.get("State") or {}
        elapsed = time.monotonic() - started
        down = _down(name, attrs, state)
        if down is not None:
            return down
        health = state.get("Health")
        if health:
            status = str(health.get("Status") or "")
            if status == "healthy":
                return HealthOutcome(True, "healthy", f"{name} is healthy")
            if status == "unhealthy":
                return HealthOutcome(
                    False,
                    "unhealthy",
                    f"{name} is unhealthy: {_last_probe(health)}",
                )
            if elapsed >= timeout_seconds:
                return HealthOutcome(
                    False,
                    "timeout",
                    f"{name} was still '{status or 'starting'}' after "
                    f"{timeout_seconds:g}s; last health check: {_last_probe(health)}",
                )
        else:
            marker = (int(attrs.get("RestartCount") or 0), str(state.get("StartedAt")))
            if baseline is None:
                baseline = marker
            elif marker != baseline:
                return HealthOutcome(
                    False,
                    "restarting",
                    f"{name} restarted during the {stability_seconds:g}s "
                    f"stability window (restart count {marker[0]}, last exit "
                    f"code {state.get('ExitCode')})",
                )
            if elapsed >= stability_seconds:
                return HealthOutcome(
                    True,
                    "stable",
                    f"{name} has no health check and stayed running for "
                    f"{stability_seconds:g}s",
                )
        await asyncio.sleep(poll_seconds)


def _down(
    name: str, attrs: dict[str, Any], state: dict[str, Any]
) -> HealthOutcome | None:
    restarts = int(attrs.get("RestartCount") or 0)
    if state.get("Restarting"):
        return HealthOutcome(
            False,
            "restarting",
            f"{name} is restarting (restart count {restarts}, last exit code "
            f"{state.get('ExitCode')})",
        )
    if not state.get("Running"):
        error = f": {state['Error']}" if state.get("Error") else ""
        return HealthOutcome(
            False,
            "exited",
            f"{name} is {state.get('Status') or 'not running'} with exit code "
            f"{state.get('ExitCode')} (restart count {restarts}){error}",
        )
    return None


def _last_probe(health: dict[str, Any]) -> str:
    log = health.get("Log") or []
    if not log:
        return "no probe has finished yet"
    last = log[-1]
    output = str(last.get("Output") or "").strip() or "(no output)"
    return f"exit code {last.get('ExitCode')}, output: {output[-500:]}"
