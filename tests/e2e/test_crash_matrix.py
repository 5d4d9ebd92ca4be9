"""SIGKILL matrix: the server is killed at each stage of compose and
standalone updates, rollbacks, label changes and restarts (the moments
between stopping the old container and starting the new one included),
each at several timings, and started again. Every case then asserts:

- exactly one copy of the container exists (no `<id>_<name>`, no
  `-docksmith-old/-new`) and it runs;
- the compose file names the image the container runs;
- the operation is settled and says the truth: `complete` when the
  container runs the target, `failed` when it is back on what it ran before.

The kill points are made deterministic by the containers themselves: their
main process ignores SIGTERM, so every stop takes the whole stop timeout
(a few seconds) and the test kills at a known offset into it, after the
stage or log line that starts it is visible through the API. "orphan"
cases let the compose child the killed server started run on (the server
must wait for it); "all" cases kill the compose child too, as a container
restart would, leaving compose's renamed `<id>_<name>` copy behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import psutil
import pytest

from services.operations import OperationStatus
from services.store import OperationRepository, Store
from services.store.records import OperationRecord
from services.updates.state import MemberKind, MemberState, MemberStatus
from tests.support.process_server import ServerProcess, wait_log, wait_status

pytestmark = pytest.mark.lab

# PID 1 ignores SIGTERM: a stop always waits for the stop timeout.
SLOW_STOP = ["/bin/sh", "-c", "while :; do sleep 1; done"]
STOP_SECONDS = 2
POLICY = {"entity_type": "global", "stability_window_seconds": 1}


@pytest.fixture(scope="module")
def registry(lab_images, lab_registry):
    lab_images.build_many("crashm/app", ["1.0.0", "1.1.0"], cmd=SLOW_STOP)
    return lab_registry.host


def compose_text(
    registry: str, tag: str = "1.0.0", stop_seconds: int = STOP_SECONDS
) -> str:
    return f"""\
# crash matrix stack
services:
  app:
    image: {registry}/crashm/app:{tag}   # updated by Docksmith
    network_mode: none
    stop_grace_period: {stop_seconds}s
