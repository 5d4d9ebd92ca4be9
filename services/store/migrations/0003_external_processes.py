from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('docksmith', '0002_version_text')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ExternalProcess',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('operation_id', fields.CharField(null=True, db_index=True, max_length=64)),
                ('tag', fields.CharField(unique=True, max_length=64)),
                ('pid', fields.IntField(null=True)),
                ('create_time', fields.FloatField(null=True)),
                ('command', fields.CharField(max_length=1024)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('deadline', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'external_processes', 'app': 'docksmith', 'pk_attr': 'id', 'table_description': 'A process the update engine started (compose CLI, a script) and has'},
            bases=['Model'],
        ),
    ]
