from tortoise import migrations

from services.store.migration_ops import EnsureFieldIndexes


class Migration(migrations.Migration):
    """The `db_index` indexes 0004's new host columns never got, and those
    SQLite lost when 0004 rebuilt tables (operations had none at all)."""

    dependencies = [('docksmith', '0006_notification_channels')]

    initial = False

    operations = [EnsureFieldIndexes()]
