"""The server runs on its runtime dependencies alone (no dev extra needed).

`make run` and the image install only `[project.dependencies]`; a server
module importing a dev-only package (pytest, hypothesis, pyjwt, ...) would
work in the dev venv and fail in production. The test blocks every module
that only the dev extra brings, then builds the app and answers a request.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def _closure(requirements: list[str]) -> set[str]:
    """Distribution names reachable from requirements (installed ones only)."""
    seen: set[str] = set()
    todo = [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        name = req.name.lower().replace("_", "-")
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for raw in dist.requires or []:
            sub = Requirement(raw)
            extras = req.extras or {""}
            if sub.marker is None or any(
                sub.marker.evaluate({"extra": e}) for e in extras
            ):
                todo.append(sub)
    return seen


def _dev_only_modules() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = _closure(project["dependencies"])
    dev = _closure(project["optional-dependencies"]["dev"]) - runtime
    by_module = metadata.packages_distributions()
    return {
        module
        for module, dists in by_module.items()
        if all(d.lower().replace("_", "-") in dev for d in dists)
    }


PROBE = """
import importlib.abc, sys
BLOCKED = set(sys.argv[1].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"dev-only module imported by the server: {name}")
sys.meta_path.insert(0, Block())
from starlette.testclient import TestClient
from rest.app import create_app
import rest.cli
app = create_app()
client = TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 50000))
print(client.get("/api/nothing-here").status_code)
"""


def test_dev_extra_modules_are_found():
    blocked = _dev_only_modules()
    # The probe below is only worth something if it really blocks the tools.
    assert {"pytest", "hypothesis", "mypy", "jwt"} <= blocked


def test_server_imports_and_answers_without_the_dev_extra(tmp_path):
    blocked = _dev_only_modules()
    result = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(sorted(blocked))],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DB_PATH": str(tmp_path / "d.db")},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "404"


def test_requires_python_admits_3_11_to_3_13():
    from packaging.specifiers import SpecifierSet

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    spec = SpecifierSet(project["requires-python"])
    assert all(v in spec for v in ("3.11.0", "3.12.1", "3.13.0"))
