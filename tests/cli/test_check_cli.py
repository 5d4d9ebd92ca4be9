from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def container(lab_engine, lab_images):
    built = lab_images.build_many("cli/app", ["1.0.0", "1.2.0"])
    # A long name: a piped table must still print it whole, on one line.
    name = "cli-app-with-a-name-long-enough-to-overflow-an-eighty-column-table"
    lab_engine.run_container(name, built["1.0.0"].ref)
    yield name
    lab_engine.remove_container(name)


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
    assert result.returncode == 1, result.stderr  # 1: an update is available
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows[container]["status"] == "UPDATE_AVAILABLE"
    assert rows[container]["latest_version"] == "1.2.0"


def test_table_output_and_stack_filter(lab_engine, lab_images, container, tmp_path):
    result = _check(lab_engine, tmp_path)
    assert result.returncode == 1, result.stderr
    # stdout is a pipe: every cell whole, the row on one line
    [row] = [line for line in result.stdout.splitlines() if container in line]
    image = lab_images.ref("cli/app", "1.0.0")
    assert image in row
    assert "UPDATE_AVAILABLE" in row
    assert "1.2.0" in row
    # "1 update available", "2 updates available"
    assert re.search(r"^\d+ updates? available$", result.stderr, re.MULTILINE)
    filtered = _check(lab_engine, tmp_path, "--stack", "no-such-stack", "--json")
    assert filtered.returncode == 0, filtered.stderr  # nothing to update there
    assert json.loads(filtered.stdout) == []
    assert (
        "warning: no container belongs to a compose project named 'no-such-stack'"
        in (" ".join(filtered.stderr.split()))
    )


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
    assert result.returncode == 2  # 1 means "updates available"
    assert "not reachable" in result.stderr
    assert "Traceback" not in result.stderr
