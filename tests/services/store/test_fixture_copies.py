"""The `store` fixture's databases are copies of one migrated once per test
process, on both backends: the migrations cost seconds of CPU each time
(more under load), a copy milliseconds. The migrations keep their own tests
on databases migrated from nothing (`fresh_store`, test_indexes.py)."""

from __future__ import annotations

from services.store import Store
from tests.services.store.conftest import _opened


async def _applied_at(store: Store) -> list[str]:
    with store.active():
        rows = await store._ctx.db().execute_query_dict(
            "SELECT name, applied_at FROM tortoise_migrations ORDER BY name"
        )
    return [f"{row['name']} {row['applied_at']}" for row in rows]


async def test_each_store_is_a_copy_of_one_migrated_database(
    store: Store, request, tmp_path
):
    # given a second store for this test, as the next test would get
    other = await _opened(request, tmp_path / "other", seeded=True)
    try:
        # then both carry the same migrations, applied at the same instants:
        # neither was migrated on its own
        assert await _applied_at(other) == await _applied_at(store)
        assert await _applied_at(store)
    finally:
        await other.close()
