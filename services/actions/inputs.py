"""The arguments of the container views and actions, checked once for both
edges: log tail and since, stop/restart timeouts, and what the inspect view
hides. Each refusal is an `InvalidInputError` (400) saying what is allowed.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from services.config import parse_go_duration
from services.errors import InvalidInputError
from services.inputs import bounded, preview
from services.masking import MASK, mask_env

__all__ = ["MASK", "mask_env"]

MAX_TAIL = 10_000
# Docker waits this long for a container to stop before it kills it; beyond
# ten minutes a request would outlive any client's patience.
MAX_GRACE_SECONDS = 600
# 9999-12-31T23:59:59Z: the latest time RFC 3339 can write.
_LATEST_SINCE = 253402300799.0


def check_grace(grace_seconds: int) -> int:
    if not 0 <= grace_seconds <= MAX_GRACE_SECONDS:
        raise InvalidInputError(
            f"timeout must be between 0 and {MAX_GRACE_SECONDS} seconds, "
            f"not {grace_seconds}"
        )
    return grace_seconds


def check_tail(tail: int | None) -> int | None:
    if tail is not None and not 0 <= tail <= MAX_TAIL:
        raise InvalidInputError(f"tail must be between 0 and {MAX_TAIL}")
    return tail


def parse_tail(value: str | int | None) -> int | None:
    """A line count, or None for `all`."""
    if value is None or (isinstance(value, str) and value.strip().lower() == "all"):
        return None
    try:
        if isinstance(value, str) and not value.isascii():
            raise ValueError(value)  # int() reads other scripts' digits too
        return check_tail(int(value))
    except ValueError as exc:
        raise InvalidInputError(
            f"tail must be a number or 'all', not {preview(str(value))}"
        ) from exc


def parse_since(value: str, now: datetime | None = None) -> float:
    """RFC 3339, Unix seconds or a Go duration back from now (`10m`), as Unix
    seconds: a finite moment between 1970 and 9999, which is all the engine
    accepts (float() alone takes "nan", "inf" and 1e20)."""
    text = bounded(value, "since", 64).strip()
    try:
        moment = _moment(text, now)
    except (ValueError, OverflowError) as exc:
        raise InvalidInputError(
            f"since must be an RFC 3339 time, Unix seconds or a duration "
            f"like 10m, not {preview(value)}"
        ) from exc
    if not (math.isfinite(moment) and 0 <= moment <= _LATEST_SINCE):
        raise InvalidInputError(
            f"since must be a moment between 1970 and 9999, not {preview(value)}"
        )
    return moment


def _moment(text: str, now: datetime | None) -> float:
    if not text.isascii():
        # float() and fromisoformat() read other scripts' digits as ours.
        raise ValueError(text)
    try:
        return float(text)
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(
            text.replace("Z", "+00:00").replace("z", "+00:00")
        )
    except ValueError:
        back = parse_go_duration(text)
        return ((now or datetime.now(UTC)) - back).timestamp()
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()
