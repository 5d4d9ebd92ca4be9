from __future__ import annotations

import os

import pytest

from services.config import Settings
from tests.support.db import seed_for

pytest_plugins = ["tests.lab.fixtures", "tests.support.schedule"]

# The image tests build Docksmith's image first; `make test-image` runs them
# in a pytest of their own, beside the main run (tests/image/conftest.py).
collect_ignore = [] if os.environ.get("DOCKSMITH_IMAGE_TESTS") == "1" else ["image"]


@pytest.fixture
def settings_factory(tmp_path):
    """Settings isolated from the environment: a temp SQLite file, no .env.

    The file is there already, migrated (tests/support/db.py)."""

    def make(**overrides) -> Settings:
        values = {
            "db_path": tmp_path / "docksmith.db",
            "docker_host": f"unix://{tmp_path}/no-docker.sock",
            "scripts_dir": tmp_path / "scripts",
        }
        values.update(overrides)
        settings = Settings(_env_file=None, **values)
        seed_for(settings)
        return settings

    return make
