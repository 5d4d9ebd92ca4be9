from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('docksmith', '0004_hosts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AutoUpdateCandidate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('host', fields.CharField(default='local', db_index=True, db_default='local', max_length=64)),
                ('container_name', fields.CharField(max_length=255)),
                ('candidate', fields.CharField(max_length=512)),
                ('first_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('image_created_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('failed_candidate', fields.CharField(null=True, max_length=512)),
                ('failed_operation_id', fields.CharField(null=True, max_length=64)),
                ('failed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('failure', fields.TextField(null=True, unique=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'auto_update_candidates', 'app': 'docksmith', 'unique_together': (('host', 'container_name'),), 'pk_attr': 'id', 'table_description': 'What auto-update knows about the current candidate of a container.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AutoUpdatePolicy',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('host', fields.CharField(default='local', db_index=True, db_default='local', max_length=64)),
                ('entity_type', fields.CharField(max_length=16)),
                ('entity_id', fields.CharField(default='', max_length=255)),
                ('level', fields.CharField(null=True, max_length=16)),
                ('min_age_seconds', fields.IntField(null=True)),
                ('maintenance_window', fields.CharField(null=True, max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'auto_update_policies', 'app': 'docksmith', 'unique_together': (('host', 'entity_type', 'entity_id'),), 'pk_attr': 'id', 'table_description': 'Auto-update policy for the whole host, one stack or one container.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Operation',
            name='summary',
            field=fields.TextField(null=True, unique=False),
        ),
    ]
