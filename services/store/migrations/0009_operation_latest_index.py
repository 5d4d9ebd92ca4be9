from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    """Each container's newest operation by one index seek (latest_for)."""

    dependencies = [('docksmith', '0008_auth')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Operation',
            index=Index(fields=['host', 'container_name', 'started_at', 'id']),
        ),
    ]
