"""Migrations applied by a child process before the server opens the store
(services/store/migrate.py: what applying them leaves behind dies with it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from services.store import Store
from services.store.migrate import apply_migrations_in_child
from tests.services.store.conftest import BACKEND

MIGRATIONS = sorted(
    p.stem
    for p in (Path(__file__).parents[3] / "services/store/migrations").glob("0*.py")
)

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="reads the file directly")


async def test_the_child_applies_every_migration_and_the_store_finds_none_left(
    tmp_path,
):
    db = tmp_path / "fresh.db"
    assert apply_migrations_in_child(f"sqlite://{db}") is None
    # Read by hand, not through a Store: its open would apply them itself.
    with sqlite3.connect(db) as conn:
        applied = [r[0] for r in conn.execute("SELECT name FROM tortoise_migrations")]
    assert sorted(applied) == MIGRATIONS
    store = Store(f"sqlite://{db}")
    await store.open()
    try:
        assert await store.applied_migrations() == MIGRATIONS
    finally:
        await store.close()


def test_a_child_that_cannot_open_the_store_says_why(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    failure = apply_migrations_in_child(f"sqlite://{blocker}/sub/d.db")
    assert failure is not None
    assert "Not a directory" in failure
