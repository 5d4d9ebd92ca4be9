"""Base images for building Docksmith's image in the lab, made from Debian.

No image registry is reachable from the lab, so the base the Dockerfile
starts ``FROM`` is made here: ``debootstrap --variant=minbase`` installs a
Debian root file system with Python, the Docker CLI and the compose CLI
(the packages the Dockerfile would otherwise apt-get), the package caches
are dropped, and the tree is packed as a tarball that ``docker import`` turns
into an image in a lab engine (never any other engine). The tarball is
cached under the git-ignored ``.image/bases/``, keyed by suite and package
list, so only the first build pays for debootstrap (trixie: under a minute).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.lab.engine import LabEngine, find_binary
from tests.lab.procs import LabError, run, unmount_under

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".image" / "bases"

# What the Dockerfile's system stage needs; it apt-gets whatever a base lacks.
PACKAGES: dict[str, tuple[str, ...]] = {
    # trixie: Python 3.13, docker-cli 26.1 and the compose v2 plugin 2.26
    # (both speak to the lab's Engine 20.10).
    "trixie": (
        "python3",
        "python3-venv",
        "docker-cli",
        "docker-compose",
        # compose over ssh:// runs the ssh client (docs/hosts.md)
        "openssh-client",
        "ca-certificates",
    ),
}
# Trees left behind by debootstrap that an image never needs.
PRUNE = (
    "var/cache/apt/archives",
    "var/lib/apt/lists",
    "usr/share/doc",
    "usr/share/man",
    "usr/share/info",
)


@dataclass(frozen=True, slots=True)
class BaseTarball:
    """A cached root file system and what it holds."""

    suite: str
    path: Path
    python: str  # "3.13"

    @property
    def tag(self) -> str:
        digest = hashlib.sha256(self.path.name.encode()).hexdigest()[:12]
        return f"docksmith-base/{self.suite}:{digest}"


def _key(suite: str) -> str:
    spec = json.dumps([suite, "minbase", PACKAGES[suite]])
    return hashlib.sha256(spec.encode()).hexdigest()[:16]


def base_tarball(suite: str = "trixie", cache: Path = CACHE) -> BaseTarball:
    """The cached tarball for ``suite``, made with debootstrap when missing."""
    if suite not in PACKAGES:
        raise LabError(f"no package list for Debian {suite}")
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / f"{suite}-{_key(suite)}.tar"
    meta = tarball.with_suffix(".json")
    if not (tarball.is_file() and meta.is_file()):
        python = _debootstrap(suite, tarball)
        tmp = meta.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"python": python}))
        tmp.replace(meta)
    python = json.loads(meta.read_text())["python"]
    return BaseTarball(suite=suite, path=tarball, python=python)


def _debootstrap(suite: str, tarball: Path) -> str:
    """Make ``tarball``; returns the Python version the root file system has."""
    if os.geteuid() != 0:
        raise LabError("debootstrap needs root to build the base image")
    debootstrap = find_binary("debootstrap")
    work = Path(tempfile.mkdtemp(prefix=f"dsl-base-{suite}-", dir=tarball.parent))
    root = work / "root"
    try:
        began = time.monotonic()
        # No mirror argument: debootstrap's own default mirror.
        run(
            [
                debootstrap,
                "--variant=minbase",
                f"--include={','.join(PACKAGES[suite])}",
                suite,
                root,
            ],
            timeout=900,
        )
        for sub in PRUNE:
            shutil.rmtree(root / sub, ignore_errors=True)
            (root / sub).mkdir(parents=True, exist_ok=True)
        python = _python_version(root)
        tmp = tarball.with_suffix(f".{os.getpid()}.tmp")
        run(["tar", "--numeric-owner", "-C", root, "-cf", tmp, "."], timeout=300)
        tmp.replace(tarball)
        print(f"debootstrap {suite}: {time.monotonic() - began:.0f}s")
        return python
    finally:
        unmount_under(work)
        shutil.rmtree(work, ignore_errors=True)


def _python_version(root: Path) -> str:
    versions = sorted(
        p.name.removeprefix("python")
        for p in (root / "usr" / "bin").glob("python3.*")
        if p.name.removeprefix("python3.").isdigit()
    )
    if not versions:
        raise LabError(f"no python3 in the {root} root file system")
    return versions[-1]


def import_base(engine: LabEngine, base: BaseTarball) -> str:
    """The base as an image in ``engine`` (imported once); returns its tag."""
    have = engine.docker("image", "inspect", base.tag, check=False, timeout=30)
    if have.returncode != 0:
        engine.docker("import", base.path, base.tag, timeout=600)
    return base.tag
