"""The documented deployment, brought up in the lab and used from outside.

Docksmith runs from its image via deploy/compose.yaml (tests/image/deployment.py
lists what is substituted), with the lab engine's socket, a stacks folder at
its host path and /data as a volume, and updates a compose container and a
standalone container of that engine from inside its container. One more
stack was brought up by compose v1 (the host's Debian 1.29, as on hosts that
ran it before v2), whose container name v2 changes when it recreates it.
The v2 stack's image line has a tab before its comment, which YAML and
compose v2 accept (v1's parser does not): Docksmith reads it, edits the tag
and keeps the tab, and the image's compose v2 runs the result.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.image.deployment import (
    REPO,
    Deployment,
    deploy,
    dumps,
    image_compose,
    wait_operation,
)
from tests.lab.engine import LabEngine
from tests.lab.procs import LabError, run, short_tmpdir

pytestmark = pytest.mark.lab

APP_TEXT = """\
# web app: Docksmith edits the tag below and nothing else
services:
  web:
    image: {registry}/img/app:1.0.0   # pinned by hand
    network_mode: none
    labels:
      - "tier=front"
"""


@dataclass
class App:
    """A compose stack in the folder Docksmith mounts."""

    engine: LabEngine
    compose_path: Path

    project: str = "imgapp"

    def container(self, service: str) -> dict[str, Any]:
        out = self.engine.docker(
            "ps", "-aq", "--filter", f"label=com.docker.compose.project={self.project}",
            "--filter", f"label=com.docker.compose.service={service}",
        )  # fmt: skip
        (cid,) = out.stdout.split()
        return self.engine.inspect(cid)[0]


def compose_v1(engine: LabEngine, app: App, *args: str) -> None:
    """Debian's docker-compose 1.29 on the host, which names containers
    ``<project>_<service>_<n>``."""
    binary = shutil.which("docker-compose")
    if binary is None:
        raise LabError("docker-compose (v1) is not installed")
    run(
        [binary, "--project-name", app.project, "--file", str(app.compose_path), *args],
        env=engine.env, cwd=app.compose_path.parent, timeout=180,
    )  # fmt: skip


@pytest.fixture(scope="module")
def world(lab, docksmith_image):
    lab.images.build_many("img/app", ["1.0.0", "1.1.0"])
    stacks = short_tmpdir("imgstacks")
    (stacks / "imgapp").mkdir()
    app = App(lab.engine, stacks / "imgapp" / "compose.yaml")
    app.compose_path.write_text(
        APP_TEXT.format(registry=lab.registry.host).replace("   # pinned", "\t# pinned")
    )
    image_compose(
        lab.engine, docksmith_image.tag, app.compose_path.parent, "imgapp", "up", "-d"
    )
    (stacks / "imgold").mkdir()
    old = App(lab.engine, stacks / "imgold" / "compose.yaml", "imgold")
    old.compose_path.write_text(APP_TEXT.format(registry=lab.registry.host))
    compose_v1(lab.engine, old, "up", "-d")
    lab.engine.run_container("imgsolo", lab.ref("img/app", "1.0.0"))
    deployment = deploy(lab.engine, image=docksmith_image.tag, stacks=stacks)
    try:
        yield deployment, app, old
    finally:
        deployment.down()
        image_compose(
            lab.engine, docksmith_image.tag, old.compose_path.parent, "imgold",
            "down", "-t", "1", check=False,
        )  # fmt: skip
        image_compose(
            lab.engine,
            docksmith_image.tag,
            app.compose_path.parent,
            "imgapp",
            "down",
            "-t",
            "1",
            check=False,
        )
        lab.engine.remove_container("imgsolo")


def by_name(check: dict, name: str) -> dict:
    return next(c for c in check["containers"] if c["name"] == name)


def test_compose_example_is_healthy_and_sees_the_lab(world, docksmith_image):
    deployment, app, _old = world
    image = deployment.engine.inspect(docksmith_image.tag)[0]
    assert image["Config"]["User"] == "docksmith"
    labels = image["Config"]["Labels"]
    assert labels["org.opencontainers.image.version"] == "0.1.0"
    assert len(labels["org.opencontainers.image.revision"]) == 40
    with deployment.client() as client:
        health = client.get("/api/health").json()["data"]
        assert health["status"] == "ok", health
        check = client.get("/api/check").json()["data"]
        page = client.get("/updates")
        docs = client.get("/api/docs")
    # The example signs in (it listens on 0.0.0.0 in its container, where
    # Docksmith fails closed): a stranger gets 401, health stays public.
    stranger = httpx.get(f"{deployment.url}/api/status", timeout=60)
    assert stranger.status_code == 401, stranger.text
    assert httpx.get(f"{deployment.url}/api/health", timeout=60).status_code == 200
    # The web UI as built on the host (make ui), with SPA fallback, and the
    # API console's own files.
    assert page.status_code == 200
    assert page.text == (REPO / "frontend" / "dist" / "index.html").read_text()
    assert docs.status_code == 200
    assert "/_vendor/swagger-ui/" in docs.text
    web = by_name(check, app.container("web")["Name"].lstrip("/"))
    assert (web["status"], web["latest_version"]) == ("UPDATE_AVAILABLE", "1.1.0")
    assert web["compose_file"] == str(app.compose_path)
    assert by_name(check, "imgsolo")["status"] == "UPDATE_AVAILABLE"


def test_the_server_runs_without_docstrings_and_the_help_keeps_them(
    world, docksmith_image
):
    # deploy/entrypoint.sh: `serve` under python -OO from bytecode compiled
    # at build time; any other command, and --help, as the `docksmith` script.
    deployment, _app, _old = world
    container = deployment.container_id()
    server = deployment.engine.docker("exec", container, "cat", "/proc/1/cmdline")
    assert server.stdout.split("\0")[1:5] == ["-OO", "-m", "rest.cli", "serve"]
    compiled = deployment.engine.docker(
        "exec", container, "python3", "-OO", "-c",
        "import os, sys, rest.app, uvicorn;"
        "print(sorted(m.__name__ for m in list(sys.modules.values())"
        " if getattr(m, '__cached__', None) and not os.path.exists(m.__cached__)))",
    )  # fmt: skip
    assert compiled.stdout.strip() == "[]"
    shown = deployment.engine.docker(
        "run", "--rm", docksmith_image.tag, "serve", "--help"
    )
    assert "Serve the web UI, GraphQL (/graphql) and REST (/api)." in shown.stdout


def test_updates_a_compose_container_from_inside(world, lab):
    deployment, app, _old = world
    before = app.compose_path.read_bytes()
    with deployment.client() as client:
        name = app.container("web")["Name"].lstrip("/")
        started = client.post("/api/update", json={"container": name})
        assert started.status_code == 200, started.text
        op = wait_operation(client, started.json()["data"]["operation_id"])
    assert op["status"] == "complete", dumps(op) + deployment.logs()
    # The edit landed in the host's file, every other byte as it was.
    assert b":1.0.0\t# pinned by hand\n" in before
    assert app.compose_path.read_bytes() == before.replace(b":1.0.0", b":1.1.0")
    running = app.container("web")
    assert running["State"]["Running"]
    assert running["Config"]["Image"] == lab.ref("img/app", "1.1.0")


def test_follows_a_container_compose_v2_renames(world, lab):
    """A v1-created ``imgold_web_1`` is ``imgold-web-1`` once the image's
    compose v2 recreates it: the update follows it by its compose labels."""
    deployment, _app, old = world
    assert old.container("web")["Name"] == "/imgold_web_1"
    before = old.compose_path.read_bytes()
    with deployment.client() as client:
        started = client.post("/api/update", json={"container": "imgold_web_1"})
        assert started.status_code == 200, started.text
        op = wait_operation(client, started.json()["data"]["operation_id"])
        history = client.get("/api/history").json()["data"]
    assert op["status"] == "complete", dumps(op) + deployment.logs()
    assert "imgold_web_1: compose named its new container imgold-web-1" in dumps(op)
    assert old.compose_path.read_bytes() == before.replace(b":1.0.0", b":1.1.0")
    running = old.container("web")
    assert running["Name"] == "/imgold-web-1"
    assert running["Config"]["Image"] == lab.ref("img/app", "1.1.0")
    assert running["State"]["Running"]
    entry = next(h for h in history if h["operation_id"] == op["operation_id"])
    assert entry["container_name"] == "imgold-web-1", entry


def test_updates_a_standalone_container_from_inside(world, lab):
    deployment, _app, _old = world
    with deployment.client() as client:
        started = client.post("/api/update", json={"container": "imgsolo"})
        assert started.status_code == 200, started.text
        op = wait_operation(client, started.json()["data"]["operation_id"])
    assert op["status"] == "complete", dumps(op) + deployment.logs()
    config = lab.engine.inspect("imgsolo")[0]["Config"]
    assert config["Image"] == lab.ref("img/app", "1.1.0")


def test_knows_itself_and_keeps_history_across_a_restart(world):
    deployment: Deployment = world[0]
    own = deployment.container_id()
    with deployment.client() as client:
        refused = client.post(f"/api/containers/{own[:12]}/stop")
        before = client.get("/api/operations").json()["data"]
    assert refused.status_code == 409, refused.text
    assert "Docksmith's own container" in refused.json()["error"]["message"]
    deployment.engine.docker("restart", "--time", "10", own, timeout=60)
    deployment.wait_healthy()
    with deployment.client() as client:
        after = client.get("/api/operations").json()["data"]
    assert [o["operation_id"] for o in after] == [o["operation_id"] for o in before]
    assert before, "the updates above left no history"
