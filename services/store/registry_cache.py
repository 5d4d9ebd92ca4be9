"""The registry client's persistent cache, kept in the database so a restart
does not re-ask every registry (implements `RegistryCacheStore`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from services.registry.cache import JSON, CachedEntry
from services.store.records import CachedValue
from services.store.repositories import CacheRepository


class StoreRegistryCache:
    def __init__(self, repo: CacheRepository) -> None:
        self._repo = repo

    async def load(self, key: str) -> CachedEntry | None:
        hit = await self._repo.load(key)
        return CachedEntry(hit.value, hit.expires_at) if hit else None

    async def save(self, key: str, value: JSON, expires_at: datetime) -> None:
        await self._repo.save(key, value, expires_at)

    async def load_all(self) -> dict[str, CachedEntry]:
        found = await self._repo.load_all()
        return {k: CachedEntry(v.value, v.expires_at) for k, v in found.items()}

    async def save_many(self, entries: Mapping[str, CachedEntry]) -> None:
        await self._repo.save_many(
            {k: CachedValue(e.value, e.expires_at) for k, e in entries.items()}
        )

    async def clear(self) -> None:
        await self._repo.clear()
