"""The server is SIGKILLed mid-update and restarted: the stack stays
consistent and the operation is reconciled (real engine, registry, compose)."""

from __future__ import annotations

import asyncio

import pytest

from tests.lab.fault_proxy import Fault, FaultProxy
from tests.support.gate import gate_container, wait_for_file, write_gate
from tests.support.process_server import ServerProcess, wait_status

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def proxy(lab_registry, lab_images):
    lab_images.build_many("crash/app", ["1.0.0", "1.1.0"])
    with FaultProxy(lab_registry.url) as running:
        yield running


def compose_for(proxy_host: str) -> str:
    return f"""\
# crash-safety stack
services:
  app:
    image: {proxy_host}/crash/app:1.0.0   # updated by Docksmith
    network_mode: none
"""


async def _start_update(client, name):
    response = await client.post(
        "/api/update", json={"container": name, "version": "1.1.0"}
    )
    assert response.status_code == 200, response.text
    return response.json()["data"]["operation_id"]


async def test_killed_while_pulling(lab, lab_engine, proxy, tmp_path):
    stack = lab.stacks.create("crash1", compose_text=compose_for(proxy.host))
    stack.up()
    before = stack.read_text()
    container = stack.container("app")
    server = ServerProcess(tmp_path, lab_engine.docker_host)
    client = await server.start()
    try:
        # the engine's blob downloads crawl, so the pull is still running when killed
        proxy.reset_script(Fault.slow(6, match="/blobs/"))
        op_id = await _start_update(client, container.name)
        await wait_status(client, op_id, ("pulling_image",))
        await asyncio.sleep(0.3)
        server.kill()
        await client.aclose()
        assert stack.read_text() != before  # the tag was written before the pull

        proxy.reset_script(Fault.forward())
        client = await server.start()
        op = (await client.get(f"/api/operations/{op_id}")).json()["data"]
        assert op["status"] == "failed"
        assert "interrupted by restart" in op["error_message"]
        assert stack.read_text() == before
        now = stack.container("app")
        assert (now.id, now.state) == (container.id, "running")
    finally:
        server.stop()
        await client.aclose()
        stack.down()


async def test_killed_after_recreating(lab, lab_engine, proxy, tmp_path):
    stack = lab.stacks.create("crash2", compose_text=compose_for(proxy.host))
    stack.up()
    before = stack.read_text()
    container = stack.container("app")
    server = ServerProcess(tmp_path, lab_engine.docker_host)
    client = await server.start()
    try:
        proxy.reset_script(Fault.forward())
        # a long stability window keeps the operation in its health gate
        await client.put(
            "/api/policies",
            json={"entity_type": "global", "stability_window_seconds": 30},
        )
        op_id = await _start_update(client, container.name)
        await wait_status(client, op_id, ("health_check",))
        server.kill()
        await client.aclose()

        client = await server.start()
        op = (await client.get(f"/api/operations/{op_id}")).json()["data"]
        assert op["status"] == "complete", op
        assert "verified" in " ".join(line["message"] for line in op["log"])
        assert stack.read_text() == before.replace("crash/app:1.0.0", "crash/app:1.1.0")
        [info] = lab_engine.inspect(stack.container("app").name)
        assert info["Config"]["Image"].endswith("crash/app:1.1.0")
        assert info["State"]["Running"] is True
    finally:
        server.stop()
        await client.aclose()
        stack.down()


async def test_engine_down_at_restart_settles_once_it_is_back(
    lab, lab_engine, proxy, tmp_path
):
    stack = lab.stacks.create("crash3", compose_text=compose_for(proxy.host))
    stack.up()
    before = stack.read_text()
    server = ServerProcess(tmp_path, lab_engine.docker_host)
    client = await server.start()
    try:
        proxy.reset_script(Fault.slow(6, match="/blobs/"))
        op_id = await _start_update(client, stack.container("app").name)
        await wait_status(client, op_id, ("pulling_image",))
        server.kill()
        await client.aclose()
        proxy.reset_script(Fault.forward())

        with lab_engine.stopped():
            client = await server.start()
            health = (await client.get("/api/health")).json()["data"]
            assert health["services"]["docker"] is False
            # nothing is settled blind: the operation waits for the engine
            op = (await client.get(f"/api/operations/{op_id}")).json()["data"]
            assert op["status"] == "pulling_image"
            assert stack.read_text() != before

        op = await wait_status(client, op_id, ("complete", "failed"), timeout=60)
        assert op["status"] == "failed"
        assert "interrupted by restart" in op["error_message"]
        assert stack.read_text() == before
    finally:
        server.stop()
        await client.aclose()
        stack.down()


async def test_interrupted_rollback_is_finished_after_restart(
    lab, lab_engine, proxy, tmp_path
):
    stack = lab.stacks.create("crash4", compose_text=compose_for(proxy.host))
    stack.up()
    before = stack.read_text()
    name = stack.container("app").name
    server = ServerProcess(tmp_path, lab_engine.docker_host)
    client = await server.start()
    try:
        proxy.reset_script(Fault.forward())
        await client.put(
            "/api/policies",
            json={"entity_type": "global", "stability_window_seconds": 1},
        )
        update_id = await _start_update(client, name)
        assert (await wait_status(client, update_id, ("complete", "failed")))[
            "status"
        ] == "complete"
        # a longer gate keeps the rollback in its health check when it is killed
        await client.put(
            "/api/policies",
            json={"entity_type": "global", "stability_window_seconds": 8},
        )
        response = await client.post("/api/rollback", json={"operation_id": update_id})
        rollback_id = response.json()["data"]["operation_id"]
        await wait_status(client, rollback_id, ("health_check",))
        server.kill()
        await client.aclose()

        client = await server.start()
        op = (await client.get(f"/api/operations/{rollback_id}")).json()["data"]
        assert op["status"] == "complete", op
        assert stack.read_text() == before
        [info] = lab_engine.inspect(name)
        assert info["Config"]["Image"].endswith("crash/app:1.0.0")
        original = (await client.get(f"/api/operations/{update_id}")).json()["data"]
        assert original["rollback_occurred"] is True
    finally:
        server.stop()
        await client.aclose()
        stack.down()


async def test_killed_during_the_pre_update_check(lab, lab_engine, proxy, tmp_path):
    stack = lab.stacks.create("crash5", compose_text=compose_for(proxy.host))
    stack.up()
    before = stack.read_text()
    container = stack.container("app")
    go, held = tmp_path / "go", tmp_path / "held"
    write_gate(tmp_path / "scripts", go, held=held)
    server = ServerProcess(tmp_path, lab_engine.docker_host)
    client = await server.start()
    try:
        proxy.reset_script(Fault.forward())
        await gate_container(client, container.name)
        op_id = await _start_update(client, container.name)
        await wait_for_file(held)  # the check script runs: nothing written yet
        server.kill()
        await client.aclose()
        assert stack.read_text() == before

        client = await server.start()
        op = (await client.get(f"/api/operations/{op_id}")).json()["data"]
        assert op["status"] == "failed", op
        assert "interrupted by restart" in op["error_message"]
        assert stack.read_text() == before
        now = stack.container("app")
        assert (now.id, now.state) == (container.id, "running")
    finally:
        go.touch()
        server.stop()
        await client.aclose()
        stack.down()