"""


def kill_compose_children(project: str) -> int:
    """SIGKILL every compose process working on `project` (with its group)."""
    killed = 0
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info.get("cmdline") or []
        if any("compose" in part for part in cmdline[:3]) and project in cmdline:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
                killed += 1
    return killed


def compose_children(project: str) -> list[int]:
    return [
        p.pid
        for p in psutil.process_iter(["cmdline"])
        if project in (p.info.get("cmdline") or [])
        and any("compose" in part for part in (p.info.get("cmdline") or [])[:3])
    ]


async def wait_compose(project: str, timeout: float = 60) -> None:
    """Until a compose CLI works on `project` (its `up`, the version probe
    names no project)."""
    async with asyncio.timeout(timeout):
        while not compose_children(project):
            await asyncio.sleep(0.05)


async def wait_no_compose(project: str, timeout: float = 60) -> None:
    async with asyncio.timeout(timeout):
        while compose_children(project):
            await asyncio.sleep(0.1)


def copies(lab_engine, name: str) -> list[dict]:
    """Every container named `name`, `<12 hex>_<name>` or `name-docksmith-*`."""
    out = lab_engine.docker(
        "ps", "-a", "--filter", f"name={name}", "--format", "{{.Names}}", timeout=30
    ).stdout.split()
    pattern = re.compile(
        rf"({re.escape(name)}|[0-9a-f]{{12}}_{re.escape(name)}|"
        rf"{re.escape(name)}-docksmith-(old|new))"
    )
    names = [n for n in out if pattern.fullmatch(n)]
    return lab_engine.inspect(*names) if names else []


def image_line(text: str) -> str:
    [line] = [ln for ln in text.splitlines() if ln.strip().startswith("image:")]
    return line.split("image:")[1].split("#")[0].strip()


def assert_consistent(lab_engine, name: str, compose: str | None, op, old, new):
    found = copies(lab_engine, name)
    assert [c["Name"].lstrip("/") for c in found] == [name], found
    [info] = found
    assert info["State"]["Running"] is True, info["State"]
    running = info["Config"]["Image"]
    if compose is not None:
        assert image_line(compose) == running, (compose, running)
    assert op["status"] in ("complete", "failed"), op
    expected = new if op["status"] == "complete" else old
    assert running.endswith(expected), (op["status"], running, op.get("error_message"))


def drop(lab_engine, stack) -> None:
    """Down without waiting for each slow stop: the containers go first."""
    for container in stack.ps():
        lab_engine.remove_container(container.id)
    stack.down()


async def started_server(tmp_path, lab_engine):
    server = ServerProcess(tmp_path, lab_engine.docker_host)
    client = await server.start()
    response = await client.put("/api/policies", json=POLICY)
    assert response.status_code == 200, response.text
    return server, client


async def restart(server: ServerProcess, client):
    server.kill()
    await client.aclose()
    return await server.start()


async def restart_mid_up(
    server: ServerProcess,
    client,
    op_id: str,
    project: str,
    delay: float | Callable[[], Awaitable[None]],
    *,
    with_compose: bool = True,
):
    """Kill the server `delay` s into the compose `up` of `op_id`, or once
    `delay()` returns (with its compose child unless `with_compose` is false:
    an orphan runs on), then start it again; the new client."""
    await wait_status(client, op_id, ("recreating",))
    await wait_compose(project)
    if callable(delay):
        await delay()
    else:
        await asyncio.sleep(delay)
    server.kill()
    if with_compose:
        kill_compose_children(project)
    await client.aclose()
    return await server.start()


async def post_op(client, path: str, body: dict) -> str:
    response = await client.post(path, json=body)
    assert response.status_code == 200, response.text
    return response.json()["data"]["operation_id"]


# -- compose update -----------------------------------------------------------


@pytest.mark.parametrize(
    ("children", "delay"),
    [
        # compose outlives the server and is still stopping the old container
        # when the restarted server looks (the reproduced bug)
        ("orphan", 0.0),
        ("orphan", 2.0),
        # compose dies too: as it starts, while it stops the old container,
        # and once it renamed it and created the new one
        ("all", 0.0),
        ("all", 1.0),
        ("all", 3.0),
    ],
)
async def test_compose_update_killed_while_recreating(
    registry, lab, lab_engine, tmp_path, delay, children
):
    project = f"cmu{int(delay * 10)}{children[0]}"
    # The orphan's stop outlasts the server's restart.
    grace = 8 if children == "orphan" else STOP_SECONDS
    stack = lab.stacks.create(
        project, compose_text=compose_text(registry, stop_seconds=grace)
    )
    stack.up()
    name = stack.container("app").name
    server, client = await started_server(tmp_path, lab_engine)
    try:
        op_id = await post_op(
            client, "/api/update", {"container": name, "version": "1.1.0"}
        )
        client = await restart_mid_up(
            server, client, op_id, project, delay, with_compose=children == "all"
        )
        # Nothing may move the containers after the restart judged them.
        await wait_no_compose(project)
        op = await wait_status(client, op_id, ("complete", "failed"))
        assert_consistent(
            lab_engine,
            name,
            stack.read_text(),
            op,
            "crashm/app:1.0.0",
            "crashm/app:1.1.0",
        )
        log = "\n".join(line["message"] for line in op["log"])
        if "started before the restart" in log:
            # compose outlived the server (a broken pipe to the dead server
            # can also end it early, more so on a loaded machine): it was
            # waited for, and what it finished is kept
            assert op["status"] == "complete", log
    finally:
        server.stop()
        await client.aclose()
        drop(lab_engine, stack)


# -- standalone update ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "delay", "stop_seconds"),
    [
        # the old container is being stopped (the reproduced bug: it ended
        # exited), at its start and halfway
        ("stopping the old container", 0.0, 6),
        ("stopping the old container", 2.5, 6),
        # the stop just ended: renames and the new container's start
        ("stopping the old container", 2.05, 2),
        # the new container runs and is in its health gate
        ("healthy", 0.3, 2),
    ],
)
async def test_standalone_update_killed_mid_swap(
    registry, lab_engine, tmp_path, line, delay, stop_seconds
):
    name = f"csu{int(delay * 100)}{stop_seconds}"
    lab_engine.run_container(
        name,
        f"{registry}/crashm/app:1.0.0",
        extra_args=["--stop-timeout", str(stop_seconds)],
    )
    server, client = await started_server(tmp_path, lab_engine)
    try:
        op_id = await post_op(
            client, "/api/update", {"container": name, "version": "1.1.0"}
        )
        await wait_log(client, op_id, line)
        await asyncio.sleep(delay)
        client = await restart(server, client)
        op = await wait_status(client, op_id, ("complete", "failed"))
        # a stop the dead server asked for must not land after the verdict
        await asyncio.sleep(1)
        assert_consistent(
            lab_engine, name, None, op, "crashm/app:1.0.0", "crashm/app:1.1.0"
        )
    finally:
        server.stop()
        await client.aclose()
        for leftover in (name, f"{name}-docksmith-old", f"{name}-docksmith-new"):
            lab_engine.remove_container(leftover)


# -- compose rollback ---------------------------------------------------------------


@pytest.mark.parametrize("delay", [0.0, 1.0, 3.0])
async def test_compose_rollback_killed_while_recreating(
    registry, lab, lab_engine, tmp_path, delay
):
    project = f"cmr{int(delay * 10)}"
    stack = lab.stacks.create(project, compose_text=compose_text(registry))
    stack.up()
    name = stack.container("app").name
    server, client = await started_server(tmp_path, lab_engine)
    try:
        update_id = await post_op(
            client, "/api/update", {"container": name, "version": "1.1.0"}
        )
        assert (await wait_status(client, update_id, ("complete", "failed")))[
            "status"
        ] == "complete"
        rollback_id = await post_op(
            client, "/api/rollback", {"operation_id": update_id}
        )
        client = await restart_mid_up(server, client, rollback_id, project, delay)
        op = await wait_status(client, rollback_id, ("complete", "failed"))
        # what was asked is finished: the rollback completes
        assert op["status"] == "complete", op
        assert_consistent(
            lab_engine,
            name,
            stack.read_text(),
            op,
            "crashm/app:1.1.0",
            "crashm/app:1.0.0",
        )
        original = (await client.get(f"/api/operations/{update_id}")).json()["data"]
        assert original["rollback_occurred"] is True
    finally:
        server.stop()
        await client.aclose()
        drop(lab_engine, stack)


# -- label change -------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0.0, 1.0, 3.0])
async def test_label_change_killed_while_recreating(
    registry, lab, lab_engine, tmp_path, delay
):
    project = f"cml{int(delay * 10)}"
    stack = lab.stacks.create(project, compose_text=compose_text(registry))
    stack.up()
    name = stack.container("app").name
    server, client = await started_server(tmp_path, lab_engine)
    try:
        op_id = await post_op(
            client,
            "/api/labels/set",
            {"container": name, "labels": {"docksmith.ignore": "true"}},
        )
        client = await restart_mid_up(server, client, op_id, project, delay)
        op = await wait_status(client, op_id, ("complete", "failed"))
        assert_consistent(
            lab_engine,
            name,
            stack.read_text(),
            op,
            "crashm/app:1.0.0",
            "crashm/app:1.0.0",
        )
        [info] = lab_engine.inspect(name)
        in_container = info["Config"]["Labels"].get("docksmith.ignore") == "true"
        in_file = "docksmith.ignore" in stack.read_text()
        assert in_container == in_file == (op["status"] == "complete"), op
    finally:
        server.stop()
        await client.aclose()
        drop(lab_engine, stack)


# -- restart --------------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0.0, 2.5])
async def test_restart_killed_while_stopping(registry, lab_engine, tmp_path, delay):
    name = f"crs{int(delay * 10)}"
    lab_engine.run_container(
        name, f"{registry}/crashm/app:1.0.0", extra_args=["--stop-timeout", "5"]
    )
    server, client = await started_server(tmp_path, lab_engine)
    try:
        op_id = await post_op(client, f"/api/restart/container/{name}", {})
        await wait_status(client, op_id, ("restarting",))
        await asyncio.sleep(delay)
        client = await restart(server, client)
        op = await wait_status(client, op_id, ("complete", "failed"))
        await asyncio.sleep(1)
        [info] = lab_engine.inspect(name)
        assert info["State"]["Running"] is True, info["State"]
        assert op["status"] == "complete", op
    finally:
        server.stop()
        await client.aclose()
        lab_engine.remove_container(name)


# -- a swap that finished, then the server died before the verdict ----------------

BROKEN_HEALTH = (
    "HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD test -f /nonexistent"
)


async def test_standalone_swapped_but_unhealthy_after_restart_goes_back(
    registry, lab_images, lab_engine, tmp_path
):
    # given: the row a killed server left in its health gate, and the
    # container it had already swapped onto an image that is never healthy
    bad = lab_images.build("crashm/bad", "1.0.0", healthcheck=BROKEN_HEALTH)
    old_ref = f"{registry}/crashm/app:1.0.0"
    [old_image] = lab_engine.inspect(old_ref)
    name = "csbad"
    lab_engine.run_container(name, bad.ref)
    store = Store(f"sqlite://{tmp_path}/docksmith.db")
    await store.open()
    member = MemberState(
        container_name=name,
        kind=MemberKind.STANDALONE,
        old_ref=old_ref,
        old_image_id=old_image["Id"],
        new_ref=bad.ref,
        new_image_id=bad.image_id,
        old_version="1.0.0",
        new_version="1.0.0",
        status=MemberStatus.IN_PROGRESS,
        stage=OperationStatus.RECREATING,
        recreated=True,
    )
    await OperationRepository(store).create(
        OperationRecord(
            operation_id="op_20260101000000_deadbeef",
            operation_type="update",
            status="recreating",
            stage="recreating",
            container_name=name,
            batch_details=[member.as_dict()],
            started_at=datetime.now(UTC),
        )
    )
    await store.close()
    server = ServerProcess(tmp_path, lab_engine.docker_host)
    # when the server starts again
    client = await server.start()
    try:
        op = await wait_status(
            client, "op_20260101000000_deadbeef", ("complete", "failed")
        )
        # then it is back on the image it ran before, and says so
        assert_consistent(lab_engine, name, None, op, "crashm/app:1.0.0", "x")
        assert op["status"] == "failed"
        assert "swapping back" in " ".join(line["message"] for line in op["log"])
    finally:
        server.stop()
        await client.aclose()
        lab_engine.remove_container(name)
