from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from services.registry.cache import CachedEntry, MemoryCacheStore, RegistryCache


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class BrokenStore:
    async def load_all(self):
        raise OSError("database is gone")

    async def save_many(self, entries):
        raise OSError("database is gone")

    async def clear(self):
        return None


async def test_concurrent_callers_share_one_fetch():
    cache = RegistryCache(timedelta(minutes=5))
    calls = 0
    release = asyncio.Event()

    async def fetch():
        nonlocal calls
        calls += 1
        await release.wait()
        return ["1.0", "2.0"]

    tasks = [
        asyncio.create_task(cache.get_or_fetch("tags:x", fetch)) for _ in range(20)
    ]
    await asyncio.sleep(0)
    release.set()
    results = await asyncio.gather(*tasks)

    assert calls == 1
    assert all(r == ["1.0", "2.0"] for r in results)


async def test_entries_expire_after_ttl():
    clock = Clock()
    cache = RegistryCache(timedelta(minutes=5), now=clock)
    values = iter([["a"], ["b"]])

    async def fetch():
        return next(values)

    assert await cache.get_or_fetch("k", fetch) == ["a"]
    clock.now += timedelta(minutes=4)
    assert await cache.get_or_fetch("k", fetch) == ["a"]
    clock.now += timedelta(minutes=2)
    assert await cache.get_or_fetch("k", fetch) == ["b"]


async def test_failures_and_empty_answers_are_not_cached():
    cache = RegistryCache(timedelta(minutes=5))
    answers: list[object] = [RuntimeError("boom"), [], ["x"]]

    async def fetch():
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    with pytest.raises(RuntimeError):
        await cache.get_or_fetch("k", fetch)
    assert await cache.get_or_fetch("k", fetch) == []
    assert await cache.get_or_fetch("k", fetch) == ["x"]
    assert answers == []


async def test_coalesced_waiters_see_the_failure():
    cache = RegistryCache(timedelta(minutes=5))
    release = asyncio.Event()

    async def fetch():
        await release.wait()
        raise RuntimeError("registry down")

    tasks = [asyncio.create_task(cache.get_or_fetch("k", fetch)) for _ in range(3)]
    await asyncio.sleep(0)
    release.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)

    assert all(isinstance(r, RuntimeError) for r in results)


async def test_store_survives_a_restart_and_respects_expiry():
    clock = Clock()
    store = MemoryCacheStore()
    first = RegistryCache(timedelta(minutes=5), store, now=clock)

    async def fetch():
        return {"digest": "sha256:abc"}

    await first.get_or_fetch("digest:x", fetch)
    assert store.entries["digest:x"] == CachedEntry(
        {"digest": "sha256:abc"}, clock.now + timedelta(minutes=5)
    )

    async def must_not_fetch():
        raise AssertionError("should come from the store")

    second = RegistryCache(timedelta(minutes=5), store, now=clock)
    assert await second.get_or_fetch("digest:x", must_not_fetch) == {
        "digest": "sha256:abc"
    }
    clock.now += timedelta(minutes=6)
    third = RegistryCache(timedelta(minutes=5), store, now=clock)
    assert await third.get_or_fetch("digest:x", fetch) == {"digest": "sha256:abc"}
    assert store.entries["digest:x"].expires_at == clock.now + timedelta(minutes=5)

    await third.clear()
    assert store.entries == {}


async def test_a_broken_store_never_breaks_lookups(caplog):
    cache = RegistryCache(timedelta(minutes=5), BrokenStore())

    async def fetch():
        return ["1"]

    assert await cache.get_or_fetch("k", fetch) == ["1"]
    assert await cache.get_or_fetch("k", fetch) == ["1"]
    assert "registry cache store failed" in caplog.text


class CountingStore(MemoryCacheStore):
    def __init__(self) -> None:
        super().__init__()
        self.loads = 0
        self.writes: list[list[str]] = []
        self.gate = asyncio.Event()
        self.gate.set()

    async def load_all(self):
        self.loads += 1
        await asyncio.sleep(0)
        return await super().load_all()

    async def save_many(self, entries):
        self.writes.append(sorted(entries))
        await self.gate.wait()
        await super().save_many(entries)


async def test_the_store_is_read_once_and_misses_cost_no_query():
    clock = Clock()
    store = CountingStore()
    store.entries["k0"] = CachedEntry(["kept"], clock.now + timedelta(minutes=1))
    cache = RegistryCache(timedelta(minutes=5), store, now=clock)

    async def fetch():
        return ["fresh"]

    answers = await asyncio.gather(
        *(cache.get_or_fetch(f"k{i}", fetch) for i in range(10))
    )
    assert answers[0] == ["kept"]
    assert answers[1:] == [["fresh"]] * 9
    assert store.loads == 1
    await cache.get_or_fetch("k99", fetch)
    assert store.loads == 1


async def test_saves_are_grouped_and_each_caller_waits_for_its_own():
    store = CountingStore()
    store.gate.clear()  # the first write hangs until released
    cache = RegistryCache(timedelta(minutes=5), store)

    async def fetch():
        return ["v"]

    first = asyncio.create_task(cache.get_or_fetch("a", fetch))
    while not store.writes:
        await asyncio.sleep(0)
    later = [asyncio.create_task(cache.get_or_fetch(f"b{i}", fetch)) for i in range(5)]
    await asyncio.sleep(0.01)
    assert not first.done()
    assert not any(t.done() for t in later)  # their answers are not stored yet
    store.gate.set()
    await asyncio.gather(first, *later)
    assert store.writes == [["a"], [f"b{i}" for i in range(5)]]
    assert set(store.entries) == {"a"} | {f"b{i}" for i in range(5)}


async def test_clear_waits_for_a_write_under_way():
    store = CountingStore()
    store.gate.clear()
    cache = RegistryCache(timedelta(minutes=5), store)

    async def fetch():
        return ["v"]

    saving = asyncio.create_task(cache.get_or_fetch("a", fetch))
    while not store.writes:
        await asyncio.sleep(0)
    clearing = asyncio.create_task(cache.clear())
    await asyncio.sleep(0.01)
    store.gate.set()
    await asyncio.gather(saving, clearing)
    assert store.entries == {}
