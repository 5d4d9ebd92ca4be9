from __future__ import annotations

import os

import pytest

from services.config import Settings

pytest_plugins = ["tests.lab.fixtures"]

# The image tests build Docksmith's image first; `make test-image` runs them
# in a pytest of their own, beside the main run (tests/image/conftest.py).
collect_ignore = [] if os.environ.get("DOCKSMITH_IMAGE_TESTS") == "1" else ["image"]


@pytest.fixture
def settings_factory(tmp_path):
    """Settings isolated from the environment: a temp SQLite file, no .env."""

    def make(**overrides) -> Settings:
        values = {
            "db_path": tmp_path / "docksmith.db",
            "docker_host": f"unix://{tmp_path}/no-docker.sock",
            "scripts_dir": tmp_path / "scripts",
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)

    return make
