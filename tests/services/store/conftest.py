from __future__ import annotations

import itertools
import os

import pytest

from services.store import Store

_databases = itertools.count()

# Tortoise binds its model classes to one SQL dialect per process, so the
# store suite runs once per backend in separate pytest runs: plain `pytest`
# uses SQLite, and `make test` runs this folder again with
# DOCKSMITH_TEST_STORE=postgres against the lab's throwaway cluster.
BACKEND = os.environ.get("DOCKSMITH_TEST_STORE", "sqlite")


@pytest.fixture
async def store(request, tmp_path):
    """An open, migrated store on the selected backend; a fresh database per test."""
    if BACKEND == "postgres":
        pg = request.getfixturevalue("lab_postgres")
        url = pg.create_database(f"store_test_{os.getpid()}_{next(_databases)}")
    else:
        url = f"sqlite://{tmp_path}/store.db"
    opened = Store(url)
    await opened.open()
    yield opened
    await opened.close()
