"""Tortoise configuration built from a database URL.

`TORTOISE_ORM` exists only for the `tortoise makemigrations` CLI (see the
Makefile's `migrations` target); the running app builds its own config from
Settings and never reads it.
"""

from __future__ import annotations

from typing import Any

APP_LABEL = "docksmith"
MODELS_MODULE = "services.store.models"
MIGRATIONS_MODULE = "services.store.migrations"


def build_tortoise_config(url: str) -> dict[str, Any]:
    return {
        "connections": {"default": url},
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
