from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def container(lab_engine, lab_images):
    built = lab_images.build_many("cli/app", ["1.0.0", "1.2.0"])
    lab_engine.run_container("cli-app", built["1.0.0"].ref)
    yield "cli-app"
    lab_engine.remove_container("cli-app")


def _check(lab_engine, tmp_path, *args):
    env = {
        **os.environ,
        "DOCKER_HOST": lab_engine.docker_host,
        "DB_PATH": str(tmp_path / "d.db"),
    }
    return subprocess.run(
        [sys.executable, "-m", "rest.cli", "check", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_json_output(lab_engine, container, tmp_path):
    result = _check(lab_engine, tmp_path, "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows[container]["status"] == "UPDATE_AVAILABLE"
    assert rows[container]["latest_version"] == "1.2.0"


def test_table_output_and_stack_filter(lab_engine, container, tmp_path):
    result = _check(lab_engine, tmp_path)
    assert result.returncode == 0, result.stderr
    assert container in result.stdout
    assert "UPDATE_AVAILABLE" in result.stdout
    assert "updates available" in result.stderr
    filtered = _check(lab_engine, tmp_path, "--stack", "no-such-stack", "--json")
    assert json.loads(filtered.stdout) == []


def test_no_engine_is_a_clear_error(tmp_path):
    env = {
        **os.environ,
        "DOCKER_HOST": f"unix://{tmp_path}/none.sock",
        "DB_PATH": str(tmp_path / "d.db"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "rest.cli", "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert "not reachable" in result.stderr
    assert "Traceback" not in result.stderr
