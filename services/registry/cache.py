"""The registry answer cache: TTL in memory, persisted through a store, coalesced.

Owns remembering tag lists, digests and labels for `CACHE_TTL`, sharing one
in-flight request among concurrent callers asking the same thing, and handing
entries to a `RegistryCacheStore` so a restart does not re-ask every registry.
Empty answers and failures are never cached. A store that fails is logged and
bypassed: the cache must never be the reason a registry lookup fails.

The store is read once, whole, at the first lookup; after that memory knows
everything this process saved, so a miss costs no query. Saves are grouped:
answers that arrive while a write is running go out together in the next
one, and each caller returns once its own answer is written.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Protocol

from services.frozen import frozen

log = logging.getLogger(__name__)

JSON = str | int | float | bool | None | list["JSON"] | dict[str, "JSON"]
Now = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@frozen
class CachedEntry:
    value: JSON
    expires_at: datetime


class RegistryCacheStore(Protocol):
    """Persistence for cache entries; the lead's Tortoise store implements it."""

    async def load_all(self) -> dict[str, CachedEntry]: ...

    async def save_many(self, entries: Mapping[str, CachedEntry]) -> None: ...

    async def clear(self) -> None: ...


class MemoryCacheStore:
    """A `RegistryCacheStore` in a dict, standing in for the database in tests."""

    def __init__(self) -> None:
        self.entries: dict[str, CachedEntry] = {}

    async def load_all(self) -> dict[str, CachedEntry]:
        return dict(self.entries)

    async def save_many(self, entries: Mapping[str, CachedEntry]) -> None:
        self.entries.update(entries)

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
        self._loaded = store is None
        self._loading = asyncio.Lock()
        self._pending: dict[str, CachedEntry] = {}
        self._writing: asyncio.Future[None] | None = None

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
        if not self._loaded and self._store is not None:
            async with self._loading:  # one read, however many ask at once
                if not self._loaded:
                    await self._load_store(self._store)
        now = self._now()
        entry = self._memory.get(key)
        if entry is not None:
            if entry.expires_at > now:
                return entry
            del self._memory[key]
        return None

    async def _load_store(self, store: RegistryCacheStore) -> None:
        try:
            stored = await store.load_all()
        except Exception:
            # Tried again at the next lookup; meanwhile registries answer.
            log.warning("registry cache store failed to load", exc_info=True)
            return
        now = self._now()
        for key, entry in stored.items():
            if entry.expires_at > now:
                self._memory.setdefault(key, entry)
        self._loaded = True

    async def _remember(self, key: str, value: JSON) -> None:
        if _is_empty(value):
            return
        entry = CachedEntry(value, self._now() + self.ttl)
        self._memory[key] = entry
        if self._store is None:
            return
        self._pending[key] = entry
        if self._writing is None:
            self._writing = asyncio.ensure_future(self._write_pending(self._store))
        # Shielded: a caller that gives up does not abandon the others' write.
        await asyncio.shield(self._writing)

    async def _write_pending(self, store: RegistryCacheStore) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending, {}
                try:
                    await store.save_many(batch)
                except Exception:
                    log.warning(
                        "registry cache store failed to save %d entries",
                        len(batch),
                        exc_info=True,
                    )
        finally:
            self._writing = None

    async def clear(self) -> None:
        self._memory.clear()
        self._pending.clear()
        if self._writing is not None:
            # A write already under way must land before the store is emptied.
            await asyncio.shield(self._writing)
        if self._store is not None:
            await self._store.clear()
