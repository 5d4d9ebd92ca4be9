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
# A migration whose effect is one index: undone by hand below.
BEHIND = "0009_operation_latest_index"
ITS_INDEX = ("operations", ("host", "container_name", "started_at", "id"))

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
    conn = sqlite3.connect(db)
    try:
        table, columns = ITS_INDEX
        (index,) = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
                [table],
            )
            if tuple(c[2] for c in conn.execute(f'PRAGMA index_info("{name}")'))
            == columns
        ]
        conn.execute(f'DROP INDEX "{index}"')
        conn.execute("DELETE FROM tortoise_migrations WHERE name = ?", [BEHIND])
        conn.commit()
    finally:
        conn.close()
    store = Store(f"sqlite://{db}")
    await store.open()
    try:
        assert await store.applied_migrations() == MIGRATIONS
        assert ITS_INDEX in await store.index_column_lists()
    finally:
        await store.close()
