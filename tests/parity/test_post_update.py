"""Pre-update scripts and `docksmith.post-update` actions against the lab."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.support.api import lab_api, wait_done

pytestmark = pytest.mark.lab

SCRIPTS = {
    "no.sh": 'echo "maintenance window closed for $CONTAINER_NAME"\nexit 1',
    "hang.sh": "echo started\nsleep 600",
    "post.sh": 'echo "$1 $2 $CONTAINER_NAME $TARGET_VERSION $STACK" > "$OUT"',
    "wait.sh": 'while [ ! -f "$OUT.go" ]; do sleep 0.2; done',
}


@pytest.fixture(scope="module")
def registry(lab_images, lab_registry):
    lab_images.build_many("pup/app", ["1.0.0", "1.1.0", "2.0.0"])
    return lab_registry.host


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("pup")
    scripts = root / "scripts"
    scripts.mkdir()
    for name, body in SCRIPTS.items():
        path = scripts / name
        path.write_text(
            f"#!/bin/sh\nOUT={root / 'post.out'}\n{body}\n".replace("$OUT", "${OUT}")
        )
        path.chmod(0o755)
    return root


def server(root, lab_engine, name: str, **overrides):
    # SCRIPT_TIMEOUT also bounds `compose exec` and `compose restart` actions:
    # a short one is only for the test of it (a loaded machine takes seconds
    # just to start the compose CLI).
    values = {"script_timeout": "120s", **overrides}
    return lab_api(root, lab_engine.docker_host, db_path=root / f"{name}.db", **values)


@pytest.fixture(scope="module")
async def api(registry, root, lab_engine):
    async with server(root, lab_engine, "default") as client:
        yield client


def one_service(registry: str, labels: dict[str, str] | None = None) -> str:
    text = (
        "services:\n  app:\n"
        f"    image: {registry}/pup/app:1.0.0\n    network_mode: none\n"
    )
    if labels:
        text += "    labels:\n" + "".join(
            f'      {k}: "{v}"\n' for k, v in labels.items()
        )
    return text


def messages(op: dict) -> str:
    return "\n".join(line["message"] for line in op["log"])


async def test_blocking_script_blocks_the_check_and_the_update_until_forced(
    api, lab, registry
):
    stack = lab.stacks.create(
        "pup1",
        compose_text=one_service(registry, {"docksmith.pre-update-check": "no.sh"}),
    )
    stack.up()
    name = stack.container("app").name
    checked = (await api.get(f"/api/container/{name}/recheck")).json()["data"]
    assert checked["status"] == "UPDATE_AVAILABLE_BLOCKED", checked
    assert f"maintenance window closed for {name}" in checked["reason"]

    refused = await api.post("/api/update", json={"container": name})
    assert refused.status_code == 400
    assert "blocked by its pre-update check" in refused.json()["error"]["message"]
    before = stack.read_text()

    forced = (
        await api.post("/api/update", json={"container": name, "force": True})
    ).json()["data"]
    op = await wait_done(api, forced["operation_id"])
    assert op["status"] == "complete", op
    assert "pre-update check skipped (forced)" in messages(op)
    assert stack.read_text() == before.replace("pup/app:1.0.0", "pup/app:2.0.0")
    stack.down()


async def test_assigned_script_is_honoured_and_escaping_paths_refused(
    api, lab, root, registry
):
    stack = lab.stacks.create("pup2", compose_text=one_service(registry))
    stack.up()
    name = stack.container("app").name
    before = stack.read_text()
    # an executable file just outside the folder
    (root / "post.out").write_text("#!/bin/sh\nexit 0\n")
    (root / "post.out").chmod(0o755)
    for bad in ("../post.out", str(root / "scripts" / ".." / "post.out")):
        refused = await api.post(
            "/api/scripts/assign", json={"container": name, "script": bad}
        )
        assert refused.status_code == 400, refused.text
        assert "outside the scripts folder" in refused.json()["error"]["message"]
    (root / "scripts" / "escape.sh").symlink_to(root / "post.out")
    refused = await api.post(
        "/api/scripts/assign", json={"container": name, "script": "escape.sh"}
    )
    assert refused.status_code == 400
    assert "outside the scripts folder" in refused.json()["error"]["message"]

    assigned = await api.post(
        "/api/scripts/assign", json={"container_name": name, "script_path": "no.sh"}
    )
    assert assigned.status_code == 200, assigned.text
    checked = (await api.get(f"/api/container/{name}/recheck")).json()["data"]
    assert checked["status"] == "UPDATE_AVAILABLE_BLOCKED", checked
    started = (
        await api.post("/api/update", json={"container": name, "version": "1.1.0"})
    ).json()["data"]
    op = await wait_done(api, started["operation_id"])
    assert op["status"] == "failed"
    assert f"maintenance window closed for {name}" in op["error_message"]
    assert stack.read_text() == before
    await api.delete(f"/api/scripts/assign/{name}")
    stack.down()


async def test_hung_script_is_killed_at_the_configured_timeout(
    lab, lab_engine, root, registry
):
    stack = lab.stacks.create(
        "pup3",
        compose_text=one_service(registry, {"docksmith.pre-update-check": "hang.sh"}),
    )
    stack.up()
    name = stack.container("app").name
    async with server(root, lab_engine, "hang", script_timeout="2s") as api:
        began = time.monotonic()
        started = (
            await api.post("/api/update", json={"container": name, "version": "1.1.0"})
        ).json()["data"]
        op = await wait_done(api, started["operation_id"])
    # Killed long before the script's 600 s sleep would have ended it.
    assert time.monotonic() - began < 300
    assert op["status"] == "failed"
    assert "timed out after 2s and was killed" in op["error_message"]
    stack.down()


POST_ACTIONS = """\
services:
  restarter:
    image: {r}/pup/app:1.0.0
    network_mode: none
    labels:
      docksmith.post-update: "restart:{p}-target"
  composer:
    image: {r}/pup/app:1.0.0
    network_mode: none
    labels:
      docksmith.post-update: "compose-restart:target"
  scripted:
    image: {r}/pup/app:1.0.0
    network_mode: none
    labels:
      docksmith.post-update: "script:post.sh"
  failing:
    image: {r}/pup/app:1.0.0
    network_mode: none
    labels:
      docksmith.post-update: "script:no.sh"
  target:
    image: {r}/pup/app:1.0.0
    container_name: {p}-target
    network_mode: none
