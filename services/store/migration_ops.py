"""Migration operations of our own, for what Tortoise's leave undone.

Tortoise creates a `db_index=True` field's index only inside `CreateModel`:
`AddField` adds the column without it, and on SQLite every `AlterField` (and
0004's rebuild) remakes the table and drops the indexes it had. Migrations
after such a step end with `EnsureFieldIndexes()`.
"""

from __future__ import annotations

from typing import Any

from tortoise.migrations.operations import TortoiseOperation
from tortoise.migrations.schema_editor.base import BaseSchemaEditor
from tortoise.migrations.schema_generator.state import State


class EnsureFieldIndexes(TortoiseOperation):
    """Create every `db_index=True` field's index that is missing, under the
    name Tortoise itself gives it, on SQLite and PostgreSQL alike.

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
                index = state_editor._generate_index_name("idx", model, [column])
                await state_editor._run_sql(
                    f'CREATE INDEX IF NOT EXISTS "{index}" '
                    f'ON "{model._meta.db_table}" ("{column}")'
                )

    async def database_backward(
        self,
        app_label: str,
        old_state: State,
        new_state: State,
        state_editor: BaseSchemaEditor | None = None,
    ) -> None:
        # Indexes the models ask for are not undone by going back.
        return None


def _wants_index(field: Any) -> bool:
    # A primary key or unique column has its own index already.
    return bool(field.index) and not field.pk and not field.unique
