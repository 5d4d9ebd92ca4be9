"""The arguments of the container views and actions, checked once for both
edges: log tail and since, stop/restart timeouts, and what the inspect view
hides. Each refusal is an `InvalidInputError` (400) saying what is allowed.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

from services.config import parse_go_duration
from services.errors import InvalidInputError

MAX_TAIL = 10_000
# Docker waits this long for a container to stop before it kills it; beyond
# ten minutes a request would outlive any client's patience.
MAX_GRACE_SECONDS = 600
# Env names whose values the inspect view hides: people read it on a phone.
_SECRET_NAME = re.compile(r"PASS|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE", re.I)
MASK = "********"


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
        return check_tail(int(value))
    except ValueError as exc:
        raise InvalidInputError(
            f"tail must be a number or 'all', not {value!r}"
        ) from exc


def parse_since(value: str, now: datetime | None = None) -> float:
    """RFC 3339, Unix seconds or a Go duration back from now (`10m`), as Unix
    seconds: a finite moment after 1970, which is all the engine accepts."""
    text = value.strip()
    try:
        moment = _moment(text, now)
    except ValueError as exc:
        raise InvalidInputError(
            f"since must be an RFC 3339 time, Unix seconds or a duration "
            f"like 10m, not {value!r}"
        ) from exc
    if not math.isfinite(moment) or moment < 0:
        raise InvalidInputError(f"since must be a moment after 1970, not {value!r}")
    return moment


def _moment(text: str, now: datetime | None) -> float:
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


def mask_env(entry: str) -> str:
    key, sep, value = entry.partition("=")
    if sep and value and _SECRET_NAME.search(key):
        return f"{key}={MASK}"
    return entry
