"""Turning the engine's pull stream into progress reports and domain errors.

`docker pull` streams one JSON object per layer event. `PullTracker` folds
those events into an overall percentage (each layer counts equally: 80 % of
its share for downloading, 20 % for extracting), so progress is real rather
than a spinner. The tracker is pure; `services.docker.updater` feeds it from
the worker thread that reads the stream.
"""

from __future__ import annotations

import threading
from typing import Any

from services.errors import DockerEngineError, InvalidInputError, NotFoundError
from services.frozen import frozen

# A layer's download is most of the wall time on a real registry; extraction
# is local and shorter, so it gets the smaller share.
_DOWNLOAD_SHARE = 0.8
_DONE_STATES = frozenset({"pull complete", "already exists"})
_DOWNLOADED_STATES = frozenset({"download complete", "verifying checksum"})
_NOT_FOUND_MARKERS = ("manifest unknown", "not found", "does not exist")
_AUTH_MARKERS = (
    "unauthorized",
    "authentication required",
    "no basic auth credentials",
    "denied",
)


@frozen
class PullProgress:
    """One progress report: ``percent`` is 0-100 and never goes down."""

    percent: float
    layers_done: int
    layers_total: int
    message: str


@frozen
class PulledImage:
    id: str
    repo_digests: tuple[str, ...]


class PullTracker:
    """Folds pull-stream events into a `PullProgress`; safe across threads."""

    def __init__(self) -> None:
        self._layers: dict[str, float] = {}
        self._message = "starting pull"
        self._best = 0.0
        self._lock = threading.Lock()
        self.changes = 0

    def feed(self, event: dict[str, Any]) -> None:
        status = str(event.get("status") or "")
        layer = event.get("id")
        with self._lock:
            self.changes += 1
            lowered = status.lower()
            detail = event.get("progressDetail") or {}
            if layer and _is_layer_status(lowered):
                self._layers[str(layer)] = max(
                    self._layers.get(str(layer), 0.0), _layer_fraction(lowered, detail)
                )
                self._message = f"{status} {str(layer)[:12]}".strip()
            elif status:
                self._message = status

    def finish(self, message: str) -> None:
        with self._lock:
            for layer in self._layers:
                self._layers[layer] = 1.0
            self._best = 100.0
            self._message = message
            self.changes += 1

    def snapshot(self) -> PullProgress:
        with self._lock:
            total = len(self._layers)
            done = sum(1 for value in self._layers.values() if value >= 1.0)
            percent = 100.0 * sum(self._layers.values()) / total if total else 0.0
            # A layer announced late grows the denominator; reports stay
            # monotonic so a progress bar never jumps backwards.
            self._best = max(self._best, round(percent, 1))
            return PullProgress(self._best, done, total, self._message)


def _is_layer_status(status: str) -> bool:
    # "Pulling from repo" carries the tag as its id, not a layer.
    return not status.startswith("pulling from") and not status.startswith("digest:")


def _layer_fraction(status: str, detail: dict[str, Any]) -> float:
    current, total = detail.get("current"), detail.get("total")
    ratio = (
        min(1.0, float(current) / float(total))
        if isinstance(current, int | float) and isinstance(total, int | float) and total
        else 0.0
    )
    if status in _DONE_STATES:
        return 1.0
    if status == "downloading":
        return _DOWNLOAD_SHARE * ratio
    if status in _DOWNLOADED_STATES:
        return _DOWNLOAD_SHARE
    if status == "extracting":
        return _DOWNLOAD_SHARE + (1 - _DOWNLOAD_SHARE) * ratio
    return 0.0


def pull_error(
    ref: str, registry: str, reason: str
) -> DockerEngineError | NotFoundError | InvalidInputError:
    """The domain error for a failed pull, from the engine's own words."""
    lowered = reason.lower()
    if "invalid reference format" in lowered:
        return InvalidInputError(f"invalid image reference {ref!r}: {reason}")
    if any(marker in lowered for marker in _AUTH_MARKERS):
        return DockerEngineError(
            f"pulling {ref} failed: the registry {registry} refused access "
            f"({reason}); check the credentials stored for {registry}"
        )
    if any(marker in lowered for marker in _NOT_FOUND_MARKERS):
        return NotFoundError(f"image tag does not exist on the registry: {ref}")
    return DockerEngineError(f"pulling {ref} failed: {reason}")
