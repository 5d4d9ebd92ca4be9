"""The Docker engine dies mid-update while the server stays up (real
engine, registry, compose): the operation is not settled blind, keeps its
containers' claims while the engine is away, and once the engine answers
again it is judged from what is really there, as after a server restart
(docs/updates.md, "Crash safety")."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.lab.engine import LabEngine
from tests.support.process_server import ServerProcess, wait_log, wait_status

pytestmark = pytest.mark.lab

ENGINE_LOST = "the Docker engine stopped answering"


@pytest.fixture(scope="module")
def images(lab_images):
    return lab_images.build_many("engineloss/app", ["1.0.0", "1.1.0"])


async def _start_update(client: httpx.AsyncClient, name: str) -> str:
    response = await client.post(
        "/api/update", json={"container": name, "version": "1.1.0"}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["data"]["operation_id"])


async def _hold_gate(client: httpx.AsyncClient) -> None:
    # A long stability window keeps the update in its health gate.
    response = await client.put(
        "/api/policies",
        json={"entity_type": "global", "stability_window_seconds": 60},
    )
    assert response.status_code == 200, response.text


async def _while_engine_is_away(
    client: httpx.AsyncClient, engine: LabEngine, op_id: str
) -> dict[str, Any]:
    """The engine goes away: the operation says so and stays unsettled; it
    gets a short gate for the settling."""
    engine.stop()
    async with asyncio.timeout(90):
        while True:
            op: dict[str, Any] = (await client.get(f"/api/operations/{op_id}")).json()[
                "data"
            ]
            said = any(ENGINE_LOST in line["message"] for line in op["log"])
            if said or op["status"] in ("complete", "failed"):
                break
            await asyncio.sleep(0.1)
    assert op["status"] not in ("complete", "failed"), op["error_message"]
    response = await client.put(
        "/api/policies",
        json={"entity_type": "global", "stability_window_seconds": 2},
    )
    assert response.status_code == 200, response.text
    return op


@contextlib.asynccontextmanager
async def _serving(
    root: Path, engine: LabEngine, clean_up: Callable[[], None]
) -> AsyncIterator[httpx.AsyncClient]:
    """A server on the lab engine; on the way out it stops and the test's
    containers go (`clean_up`), whatever the test left them as."""
    server = ServerProcess(root, engine.docker_host)
    client = await server.start()
    try:
        yield client
    finally:
        server.stop()
        await client.aclose()
        clean_up()


def _says_the_engine_went_away(op: dict[str, Any]) -> None:
    """The verdict names what happened: the engine going away, not a
    restart of the server, which never happened."""
    said = [op["error_message"] or "", *(line["message"] for line in op["log"])]
    if op["status"] == "failed":
        assert "interrupted by the Docker engine going away" in said[0], said
    else:
        verdict = "verified once the Docker engine answered again"
        assert [line for line in said if verdict in line], said
    assert not [line for line in said if "restart (" in line or "by restart" in line]
    assert not [line for line in said if "server restart" in line], said


async def _settled_after_engine_loss(
    client: httpx.AsyncClient,
    engine: LabEngine,
    op_id: str,
    *,
    while_away: Callable[[], Awaitable[None]] | None = None,
) -> dict[str, Any]:
    """The engine goes away mid-operation (`_while_engine_is_away`, then
    `while_away`) and comes back: the operation once settled, its verdict
    naming the engine."""
    try:
        await _while_engine_is_away(client, engine, op_id)
        if while_away is not None:
            await while_away()
    finally:
        engine.start()
    op = await wait_status(client, op_id, ("complete", "failed"), timeout=120)
    _says_the_engine_went_away(op)
    return op


async def _restarted_since(engine: LabEngine, name: str, first: dict[str, Any]) -> None:
    """Waits until `name` has started again since its inspect `first`."""
    async with asyncio.timeout(60):
        while (
            engine.inspect(name)[0]["State"]["StartedAt"] == first["State"]["StartedAt"]
        ):
            await asyncio.sleep(0.1)


def _copies(engine: LabEngine, name: str) -> list[str]:
    return [n for n in engine.containers().values() if name in n]


async def test_engine_lost_in_a_compose_health_gate(lab, lab_engine, images, tmp_path):
    stack = lab.stacks.create(
        "engloss1",
        compose_text=(
            "# engine-loss stack\nservices:\n  app:\n"
            f"    image: {images['1.0.0'].ref}   # updated by Docksmith\n"
            "    network_mode: none\n"
        ),
    )
    stack.up()
    before = stack.read_text()
    name = stack.container("app").name
    async with _serving(tmp_path, lab_engine, stack.down) as client:
        await _hold_gate(client)
        op_id = await _start_update(client, name)
        await wait_status(client, op_id, ("health_check",))
        op = await _settled_after_engine_loss(client, lab_engine, op_id)
        [copy] = _copies(lab_engine, name)
        [info] = lab_engine.inspect(copy)
        assert copy == name
        assert info["State"]["Running"] is True
        # The truth, whichever way it was settled: file and container agree.
        if op["status"] == "complete":
            assert stack.read_text() == before.replace("app:1.0.0", "app:1.1.0")
            assert info["Image"] == images["1.1.0"].image_id
        else:
            assert stack.read_text() == before
            assert info["Image"] == images["1.0.0"].image_id
        # Free again once settled.
        response = await client.post(f"/api/containers/{name}/restart")
        assert response.status_code == 200, response.text


async def test_engine_lost_in_a_standalone_swap(lab, lab_engine, images, tmp_path):
    name = "engloss-solo"
    lab_engine.run_container(name, images["1.0.0"].ref)
    async with _serving(
        tmp_path, lab_engine, lambda: lab_engine.remove_container(name)
    ) as client:
        await _hold_gate(client)
        op_id = await _start_update(client, name)
        await wait_log(client, op_id, f"waiting for {name} to be healthy")
        op = await _settled_after_engine_loss(client, lab_engine, op_id)
        # One copy under its name: no -docksmith-old/-new left to block the
        # next update.
        assert _copies(lab_engine, name) == [name]
        [info] = lab_engine.inspect(name)
        assert info["State"]["Running"] is True
        wanted = "1.1.0" if op["status"] == "complete" else "1.0.0"
        assert info["Image"] == images[wanted].image_id, op


async def test_engine_lost_in_a_label_change(lab, lab_engine, images, tmp_path):
    stack = lab.stacks.create(
        "engloss3",
        compose_text=(
            "services:\n  app:\n"
            f"    image: {images['1.0.0'].ref}\n"
            "    network_mode: none\n"
        ),
    )
    stack.up()
    before = stack.read_text()
    original = stack.container("app")
    name = original.name
    async with _serving(tmp_path, lab_engine, stack.down) as client:
        await _hold_gate(client)
        response = await client.post(
            "/api/labels/set", json={"container": name, "ignore": True}
        )
        assert response.status_code == 200, response.text
        op_id = str(response.json()["data"]["operation_id"])
        # Compose recreated it: the change is in its health gate.
        async with asyncio.timeout(60):
            while (now := stack.container("app")).id == original.id or (
                now.state != "running"
            ):
                await asyncio.sleep(0.1)
        op = await _settled_after_engine_loss(client, lab_engine, op_id)
        assert _copies(lab_engine, name) == [name]
        [info] = lab_engine.inspect(name)
        assert info["State"]["Running"] is True
        labelled = info["Config"]["Labels"].get("docksmith.ignore") == "true"
        # File and container agree with each other and with the verdict.
        assert labelled is (op["status"] == "complete"), op["error_message"]
        assert (stack.read_text() != before) is labelled


async def test_engine_lost_in_a_rollback(lab, lab_engine, images, tmp_path):
    stack = lab.stacks.create(
        "engloss4",
        compose_text=(
            "services:\n  app:\n"
            f"    image: {images['1.0.0'].ref}  # rolled back\n"
            "    network_mode: none\n"
        ),
    )
    stack.up()
    before = stack.read_text()
    name = stack.container("app").name
    async with _serving(tmp_path, lab_engine, stack.down) as client:
        update_id = await _start_update(client, name)  # default 10 s gate
        update = await wait_status(client, update_id, ("complete", "failed"))
        assert update["status"] == "complete", update["error_message"]
        await _hold_gate(client)
        response = await client.post("/api/rollback", json={"operation_id": update_id})
        assert response.status_code == 200, response.text
        op_id = str(response.json()["data"]["operation_id"])
        await wait_status(client, op_id, ("health_check",))
        # A rollback is what was asked: it is finished once the engine is back.
        op = await _settled_after_engine_loss(client, lab_engine, op_id)
        assert op["status"] == "complete", op["error_message"]
        assert stack.read_text() == before
        assert _copies(lab_engine, name) == [name]
        [info] = lab_engine.inspect(name)
        assert info["State"]["Running"] is True
        assert info["Image"] == images["1.0.0"].image_id


async def test_engine_lost_in_a_restart(lab_engine, images, tmp_path):
    name = "engloss-restart"
    lab_engine.run_container(name, images["1.0.0"].ref)
    [first] = lab_engine.inspect(name)
    async with _serving(
        tmp_path, lab_engine, lambda: lab_engine.remove_container(name)
    ) as client:
        await _hold_gate(client)
        response = await client.post("/api/restart", json={"container": name})
        assert response.status_code == 200, response.text
        op_id = str(response.json()["data"]["operation_id"])
        # Restarted: the restart is in its health gate.
        await _restarted_since(lab_engine, name, first)
        # Asked to restart it, Docksmith leaves it running once the engine
        # that stopped it is back.
        op = await _settled_after_engine_loss(client, lab_engine, op_id)
        assert op["status"] == "complete", op["error_message"]
        [info] = lab_engine.inspect(name)
        assert info["State"]["Running"] is True


async def test_engine_lost_in_a_stack_restart(lab, lab_engine, images, tmp_path):
    stack = lab.stacks.create(
        "engloss5",
        compose_text=(
            "services:\n"
            "  db:\n"
            f"    image: {images['1.0.0'].ref}\n"
            "    network_mode: none\n"
            "  app:\n"
            f"    image: {images['1.0.0'].ref}\n"
            "    network_mode: none\n"
            "    depends_on: [db]\n"
        ),
    )
    stack.up()
    db = stack.container("db").name
    [first] = lab_engine.inspect(db)
    async with _serving(tmp_path, lab_engine, stack.down) as client:
        await _hold_gate(client)
        response = await client.post("/api/restart/stack/engloss5")
        assert response.status_code == 200, response.text
        op_id = str(response.json()["data"]["operation_id"])
        # The first level (db) restarted: it is in its health gate.
        await _restarted_since(lab_engine, db, first)
        # Every member of the stack ends running once the engine is back,
        # the level it never reached included.
        op = await _settled_after_engine_loss(client, lab_engine, op_id)
        assert op["status"] == "complete", op["error_message"]
        assert {d["container_name"] for d in op["batch_details"]} == {
            db,
            stack.container("app").name,
        }
        for service in ("db", "app"):
            [info] = lab_engine.inspect(stack.container(service).name)
            assert info["State"]["Running"] is True


async def test_engine_lost_while_restarting_dependants(lab_engine, images, tmp_path):
    main, after = "engloss-dep-main", "engloss-dep-after"
    lab_engine.run_container(main, images["1.0.0"].ref)
    lab_engine.run_container(
        after, images["1.0.0"].ref, labels={"docksmith.restart-after": main}
    )
    [first] = lab_engine.inspect(after)

    def clean_up() -> None:
        for name in (after, main):
            lab_engine.remove_container(name)

    async def gate(scope: dict[str, Any], seconds: int) -> None:
        response = await client.put(
            "/api/policies", json={**scope, "stability_window_seconds": seconds}
        )
        assert response.status_code == 200, response.text

    dependant = {"entity_type": "container", "entity_id": after}
    async with _serving(tmp_path, lab_engine, clean_up) as client:
        # The container passes its gate at once; its dependant is held in its own.
        await gate({"entity_type": "global"}, 0)
        await gate(dependant, 60)
        response = await client.post("/api/restart", json={"container": main})
        assert response.status_code == 200, response.text
        op_id = str(response.json()["data"]["operation_id"])
        await wait_status(client, op_id, ("restarting_dependents",))
        await _restarted_since(lab_engine, after, first)
        # Not "complete (dependants not restarted)": left unsettled. Once the
        # engine is back the container and its dependant run, the dependant
        # restarted after it as the restart would have done.
        op = await _settled_after_engine_loss(
            client, lab_engine, op_id, while_away=lambda: gate(dependant, 2)
        )
        assert op["status"] == "complete", op["error_message"]
        assert any(
            line["message"].startswith(f"dependant {after} ") for line in op["log"]
        ), op["log"]
        for name in (main, after):
            [info] = lab_engine.inspect(name)
            assert info["State"]["Running"] is True, name


async def test_engine_lost_in_a_stack_restart_with_an_outside_dependant(
    lab, lab_engine, images, tmp_path
):
    """A container outside the stack that restarts after one of its members
    is restarted after the stack once the engine is back, as the stack
    restart would have done, though the engine went away before the stack
    restart reached its dependants."""
    stack = lab.stacks.create(
        "engloss6",
        compose_text=(
            "services:\n"
            "  db:\n"
            f"    image: {images['1.0.0'].ref}\n"
            "    network_mode: none\n"
        ),
    )
    stack.up()
    db = stack.container("db").name
    outside = "engloss-stack-dependant"
    lab_engine.run_container(
        outside, images["1.0.0"].ref, labels={"docksmith.restart-after": db}
    )
    [first] = lab_engine.inspect(db)

    def clean_up() -> None:
        lab_engine.remove_container(outside)
        stack.down()

    async with _serving(tmp_path, lab_engine, clean_up) as client:
        await _hold_gate(client)
        response = await client.post("/api/restart/stack/engloss6")
        assert response.status_code == 200, response.text
        op_id = str(response.json()["data"]["operation_id"])
        # The stack's one level restarted: it is in its health gate.
        await _restarted_since(lab_engine, db, first)
        op = await _settled_after_engine_loss(client, lab_engine, op_id)
        assert op["status"] == "complete", op["error_message"]
        assert any(
            line["message"].startswith(f"dependant {outside} ") for line in op["log"]
        ), op["log"]
        [info] = lab_engine.inspect(outside)
        assert info["State"]["Running"] is True


async def test_engine_lost_in_a_label_change_with_a_dependant(
    lab, lab_engine, images, tmp_path
):
    """The label change recreated its container and the engine went away in
    its health gate, before its dependants' turn: once the engine is back,
    whichever way the change is settled, the container it leaves is a new
    one, and its dependant restarts after it as the change would have done."""
    stack = lab.stacks.create(
        "engloss7",
        compose_text=(
            "services:\n  app:\n"
            f"    image: {images['1.0.0'].ref}\n"
            "    network_mode: none\n"
        ),
    )
    stack.up()
    original = stack.container("app")
    after = "engloss-label-dependant"
    lab_engine.run_container(
        after, images["1.0.0"].ref, labels={"docksmith.restart-after": original.name}
    )

    def clean_up() -> None:
        lab_engine.remove_container(after)
        stack.down()

    async with _serving(tmp_path, lab_engine, clean_up) as client:
        await _hold_gate(client)
        response = await client.post(
            "/api/labels/set", json={"container": original.name, "ignore": True}
        )
        assert response.status_code == 200, response.text
        op_id = str(response.json()["data"]["operation_id"])
        # Compose recreated it: the change is in its health gate.
        async with asyncio.timeout(60):
            while (now := stack.container("app")).id == original.id or (
                now.state != "running"
            ):
                await asyncio.sleep(0.1)
        op = await _settled_after_engine_loss(client, lab_engine, op_id)
        assert stack.container("app").id != original.id
        assert any(
            line["message"].startswith(f"dependant {after} ") for line in op["log"]
        ), op["log"]
        [info] = lab_engine.inspect(after)
        assert info["State"]["Running"] is True
