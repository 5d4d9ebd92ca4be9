from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('docksmith', '0001_initial')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Operation',
            name='new_version',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.AlterField(
            model_name='Operation',
            name='old_version',
            field=fields.TextField(null=True, unique=False),
        ),
    ]
