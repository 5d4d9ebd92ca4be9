"""A compose service with several containers (`scale:`): an update or a
label change of one of them recreates them all (`compose up --force-recreate
--no-deps <service>`), so the operation holds every one of them, not only
the one asked for.

The update is held in its pre-update check by a script that waits for a
file; meanwhile the other replica is asked to stop, restart and be removed,
and to be updated on its own: each must be refused with 409. Then the update
is let go and ends with both replicas on the new image.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from resolvers.context import open_app_context
from services.errors import ConflictError, InvalidInputError
from services.operations import OperationStatus
from services.updates.requests import BatchItem
from tests.lab.images import ImageBuilder
from tests.lab.procs import short_tmpdir
from tests.lab.stacks import Stack, StackFactory
from tests.support.api import lab_api, wait_done
from tests.support.gate import GATE_SCRIPT, wait_for_file, write_gate

pytestmark = pytest.mark.lab

REPO = "replicas/app"


@dataclass
class Images:
    old_ref: str
    new_ref: str


@pytest.fixture(scope="module")
def images(lab_engine, lab_registry) -> Images:
    builder = ImageBuilder(lab_engine, lab_registry)
    old = builder.build(REPO, "1.0.0")
    new = builder.build(REPO, "2.0.0")
    return Images(old_ref=old.ref, new_ref=new.ref)


@pytest.fixture
async def api(lab_engine, tmp_path):
    async with lab_api(tmp_path, lab_engine.docker_host) as client:
        scripts = tmp_path / "scripts"
        scripts.mkdir(exist_ok=True)
        yield client, scripts


def scaled_app(
    stacks: StackFactory, name: str, images: Images
) -> tuple[Stack, str, str]:
    """A stack whose service `app` runs two containers of the old image, up;
    with the names of its containers in order."""
    stack = stacks.create(
        name,
        compose_text=f"""\
services:
  app:
    image: {images.old_ref}
    network_mode: none
    stop_grace_period: 1s
    scale: 2
""",
    )
    stack.up()
    names = sorted(c.name for c in stack.ps())
    assert len(names) == 2, names
    return stack, names[0], names[1]


async def test_an_update_of_one_replica_holds_every_replica(
    api, lab_engine, lab_stack_factory, images
):
    client, scripts = api
    ctl = short_tmpdir("repl-ctl")
    stack, first, second = scaled_app(lab_stack_factory, "replupd", images)
    held, go = ctl / "held", ctl / "go"
    write_gate(scripts, go, held=held)

    # given an update of the first replica held in its pre-update check
    started = await client.post(
        "/api/update",
        json={"container": first, "version": "2.0.0", "script": GATE_SCRIPT},
    )
    assert started.status_code == 200, started.text
    op_id = started.json()["data"]["operation_id"]
    try:
        await wait_for_file(held)

        # when the other replica is acted on
        answers = {
            "stop": await client.post(f"/api/containers/{second}/stop"),
            "restart": await client.post(f"/api/containers/{second}/restart"),
            "remove": await client.delete(
                f"/api/containers/{second}", params={"force": "true"}
            ),
            "update": await client.post(
                "/api/update", json={"container": second, "version": "2.0.0"}
            ),
        }
    finally:
        go.touch()

    # then each was refused: the update recreates it too
    assert {k: r.status_code for k, r in answers.items()} == dict.fromkeys(
        answers, 409
    ), {k: r.text[:200] for k, r in answers.items()}
    assert op_id in answers["stop"].json()["error"]["message"]
    op = await wait_done(client, op_id, timeout=180)
    assert op["status"] == "complete", op
    rows = stack.ps()
    assert sorted(r.image for r in rows) == [images.new_ref] * 2, rows
    assert all(r.state == "running" for r in rows), rows


async def test_a_label_change_of_one_replica_holds_every_replica(
    api, lab_engine, lab_stack_factory, images
):
    client, _ = api
    _, first, second = scaled_app(lab_stack_factory, "repllbl", images)
    # The label change recreates the service; stop the second replica while
    # it is under way (the answer comes once it is queued).
    changed = await client.post(
        "/api/labels/set",
        json={"container": first, "labels": {"x.replica": "both"}},
    )
    assert changed.status_code == 200, changed.text
    op_id = changed.json()["data"]["operation_id"]
    stop = await client.post(f"/api/containers/{second}/stop")
    op = await wait_done(client, op_id, timeout=180)
    assert op["status"] == "complete", op
    assert stop.status_code == 409, stop.text


async def test_a_batch_refuses_or_skips_a_replica_whose_sibling_is_held(
    settings_factory, lab_engine, lab_stack_factory, images
):
    _, first, second = scaled_app(lab_stack_factory, "replbat", images)
    settings = settings_factory(docker_host=lab_engine.docker_host)
    async with open_app_context(
        settings, background_checks=False, background_auto_updates=False, notify=False
    ) as ctx:
        # given the second replica held by something else
        ctx.updates.queue.claims.take([second], "op_elsewhere")
        items = [BatchItem(first, "2.0.0")]

        # then a person's batch of the first is refused, an auto-update's
        # skips it naming the holder, and neither queues anything
        with pytest.raises(ConflictError, match="op_elsewhere"):
            await ctx.updates.batch(items)
        with pytest.raises(InvalidInputError, match=f"{first}: .*op_elsewhere"):
            await ctx.updates.batch(items, partial=True)
        assert await ctx.repos.operations.in_statuses(list(OperationStatus)) == []
        assert ctx.updates.active_operation(first) is None
