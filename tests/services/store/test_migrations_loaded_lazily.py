"""An up-to-date store opens without Tortoise's migration machinery (the
server's, whose child applied the migrations: services/store/migrate.py);
one with a migration left gets it applied as before."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from services.store import Store
from tests.services.store.conftest import BACKEND
from tests.support.db import seed_migrated_sqlite

MIGRATIONS = sorted(
    p.stem
    for p in (Path(__file__).parents[3] / "services/store/migrations").glob("0*.py")
)
# The newest migration, whose effect is one column: undone by hand below.
BEHIND = "0010_operation_held_containers"
ITS_COLUMN = ("operations", "held_containers")

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="edits the file directly")

# Opens and closes the store at argv[1] in a fresh interpreter, then prints
# what it imported.
OPEN = (
    "import asyncio, json, sys\n"
    "from services.store import Store\n"
    "async def main():\n"
    "    store = Store(sys.argv[1])\n"
    "    await store.open()\n"
    "    await store.close()\n"
    "asyncio.run(main())\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


def _imported_by_open(url: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", OPEN, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_an_up_to_date_store_opens_without_the_migrations(tmp_path):
    seed_migrated_sqlite(tmp_path / "migrated.db")
    imported = _imported_by_open(f"sqlite://{tmp_path}/migrated.db")
    assert "tortoise.migrations" not in imported
    assert not [m for m in imported if m.startswith("services.store.migrations.")]


def test_a_new_store_is_migrated_with_them(tmp_path):
    # The probe above sees them when they are used.
    imported = _imported_by_open(f"sqlite://{tmp_path}/new.db")
    assert "tortoise.migrations" in imported
    assert "services.store.migrations.0001_initial" in imported
    with sqlite3.connect(tmp_path / "new.db") as conn:
        applied = [r[0] for r in conn.execute("SELECT name FROM tortoise_migrations")]
    assert sorted(applied) == MIGRATIONS


async def test_a_store_one_migration_behind_gets_it_applied(tmp_path):
    # As a database of the version before BEHIND was written.
    db = tmp_path / "behind.db"
    seed_migrated_sqlite(db)
    table, column = ITS_COLUMN
    conn = sqlite3.connect(db)
    try:
        conn.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
        conn.execute("DELETE FROM tortoise_migrations WHERE name = ?", [BEHIND])
        conn.commit()
    finally:
        conn.close()
    store = Store(f"sqlite://{db}")
    await store.open()
    try:
        assert await store.applied_migrations() == MIGRATIONS
    finally:
        await store.close()
    with sqlite3.connect(db) as conn:
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
    assert column in columns
