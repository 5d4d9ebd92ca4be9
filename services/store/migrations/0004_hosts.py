from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.migrations.constraints import UniqueConstraint

class RemoveInlineUniqueTogether(ops.RemoveConstraint):
    """0001 created this unique_together inside SQLite's CREATE TABLE, as an
    autoindex no DROP INDEX can reach: SQLite rebuilds the table instead (the
    rebuilt table has no index; the operations after this one add them)."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):  # type: ignore[no-untyped-def]
        if state_editor is not None and state_editor.DIALECT == "sqlite":
            model = new_state.apps.get_model(f"{app_label}.{self.model_name}")
            await state_editor._remake_table(model)
            return
        await super().database_forward(app_label, old_state, new_state, state_editor)


class Migration(migrations.Migration):
    dependencies = [('docksmith', '0003_external_processes')]

    initial = False

    operations = [
        ops.AddField(
            model_name='CheckHistory',
            name='host',
            field=fields.CharField(default='local', db_index=True, db_default='local', max_length=64),
        ),
        ops.AddField(
            model_name='ComposeBackup',
            name='host',
            field=fields.CharField(default='local', db_index=True, db_default='local', max_length=64),
        ),
        ops.AddField(
            model_name='Operation',
            name='host',
            field=fields.CharField(default='local', db_index=True, db_default='local', max_length=64),
        ),
        ops.AddField(
            model_name='QueuedOperation',
            name='host',
            field=fields.CharField(default='local', db_index=True, db_default='local', max_length=64),
        ),
        RemoveInlineUniqueTogether(
            model_name='RollbackPolicy',
            name=None,
            fields=['entity_type', 'entity_id'],
        ),
        ops.AddField(
            model_name='RollbackPolicy',
            name='host',
            field=fields.CharField(default='local', db_index=True, db_default='local', max_length=64),
        ),
        ops.AddConstraint(
            model_name='RollbackPolicy',
            constraint=UniqueConstraint(fields=('host', 'entity_type', 'entity_id'), name=None),
        ),
        ops.AlterField(
            model_name='ScriptAssignment',
            name='container_name',
            field=fields.CharField(max_length=255),
        ),
        ops.AddField(
            model_name='ScriptAssignment',
            name='host',
            field=fields.CharField(default='local', db_index=True, db_default='local', max_length=64),
        ),
        ops.AddConstraint(
            model_name='ScriptAssignment',
            constraint=UniqueConstraint(fields=('host', 'container_name'), name=None),
        ),
        ops.AddField(
            model_name='UpdateLogEntry',
            name='host',
            field=fields.CharField(default='local', db_index=True, db_default='local', max_length=64),
        ),
    ]
