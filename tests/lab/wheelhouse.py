"""Offline wheelhouses: Docksmith's pinned dependencies as wheels for a target
Python, downloaded on the host so an image build needs no network.

``pip download --only-binary=:all:`` with the target's version, ABI and
manylinux platforms fetches the wheels a Debian base's Python installs
(3.13 for trixie) whatever Python the host runs. The pins come from
``pyproject.toml`` itself, so the wheelhouse cannot drift from the project;
setuptools comes along because ``pip install .`` builds the Docksmith wheel
in an isolated environment that can only look in the wheelhouse.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tomllib
from pathlib import Path

from tests.lab.procs import LabError, run

REPO = Path(__file__).resolve().parents[2]
WHEELHOUSES = REPO / ".image" / "wheels"
# The build backend pyproject.toml names, at the version the host uses.
BUILD_REQUIRES = ("setuptools==80.9.0",)
# glibc 2.41 (trixie) runs every manylinux wheel up to its own version.
PLATFORMS = (
    "manylinux1_x86_64",
    "manylinux2010_x86_64",
    "manylinux2014_x86_64",
    *(f"manylinux_2_{minor}_x86_64" for minor in range(17, 42)),
)


def requirements(*, dev: bool) -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    if dev:
        reqs += project.get("optional-dependencies", {}).get("dev", [])
    return [*reqs, *BUILD_REQUIRES]


def wheelhouse(python: str, *, dev: bool = False, root: Path = WHEELHOUSES) -> Path:
    """A folder of wheels for CPython ``python`` ("3.13"), downloaded once per
    set of pins; ``dev`` adds the ``dev`` extra (for running the tests)."""
    reqs = requirements(dev=dev)
    key = hashlib.sha256(json.dumps([python, reqs]).encode()).hexdigest()[:12]
    name = f"cp{python.replace('.', '')}-{'dev' if dev else 'runtime'}"
    target = root / f"{name}-{key}"
    if (target / ".complete").is_file():
        return target
    tmp = root / f".{name}-{key}.{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    abi = f"cp{python.replace('.', '')}"
    platforms = [arg for p in PLATFORMS for arg in ("--platform", p)]
    out = run(
        [
            sys.executable, "-m", "pip", "download", "--quiet",
            "--disable-pip-version-check", "--only-binary=:all:",
            "--python-version", python, "--implementation", "cp", "--abi", abi,
            *platforms, "--dest", tmp, *reqs,
        ],
        timeout=900,
        check=False,
    )  # fmt: skip
    if out.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise LabError(f"pip download for Python {python} failed: {out.stderr[-2000:]}")
    (tmp / ".complete").write_text("\n".join(reqs) + "\n")
    for stale in root.glob(f"{name}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp.replace(target)
    return target
