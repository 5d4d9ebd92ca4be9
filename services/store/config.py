"""Tortoise configuration built from a database URL.

`TORTOISE_ORM` exists only for the `tortoise makemigrations` CLI (see the
Makefile's `migrations` target); the running app builds its own config from
Settings and never reads it.
"""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.config_generator import expand_db_url

APP_LABEL = "docksmith"
MODELS_MODULE = "services.store.models"
MIGRATIONS_MODULE = "services.store.migrations"

# SQLite's page cache per connection, in KiB (its `cache_size` pragma). The
# default of 2,000 KiB filled up with the saved check results (a ~2 MB value
# rewritten by every check) and stayed resident for the life of the server;
# the pages are in the OS's file cache anyway, so a smaller cache costs a
# read syscall where it misses, not a disk read.
SQLITE_CACHE_KIB = 512


def connection_config(url: str) -> str | dict[str, Any]:
    """Tortoise's connection settings for `url`: SQLite's with a small page
    cache unless the URL sets one (`?cache_size=...`), others as given."""
    if not url.startswith("sqlite://"):
        return url
    connection: dict[str, Any] = expand_db_url(url)
    connection["credentials"].setdefault("cache_size", -SQLITE_CACHE_KIB)
    return connection


def build_tortoise_config(url: str) -> dict[str, Any]:
    return {
        "connections": {"default": connection_config(url)},
        "apps": {
            APP_LABEL: {
                "models": [MODELS_MODULE],
                "migrations": MIGRATIONS_MODULE,
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


TORTOISE_ORM = build_tortoise_config("sqlite://./data/migrations-dev.db")
