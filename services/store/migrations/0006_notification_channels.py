from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('docksmith', '0005_auto_update')]

    initial = False

    operations = [
        ops.CreateModel(
            name='NotificationChannel',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('channel_id', fields.CharField(unique=True, max_length=32)),
                ('name', fields.CharField(unique=True, max_length=64)),
                ('url', fields.TextField(unique=False)),
                ('events', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('min_change', fields.CharField(null=True, max_length=16)),
                ('include_stacks', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('exclude_stacks', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('include_containers', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('exclude_containers', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('title_template', fields.TextField(null=True, unique=False)),
                ('body_template', fields.TextField(null=True, unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'notification_channels', 'app': 'docksmith', 'pk_attr': 'id', 'table_description': 'An Apprise channel added through the API (NOTIFY_URLS ones are not'},
            bases=['Model'],
        ),
    ]
