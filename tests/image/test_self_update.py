"""Self-update in the lab: Docksmith from the compose example updates itself.

Three locally built versions in the lab registry: 1.0.0 (the image under
test), 1.1.0 (the same with its version label changed) and 1.2.0, broken:
its health check always fails. The deployment runs 1.0.0, is asked for the
broken 1.2.0 and must come back on 1.0.0 with its compose file as it was,
then is asked for 1.1.0 and must run it. Each operation is started by the
old process and finished by the one that runs afterwards. A Docksmith run
without compose (``docker run``) updates itself from 1.0.0 to 1.1.0 by the
standalone swap.
"""

from __future__ import annotations

import pytest

from tests.image.deployment import deploy, dumps, run_standalone, wait_operation
from tests.lab.procs import short_tmpdir

pytestmark = pytest.mark.lab

REPO_NAME = "selfupd/docksmith"
HELPER_LABEL = "io.docksmith.self-update.operation"


def derive(lab, base: str, ref: str, *lines: str) -> None:
    dockerfile = "\n".join([f"FROM {base}", *lines]) + "\n"
    lab.engine.docker("build", "-q", "-t", ref, "-", input=dockerfile, timeout=300)
    lab.engine.docker("push", "--quiet", ref, timeout=600)


@pytest.fixture(scope="module")
def versions(lab, docksmith_image):
    refs = {v: lab.ref(REPO_NAME, v) for v in ("1.0.0", "1.1.0", "1.2.0")}
    lab.engine.docker("tag", docksmith_image.tag, refs["1.0.0"])
    lab.engine.docker("push", "--quiet", refs["1.0.0"], timeout=900)
    label = "LABEL org.opencontainers.image.version={}"
    derive(lab, refs["1.0.0"], refs["1.1.0"], label.format("1.1.0"))
    derive(
        lab,
        refs["1.0.0"],
        refs["1.2.0"],
        label.format("1.2.0"),
        "HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD false",
    )
    return refs


@pytest.fixture(scope="module")
def deployment(lab, versions):
    stacks = short_tmpdir("selfupd")
    deployed = deploy(lab.engine, image=versions["1.0.0"], stacks=stacks)
    try:
        yield deployed
    finally:
        deployed.down()


def update_self(deployment, version: str) -> dict:
    name = deployment.engine.inspect(deployment.container_id())[0]["Name"].lstrip("/")
    with deployment.client() as client:
        started = client.post(
            "/api/update", json={"container": name, "version": version}
        )
        assert started.status_code == 200, started.text
        op = wait_operation(client, started.json()["data"]["operation_id"], timeout=300)
    deployment.wait_healthy()
    return op


def running_image(deployment) -> str:
    return deployment.engine.inspect(deployment.container_id())[0]["Config"]["Image"]


def helpers_left(deployment) -> list[str]:
    out = deployment.engine.docker("ps", "-aq", "--filter", f"label={HELPER_LABEL}")
    return out.stdout.split()


def test_broken_new_version_is_rolled_back(deployment, versions):
    before = deployment.compose_path.read_bytes()
    old_id = deployment.container_id()
    op = update_self(deployment, "1.2.0")
    assert op["status"] == "failed", dumps(op)
    log = dumps(op)
    assert "self-update rolled back" in log, log
    assert running_image(deployment) == versions["1.0.0"]
    assert deployment.container_id() != old_id  # recreated from the old file
    assert deployment.compose_path.read_bytes() == before
    assert helpers_left(deployment) == []


def test_updates_itself_to_the_new_version(deployment, versions):
    before = deployment.compose_path.read_bytes()
    op = update_self(deployment, "1.1.0")
    assert op["status"] == "complete", dumps(op)
    assert running_image(deployment) == versions["1.1.0"]
    assert deployment.compose_path.read_bytes() == before.replace(
        versions["1.0.0"].encode(), versions["1.1.0"].encode()
    )
    assert helpers_left(deployment) == []
    with deployment.client() as client:
        health = client.get("/api/health").json()["data"]
    assert health["status"] == "ok"


def mounts_of(container: dict) -> list[tuple[str, str, str]]:
    return sorted(
        (m["Type"], m.get("Name") or m["Source"], m["Destination"])
        for m in container["Mounts"]
    )


@pytest.fixture
def standalone(lab, versions):
    deployed = run_standalone(lab.engine, image=versions["1.0.0"])
    try:
        yield deployed
    finally:
        deployed.down()


def test_standalone_docksmith_updates_itself(standalone, versions):
    old_id = standalone.container_id()
    mounts = mounts_of(standalone.engine.inspect(old_id)[0])
    # The operation is read from the new process: the /data volume came along.
    op = update_self(standalone, "1.1.0")
    assert op["status"] == "complete", dumps(op)
    new_id = standalone.container_id()
    assert new_id != old_id
    new = standalone.engine.inspect(new_id)[0]
    assert new["Name"] == "/docksmith-solo"
    assert new["Config"]["Image"] == versions["1.1.0"]
    assert mounts_of(new) == mounts
    assert helpers_left(standalone) == []
    leftovers = standalone.engine.docker("ps", "-aq", "--filter", "name=docksmith-solo")
    assert leftovers.stdout.split() == [new_id[:12]]
