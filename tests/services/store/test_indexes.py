"""Every `db_index=True` field has its index in a migrated database, on SQLite
and PostgreSQL: Tortoise's AddField never made them and SQLite's table
rebuilds dropped them, so operations had no index at all."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import pytest
from tortoise.migrations.schema_editor.sqlite import SqliteSchemaEditor
from tortoise.models import Model

from services.store import Store, models
from services.store.config import APP_LABEL
from services.store.migration_ops import EnsureFieldIndexes
from tests.services.store.conftest import BACKEND


def wanted() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for _, model in inspect.getmembers(models, inspect.isclass):
        if not issubclass(model, Model) or model is Model or model._meta.abstract:
            continue
        for name, field in model._meta.fields_map.items():
            if field.index and not field.pk and not field.unique:
                found.add(
                    (model._meta.db_table, model._meta.fields_db_projection[name])
                )
    return found


async def test_every_db_index_field_is_indexed(fresh_store: Store):
    store = fresh_store
    expected = wanted()
    assert ("operations", "status") in expected  # the list is not empty
    assert ("operations", "host") in expected
    missing = expected - await store.indexed_columns()
    assert missing == set()


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's table rebuild")
async def test_ensure_field_indexes_restores_meta_indexes_after_a_rebuild(
    store: Store,
):
    """SQLite's AlterField remakes the table without any index, 0009's
    (host, container_name, started_at, id) too: the migration step that
    follows such a rebuild must bring that one back as well."""
    latest = ("operations", ("host", "container_name", "started_at", "id"))
    assert latest in await store.index_column_lists()
    with store.active():
        editor = SqliteSchemaEditor(models.Operation._meta.db, atomic=False)
        await editor._remake_table(models.Operation)
        assert latest not in await store.index_column_lists()
        state = SimpleNamespace(
            apps=SimpleNamespace(apps={APP_LABEL: {"Operation": models.Operation}})
        )
        await EnsureFieldIndexes().database_forward(APP_LABEL, state, state, editor)  # type: ignore[arg-type]
    assert latest in await store.index_column_lists()
    assert {(t, c[0]) for t, c in await store.index_column_lists()} >= {
        key for key in wanted() if key[0] == "operations"
    }


async def test_every_meta_index_exists(fresh_store: Store):
    store = fresh_store
    expected = {
        (model._meta.db_table, tuple(fields))
        for _, model in inspect.getmembers(models, inspect.isclass)
        if issubclass(model, Model) and model is not Model
        for fields in model._meta.indexes or ()
    }
    assert expected, "no model asks for a Meta.indexes index"
    assert expected <= await store.index_column_lists()
