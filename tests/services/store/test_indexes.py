"""Every `db_index=True` field has its index in a migrated database, on SQLite
and PostgreSQL: Tortoise's AddField never made them and SQLite's table
rebuilds dropped them, so operations had no index at all."""

from __future__ import annotations

import inspect

from tortoise.models import Model

from services.store import Store, models


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


async def test_every_db_index_field_is_indexed(store: Store):
    expected = wanted()
    assert ("operations", "status") in expected  # the list is not empty
    assert ("operations", "host") in expected
    missing = expected - await store.indexed_columns()
    assert missing == set()
