from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

from services.store.migration_ops import EnsureFieldIndexes

class Migration(migrations.Migration):
    dependencies = [('docksmith', '0007_field_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ApiToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=64)),
                ('scope', fields.CharField(max_length=16)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_by', fields.CharField(null=True, max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_tokens', 'app': 'docksmith', 'pk_attr': 'id', 'table_description': 'An API token, kept as its SHA-256 only.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LocalUser',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=64)),
                ('password_hash', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'local_users', 'app': 'docksmith', 'pk_attr': 'id', 'table_description': 'A local user, whose password is kept as an argon2id hash only.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoginSession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session_hash', fields.CharField(unique=True, max_length=64)),
                ('csrf_hash', fields.CharField(max_length=64)),
                ('user_name', fields.CharField(max_length=255)),
                ('method', fields.CharField(max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_sessions', 'app': 'docksmith', 'pk_attr': 'id', 'table_description': 'A signed-in browser: the SHA-256 of its cookie and of its CSRF token.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Operation',
            name='started_by',
            field=fields.CharField(null=True, max_length=255),
        ),
        # SQLite may rebuild a table to add a column, dropping its indexes.
        EnsureFieldIndexes(),
    ]
