"""A container restarted because of another's operation holds its claim.

`docksmith.restart-after` dependants and `docksmith.post-update: restart:`
targets are restarted by an operation that does not own them; while that
restart runs, a stop, removal, restart or update of the same container must
be refused with 409 rather than race with it, and once it ends the container
is free again.

The restart is held deterministically: a dependant's restart waits in its
health gate for a file the test creates (its command deletes the file when
it starts); a post-update `restart:` or `compose-restart:` waits in the
container's TERM handler for a file the test creates (the kill timer, ten
seconds, is the only clock, and the requests fired meanwhile take
milliseconds).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from tests.lab.images import Healthcheck
from tests.lab.procs import short_tmpdir
from tests.support.api import lab_api, wait_done

pytestmark = pytest.mark.lab

HOLDING = [
    "/bin/sh",
    "-c",
    "rm -f /ctl/healthy /ctl/term; "
    "trap 'touch /ctl/term; while [ ! -f /ctl/release ]; do sleep 0.1; done; "
    "exit 0' TERM; "
    "while :; do sleep 0.2; done",
]
# Failed probes in the start period do not count: "starting" until the file.
WAIT_FOR_FILE = Healthcheck(
    test="test -f /ctl/healthy", interval="1s", retries=1, start_period="300s"
)


@dataclass(frozen=True)
class Refs:
    plain: Callable[[str], str]
    holding: Callable[[str], str]


@pytest.fixture(scope="module")
def refs(lab_images) -> Refs:
    for tag in ("1.0.0", "1.1.0"):
        lab_images.build("depc/plain", tag)
        lab_images.build("depc/hold", tag, healthcheck=WAIT_FOR_FILE, cmd=HOLDING)
    return Refs(
        plain=lambda tag: lab_images.ref("depc/plain", tag),
        holding=lambda tag: lab_images.ref("depc/hold", tag),
    )


@pytest.fixture(scope="module")
async def api(refs, lab_engine, tmp_path_factory):
    root = tmp_path_factory.mktemp("depc")
    async with lab_api(
        root, lab_engine.docker_host, script_timeout=timedelta(minutes=5)
    ) as client:
        # The dependant's gate is held by the test, not by a timer.
        response = await client.put(
            "/api/policies",
            json={"entity_type": "global", "health_timeout_seconds": 300},
        )
        assert response.status_code == 200, response.text
        yield client


def started_at(lab_engine, name: str) -> str:
    [info] = lab_engine.inspect(name)
    return str(info["State"]["StartedAt"])


async def wait_for(condition: Callable[[], bool], what: str) -> None:
    try:
        async with asyncio.timeout(120):
            while not condition():
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise AssertionError(f"never happened: {what}") from None


async def fire_at(client: httpx.AsyncClient, name: str) -> list[str]:
    """Everything that changes `name`; returns what was not refused with 409."""
    problems: list[str] = []
    for verb in ("stop", "restart", "start"):
        response = await client.post(f"/api/containers/{name}/{verb}")
        if response.status_code != 409:
            problems.append(f"{verb}: {response.status_code} {response.text[:200]}")
    calls = [
        ("remove", client.delete(f"/api/containers/{name}", params={"force": "true"})),
        ("lifecycle restart", client.post(f"/api/restart/container/{name}")),
        (
            "update",
            client.post("/api/update", json={"container": name, "version": "1.1.0"}),
        ),
    ]
    for what, call in calls:
        response = await call
        if response.status_code != 409:
            problems.append(f"{what}: {response.status_code} {response.text[:200]}")
    return problems


COMPOSE = """\
services:
  a:
    image: {a_image}
    container_name: {a}
    network_mode: none
    labels:
      docksmith.post-update: compose-restart:b
  b:
    image: {b_image}
    container_name: {b}
    network_mode: none
    volumes:
      - {ctl}:/ctl
"""


@pytest.mark.parametrize(
    "trigger", ["restart", "update", "post_update", "compose_restart"]
)
async def test_a_container_restarted_for_another_is_claimed_meanwhile(
    api, lab, lab_engine, refs, trigger
):
    a, b = f"depc-{trigger[:4]}-a", f"depc-{trigger[:4]}-b"
    ctl: Path = short_tmpdir("depc-ctl")
    ctl.chmod(0o777)
    # A post-update restart has no health gate: it is held in B's stop.
    post_update = trigger in ("post_update", "compose_restart")
    a_labels = {"docksmith.post-update": f"restart:{b}"} if post_update else {}
    b_labels = {} if post_update else {"docksmith.restart-after": a}
    stack = None
    try:
        if trigger == "compose_restart":
            stack = lab.stacks.create(
                "depccr",
                compose_text=COMPOSE.format(
                    a=a, b=b, ctl=ctl,
                    a_image=refs.plain("1.0.0"), b_image=refs.holding("1.0.0"),
                ),
            )  # fmt: skip
            stack.up()
        else:
            lab_engine.run_container(a, refs.plain("1.0.0"), labels=a_labels)
            lab_engine.run_container(
                b,
                refs.holding("1.0.0"),
                labels=b_labels,
                extra_args=["--stop-timeout", "1", "-v", f"{ctl}:/ctl"],
            )
        before = started_at(lab_engine, b)
        if not post_update:
            (ctl / "release").touch()  # held in its health gate instead

        # given B restarted on A's behalf and held mid-restart
        if trigger == "restart":
            response = await api.post(f"/api/restart/container/{a}")
        else:
            response = await api.post(
                "/api/update", json={"container": a, "version": "1.1.0"}
            )
        assert response.status_code == 200, response.text
        op_id = response.json()["data"]["operation_id"]
        if post_update:
            await wait_for((ctl / "term").exists, f"{b} asked to stop")
        else:
            await wait_for(lambda: started_at(lab_engine, b) != before, f"{b} restart")

        # when everything that changes B is fired at it
        problems = await fire_at(api, b)

        # then each was refused, the operation ends as alone, and B is free
        (ctl / "release").touch()
        (ctl / "healthy").touch()
        op = await wait_done(api, op_id, timeout=180)
        assert problems == []
        assert op["status"] == "complete", op
        if trigger == "post_update":
            assert any(f"post-update restarted {b}" in line["message"]
                       for line in op["log"]), op  # fmt: skip
        elif post_update:
            assert not any("post-update action failed" in line["message"]
                           for line in op["log"]), op  # fmt: skip
        else:
            assert op["dependents_affected"] == [b], op
        [info] = lab_engine.inspect(b)
        assert info["State"]["Running"] is True
        assert info["Config"]["Image"] == refs.holding("1.0.0")
        await wait_for(lambda: started_at(lab_engine, b) != before, f"{b} restarted")
        stopped = await api.post(f"/api/containers/{b}/stop")
        assert stopped.status_code == 200, stopped.text
    finally:
        (ctl / "release").touch()
        if stack is not None:
            stack.down()
        lab_engine.docker("rm", "-f", a, b, check=False)
