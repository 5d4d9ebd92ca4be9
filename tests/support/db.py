"""A freshly migrated SQLite database in one file copy instead of a migration.

Opening a new database runs every migration, and Tortoise's executor
rebuilds its model state for each one: about a second of CPU on a quiet
machine and several on a loaded one, paid by every test that starts a
server or opens a store on a new file. The database those migrations leave
is always the same, so each test process migrates one database once (the
real `Store.open`) and copies it where a test's new database goes. The
server still opens that copy itself, and finds nothing left to apply; the
migrations themselves keep their own tests, on new files
(tests/services/store/test_migrate_child.py, test_indexes.py).
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import shutil
import sqlite3
import tempfile
import threading
from pathlib import Path

from services.config import Settings
from services.store import Store


def migrate(url: str) -> None:
    """Open (so migrate) and close the store at `url`, from any thread."""

    async def run() -> None:
        store = Store(url)
        await store.open()
        await store.close()

    # Its own thread and loop: callers may be inside a running event loop.
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(run())
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=target, name="migrate-template")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


@functools.cache
def _migrated_template() -> Path:
    folder = tempfile.mkdtemp(prefix="dsm-template-")
    atexit.register(shutil.rmtree, folder, True)
    path = Path(folder) / "migrated.db"
    migrate(f"sqlite://{path}")
    return path


def seed_migrated_sqlite(target: Path) -> None:
    """Put a freshly migrated database at `target` unless a file is there.

    The online backup API copies a consistent database whatever is left in
    the template's write-ahead log."""
    if not target.is_absolute() or target.exists():
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # the server's own open reports the folder it cannot use
    source = sqlite3.connect(_migrated_template())
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()


def seed_for(settings: Settings) -> None:
    """`seed_migrated_sqlite` for the SQLite file these settings open, if any.

    Relative paths are left alone (they would be made in the current folder)."""
    if settings.database_url is None:
        seed_migrated_sqlite(settings.db_path)


def migrated_sqlite_url(path: Path) -> str:
    """The store URL of a freshly migrated database at `path` (seeded)."""
    seed_migrated_sqlite(path)
    return f"sqlite://{path}"
