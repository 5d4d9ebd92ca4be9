"""`docksmith tags list IMAGE` in a real process against the lab registry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.lab.registry import LabRegistry
from tests.services.registry.labutil import push_tags, unique_repo

ROOT = Path(__file__).resolve().parents[3]
# The lead registers `list_tags` on the real Typer app; typer.run is the same
# function behind a one-command app.
RUNNER = "import typer; from rest.cli.tags_list import list_tags; typer.run(list_tags)"


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "DOCKER_CONFIG": str(tmp_path / "docker"),
        "DB_PATH": str(tmp_path / "d.db"),
    }
    return subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


def test_lists_tags_of_a_lab_image(lab_registry: LabRegistry, tmp_path):
    repo = unique_repo("cli")
    push_tags(lab_registry.api, repo, ["1.0.0", "1.2.0", "latest"])
    image = f"{lab_registry.host}/{repo}"

    plain = _run(tmp_path, image)
    as_json = _run(tmp_path, image, "--json")

    assert plain.returncode == 0, plain.stderr
    assert sorted(plain.stdout.split()) == ["1.0.0", "1.2.0", "latest"]
    assert "3 tags" in plain.stderr
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["image_ref"] == image
    assert data["count"] == 3
    assert sorted(data["tags"]) == ["1.0.0", "1.2.0", "latest"]


def test_errors_are_one_readable_line(lab_registry: LabRegistry, tmp_path):
    missing = _run(tmp_path, f"{lab_registry.host}/no/such-repo")
    invalid = _run(tmp_path, "Not A Valid Ref")

    assert missing.returncode == 1
    assert f"registry {lab_registry.host}" in missing.stderr
    assert "not found" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert invalid.returncode == 1
    assert "Traceback" not in invalid.stderr
