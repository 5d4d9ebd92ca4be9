"""Docker Hub pull-budget tracking from `ratelimit-*` response headers.

Owns parsing `ratelimit-limit: 100;w=21600` / `ratelimit-remaining: 76;w=21600`
and remembering the latest budget per registry so the status API (and a later
scheduler) can see how many pulls are left. The `docker-ratelimit-source`
header (the caller's IP or account id) is deliberately not kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from services.frozen import frozen


@frozen
class RateLimitBudget:
    limit: int
    remaining: int
    window_seconds: int | None
    observed_at: datetime

    def as_dict(self) -> dict[str, object]:
        return {
            "limit": self.limit,
            "remaining": self.remaining,
            "window_seconds": self.window_seconds,
            "observed_at": self.observed_at.isoformat(),
        }


def parse_quota(value: str | None) -> tuple[int, int | None] | None:
    """`"100;w=21600"` → `(100, 21600)`; None when absent or malformed."""
    if not value:
        return None
    first, *params = (part.strip() for part in value.split(";"))
    try:
        amount = int(first)
    except ValueError:
        return None
    window = None
    for param in params:
        key, _, raw = param.partition("=")
        if key.strip() == "w" and raw.strip().isdigit():
            window = int(raw.strip())
    return amount, window


class RateLimitTracker:
    def __init__(self, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._now = now
        self._budgets: dict[str, RateLimitBudget] = {}

    def record(self, registry: str, headers: Mapping[str, str]) -> None:
        limit = parse_quota(headers.get("ratelimit-limit"))
        remaining = parse_quota(headers.get("ratelimit-remaining"))
        if limit is None or remaining is None:
            return
        self._budgets[registry] = RateLimitBudget(
            limit=limit[0],
            remaining=remaining[0],
            window_seconds=remaining[1] or limit[1],
            observed_at=self._now(),
        )

    def budget(self, registry: str) -> RateLimitBudget | None:
        return self._budgets.get(registry)

    def status(self) -> dict[str, dict[str, object]]:
        return {host: b.as_dict() for host, b in sorted(self._budgets.items())}
