"""The registry client's persistent cache, kept in the database so a restart
does not re-ask every registry (implements `RegistryCacheStore`)."""

from __future__ import annotations

from datetime import datetime

from services.registry.cache import JSON, CachedEntry
from services.store.repositories import CacheRepository


class StoreRegistryCache:
    def __init__(self, repo: CacheRepository) -> None:
        self._repo = repo

    async def load(self, key: str) -> CachedEntry | None:
        hit = await self._repo.load(key)
        return CachedEntry(hit.value, hit.expires_at) if hit else None

    async def save(self, key: str, value: JSON, expires_at: datetime) -> None:
        await self._repo.save(key, value, expires_at)

    async def clear(self) -> None:
        await self._repo.clear()
