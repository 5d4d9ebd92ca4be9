from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    """Every container an operation holds (members and their replicas), so
    start-up reconciliation can claim them all again after a crash."""

    dependencies = [('docksmith', '0009_operation_latest_index')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Operation',
            name='held_containers',
            field=fields.JSONField(null=True),
        ),
    ]
