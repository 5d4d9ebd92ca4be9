from __future__ import annotations

import functools
import itertools
import os

import pytest

from services.store import Store
from tests.lab.postgres import LabPostgres
from tests.support.db import migrate, seed_migrated_sqlite

_databases = itertools.count()

# Tortoise binds its model classes to one SQL dialect per process, so the
# store suite runs once per backend in separate pytest runs: plain `pytest`
# uses SQLite, and `make test` runs this folder again with
# DOCKSMITH_TEST_STORE=postgres against the lab's throwaway cluster.
BACKEND = os.environ.get("DOCKSMITH_TEST_STORE", "sqlite")


@functools.cache
def _migrated_template(pg: LabPostgres) -> str:
    """A database migrated once per test process, closed, for CREATE
    DATABASE ... TEMPLATE: a copy takes milliseconds where the migrations
    take seconds of CPU (more under load)."""
    name = f"store_template_{os.getpid()}"
    migrate(pg.create_database(name))
    return name


async def _opened(request, tmp_path, *, seeded: bool) -> Store:
    if BACKEND == "postgres":
        pg = request.getfixturevalue("lab_postgres")
        template = _migrated_template(pg) if seeded else None
        url = pg.create_database(
            f"store_test_{os.getpid()}_{next(_databases)}", template=template
        )
    else:
        path = tmp_path / "store.db"
        if seeded:
            seed_migrated_sqlite(path)
        url = f"sqlite://{path}"
    opened = Store(url)
    await opened.open()
    return opened


@pytest.fixture
async def store(request, tmp_path):
    """An open, migrated store on the selected backend; a fresh database per
    test, a copy of one migrated once per process (a file copy on SQLite,
    tests/support/db.py; a template database on PostgreSQL)."""
    opened = await _opened(request, tmp_path, seeded=True)
    yield opened
    await opened.close()


@pytest.fixture
async def fresh_store(request, tmp_path):
    """`store`, migrated from nothing by this test's own open: for the tests
    of the migrations themselves."""
    opened = await _opened(request, tmp_path, seeded=False)
    yield opened
    await opened.close()
