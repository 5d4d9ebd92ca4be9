"""The registry answer cache: TTL in memory, persisted through a store, coalesced.

Owns remembering tag lists, digests and labels for `CACHE_TTL`, sharing one
in-flight request among concurrent callers asking the same thing, and handing
entries to a `RegistryCacheStore` so a restart does not re-ask every registry.
Empty answers and failures are never cached. A store that fails is logged and
bypassed: the cache must never be the reason a registry lookup fails.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

log = logging.getLogger(__name__)

JSON = str | int | float | bool | None | list["JSON"] | dict[str, "JSON"]
Now = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class CachedEntry:
    value: JSON
    expires_at: datetime


class RegistryCacheStore(Protocol):
    """Persistence for cache entries; the lead's Tortoise store implements it."""

    async def load(self, key: str) -> CachedEntry | None: ...

    async def save(self, key: str, value: JSON, expires_at: datetime) -> None: ...

    async def clear(self) -> None: ...


class MemoryCacheStore:
    """A `RegistryCacheStore` in a dict, standing in for the database in tests."""

    def __init__(self) -> None:
        self.entries: dict[str, CachedEntry] = {}

    async def load(self, key: str) -> CachedEntry | None:
        return self.entries.get(key)

    async def save(self, key: str, value: JSON, expires_at: datetime) -> None:
        self.entries[key] = CachedEntry(value, expires_at)

    async def clear(self) -> None:
        self.entries.clear()


def _is_empty(value: JSON) -> bool:
    return value is None or (isinstance(value, list | dict | str) and not value)


class RegistryCache:
    def __init__(
        self,
        ttl: timedelta,
        store: RegistryCacheStore | None = None,
        now: Now = utc_now,
    ) -> None:
        self.ttl = ttl
        self._store = store
        self._now = now
        self._memory: dict[str, CachedEntry] = {}
        self._inflight: dict[str, asyncio.Future[JSON]] = {}

    async def get_or_fetch(
        self, key: str, fetch: Callable[[], Awaitable[JSON]]
    ) -> JSON:
        """The cached value for `key`, else the result of one shared `fetch()`."""
        cached = await self._lookup(key)
        if cached is not None:
            return cached.value
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[JSON] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            value = await fetch()
        except BaseException as exc:
            future.set_exception(exc)
            # Mark it retrieved: nobody may be waiting, and that is fine.
            future.exception()
            raise
        else:
            future.set_result(value)
            await self._remember(key, value)
            return value
        finally:
            self._inflight.pop(key, None)

    async def _lookup(self, key: str) -> CachedEntry | None:
        now = self._now()
        entry = self._memory.get(key)
        if entry is not None:
            if entry.expires_at > now:
                return entry
            del self._memory[key]
        if self._store is None:
            return None
        try:
            entry = await self._store.load(key)
        except Exception:
            log.warning("registry cache store failed to load %s", key, exc_info=True)
            return None
        if entry is None or entry.expires_at <= now:
            return None
        self._memory[key] = entry
        return entry

    async def _remember(self, key: str, value: JSON) -> None:
        if _is_empty(value):
            return
        expires_at = self._now() + self.ttl
        self._memory[key] = CachedEntry(value, expires_at)
        if self._store is None:
            return
        try:
            await self._store.save(key, value, expires_at)
        except Exception:
            log.warning("registry cache store failed to save %s", key, exc_info=True)

    async def clear(self) -> None:
        self._memory.clear()
        if self._store is not None:
            await self._store.clear()
