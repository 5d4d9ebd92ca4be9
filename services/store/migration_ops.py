"""Migration operations of our own, for what Tortoise's leave undone.

Tortoise creates a `db_index=True` field's index only inside `CreateModel`:
`AddField` adds the column without it, and on SQLite every `AlterField` (and
0004's rebuild) remakes the table and drops the indexes it had, a model's
`Meta.indexes` (0009's) too. Migrations after such a step end with
`EnsureFieldIndexes()`.
"""

from __future__ import annotations

from typing import Any

from tortoise.indexes import Index
from tortoise.migrations.operations import TortoiseOperation
from tortoise.migrations.schema_editor.base import BaseSchemaEditor
from tortoise.migrations.schema_generator.state import State


class EnsureFieldIndexes(TortoiseOperation):
    """Create every `db_index=True` field's index and every `Meta.indexes`
    index that is missing, under the name Tortoise itself gives it, on SQLite
    and PostgreSQL alike.

    The model state does not change (the models already say `db_index`), so
    `makemigrations` sees nothing to do afterwards."""

    def describe(self) -> str:
        return "Create the missing db_index indexes"

    async def database_forward(
        self,
        app_label: str,
        old_state: State,
        new_state: State,
        state_editor: BaseSchemaEditor | None = None,
    ) -> None:
        if state_editor is None:
            return
        for model in new_state.apps.apps.get(app_label, {}).values():
            for name, field in model._meta.fields_map.items():
                if not _wants_index(field):
                    continue
                column = model._meta.fields_db_projection[name]
                await _ensure_index(state_editor, model, None, [column])
            for wanted in model._meta.indexes or ():
                index = wanted if isinstance(wanted, Index) else Index(fields=wanted)
                name = state_editor._index_name_for_model(model, index)
                columns = [
                    model._meta.fields_db_projection.get(f, f)
                    for f in index.field_names
                ]
                await _ensure_index(state_editor, model, name, columns)

    async def database_backward(
        self,
        app_label: str,
        old_state: State,
        new_state: State,
        state_editor: BaseSchemaEditor | None = None,
    ) -> None:
        # Indexes the models ask for are not undone by going back.
        return None


async def _ensure_index(
    editor: BaseSchemaEditor, model: Any, name: str | None, columns: list[str]
) -> None:
    name = name or editor._generate_index_name("idx", model, columns)
    listed = ", ".join(f'"{c}"' for c in columns)
    await editor._run_sql(
        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{model._meta.db_table}" ({listed})'
    )


def _wants_index(field: Any) -> bool:
    # A primary key or unique column has its own index already.
    return bool(field.index) and not field.pk and not field.unique