"""


async def test_post_update_actions(api, lab, lab_engine, root, registry):
    stack = lab.stacks.create(
        "pup4", compose_text=POST_ACTIONS.format(r=registry, p="pup4")
    )
    stack.up()

    def target_started() -> str:
        [info] = lab_engine.inspect("pup4-target")
        return info["State"]["StartedAt"]

    async def update(service: str) -> dict:
        name = stack.container(service).name
        started = (
            await api.post("/api/update", json={"container": name, "version": "1.1.0"})
        ).json()["data"]
        return await wait_done(api, started["operation_id"])

    for service in ("restarter", "composer"):
        before = target_started()
        op = await update(service)
        assert op["status"] == "complete", op
        assert target_started() != before, service

    op = await update("scripted")
    assert op["status"] == "complete", op
    name = stack.container("scripted").name
    container_id = stack.container("scripted").id
    assert (root / "post.out").read_text().split() == [
        container_id,
        name,
        name,
        "1.1.0",
        "pup4",
    ]

    op = await update("failing")
    assert op["status"] == "complete", op  # a failed action is a warning only
    warnings = [line for line in op["log"] if line["level"] == "warning"]
    assert any("post-update action failed" in w["message"] for w in warnings), op
    stack.down()


def ran_inside(lab_engine, name: str) -> bool:
    done = lab_engine.docker("exec", name, "test", "-f", "/ran", check=False)
    return done.returncode == 0


async def test_exec_is_refused_by_default_and_runs_inside_when_allowed(
    api, lab, lab_engine, root, registry
):
    stack = lab.stacks.create(
        "pup5",
        compose_text=one_service(
            registry, {"docksmith.post-update": "exec:touch /ran"}
        ),
    )
    stack.up()
    name = stack.container("app").name
    started = (
        await api.post("/api/update", json={"container": name, "version": "1.1.0"})
    ).json()["data"]
    op = await wait_done(api, started["operation_id"])
    assert op["status"] == "complete", op
    assert "ALLOW_EXEC_ACTIONS" in messages(op)
    assert not ran_inside(lab_engine, name)

    async with server(root, lab_engine, "exec", allow_exec_actions=True) as allowed:
        started = (
            await allowed.post(
                "/api/update", json={"container": name, "version": "2.0.0"}
            )
        ).json()["data"]
        op = await wait_done(allowed, started["operation_id"])
    assert op["status"] == "complete", op
    assert "post-update exec: touch /ran" in messages(op)
    assert "post-update action failed" not in messages(op), messages(op)
    assert ran_inside(lab_engine, name)
    stack.down()


WAITING = """\
services:
  app:
    image: {r}/pup/app:1.0.0
    network_mode: none
    labels:
      docksmith.post-update: "script:wait.sh"
  side:
    image: {r}/pup/app:1.0.0
    network_mode: none
"""


async def test_a_script_action_holds_its_stack_while_it_runs(api, lab, root, registry):
    # given a service whose post-update script waits for a go-ahead
    stack = lab.stacks.create("pup6", compose_text=WAITING.format(r=registry))
    stack.up()
    name, side = stack.container("app").name, stack.container("side").name
    started = (
        await api.post("/api/update", json={"container": name, "version": "1.1.0"})
    ).json()["data"]
    op_id = started["operation_id"]
    async with asyncio.timeout(120):
        while "post-update script: wait.sh" not in messages(
            (await api.get(f"/api/operations/{op_id}")).json()["data"]
        ):
            await asyncio.sleep(0.2)

    # when something else asks to restart the sibling while the script runs
    # (a direct container action: it does not queue behind the stack's update)
    refused = await api.post(f"/api/containers/{side}/restart")

    # then it is refused: the script may be changing it
    assert refused.status_code == 409, refused.text
    assert "post-update script" in refused.json()["error"]["message"]
    (root / "post.out.go").write_text("")
    op = await wait_done(api, op_id)
    assert op["status"] == "complete", op
    assert "post-update action failed" not in messages(op), messages(op)
    # and the claim went with the script
    after = await api.post(f"/api/containers/{side}/restart")
    assert after.status_code == 200, after.text
    stack.down()
