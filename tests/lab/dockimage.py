"""Build Docksmith's image from the repository's Dockerfile in a lab engine.

Offline by construction: the base is the lab's debootstrap image
(tests.lab.baseimage), the Python packages come from a wheelhouse downloaded
on the host for the base's Python (tests.lab.wheelhouse), and the API console
files and the web UI are copied as built on the host. Each build stages those
into its own ``.image/stage-<id>/`` (the Dockerfile's STAGE argument), so
``make image`` and the image tests can build at the same time. The classic
builder runs every step with ``--network none``: the lab engine has no
bridge, and nothing in the build may reach a network anyway.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.lab.baseimage import base_tarball, import_base
from tests.lab.engine import LabEngine
from tests.lab.procs import LabError
from tests.lab.wheelhouse import wheelhouse

REPO = Path(__file__).resolve().parents[2]
IMAGE_DIR = REPO / ".image"
CONSOLE_DIRS = ("swagger-ui-dist", "graphiql", "react/umd", "react-dom/umd")
UI_DIST = REPO / "frontend" / "dist"


@dataclass(frozen=True, slots=True)
class BuiltDocksmith:
    tag: str
    image_id: str
    base_tag: str
    python: str


def revision() -> str:
    out = subprocess.run(
        ["git", "-C", REPO, "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() if out.returncode == 0 else "unknown"


def project_version() -> str:
    import tomllib

    text = (REPO / "pyproject.toml").read_text()
    return str(tomllib.loads(text)["project"]["version"])


def _stage(python: str) -> Path:
    stage = IMAGE_DIR / f"stage-{uuid.uuid4().hex[:10]}"
    stage.mkdir(parents=True)
    # Hard links: the wheelhouse is tens of megabytes and never changes.
    shutil.copytree(wheelhouse(python), stage / "wheels", copy_function=os.link)
    consoles = REPO / "rest" / "consoles" / "node_modules"
    for sub in CONSOLE_DIRS:
        if not (consoles / sub).is_dir():
            shutil.rmtree(stage, ignore_errors=True)
            raise LabError(f"{consoles / sub} missing: run `make assets` first")
        shutil.copytree(consoles / sub, stage / "consoles" / sub)
    if (UI_DIST / "index.html").is_file():
        shutil.copytree(UI_DIST, stage / "ui")
    else:
        (stage / "ui").mkdir()
    return stage


def build_docksmith(
    engine: LabEngine,
    tag: str,
    *,
    suite: str = "trixie",
    version: str | None = None,
    build_args: Mapping[str, str] | None = None,
    timeout: float = 900,
) -> BuiltDocksmith:
    """Build the Dockerfile as ``tag`` in ``engine``; returns the image."""
    base = base_tarball(suite)
    base_tag = import_base(engine, base)
    stage = _stage(base.python)
    args = {
        "BASE": base_tag,
        "STAGE": os.fspath(stage.relative_to(REPO)),
        "VERSION": version or project_version(),
        "REVISION": revision(),
        **dict(build_args or {}),
    }
    cli: list[str] = ["build", "--quiet", "--network", "none", "--force-rm"]
    for key, value in args.items():
        cli += ["--build-arg", f"{key}={value}"]
    try:
        engine.docker(
            *cli, "-f", REPO / "Dockerfile", "-t", tag, REPO,
            env={"DOCKER_BUILDKIT": "0"}, timeout=timeout,
        )  # fmt: skip
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    image_id = engine.docker("image", "inspect", "-f", "{{.Id}}", tag).stdout.strip()
    return BuiltDocksmith(
        tag=tag, image_id=image_id, base_tag=base_tag, python=base.python
    )
