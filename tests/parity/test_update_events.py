"""`container.updated` names the container that now carries the name: the new
one after an update, the restored one after a rollback (lab engine)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from services.config import Settings
from services.events import EventKind
from tests.support.api import FAST_HEALTH, wait_done
from tests.support.server import live_server

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def images(lab_images, lab_registry):
    lab_images.build_many("evt/app", ["1.0.0", "1.1.0"])
    return lab_registry.host


@pytest.fixture
async def server(images, lab_engine, tmp_path):
    settings = Settings(
        _env_file=None,
        db_path=tmp_path / "d.db",
        docker_host=lab_engine.docker_host,
        scripts_dir=tmp_path / "scripts",
    )
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=120) as client,
    ):
        assert (await client.put("/api/policies", json=FAST_HEALTH)).status_code == 200
        yield live, client


async def _finished(subscription, operation_id: str) -> dict:
    async with asyncio.timeout(120):
        async for event in subscription:
            if event.payload["operation_id"] == operation_id:
                return dict(event.payload)
    raise AssertionError("the bus closed before the operation ended")


def _compose(registry: str) -> str:
    return f"""\
services:
  app:
    image: {registry}/evt/app:1.0.0
    network_mode: none
"""


async def test_container_updated_carries_the_current_container_id(
    server, lab, lab_engine, images
):
    live, client = server
    stack = lab.stacks.create("evt1", compose_text=_compose(images))
    stack.up()
    name = stack.container("app").name
    old_id = stack.container("app").id
    try:
        async with live.ctx.events.subscribe([EventKind.CONTAINER_UPDATED]) as sub:
            # when the container is updated
            started = await client.post(
                "/api/update", json={"container": name, "version": "1.1.0"}
            )
            assert started.status_code == 200, started.text
            update_id = started.json()["data"]["operation_id"]
            updated = await _finished(sub, update_id)

            # then the event names the new container, not the removed one
            assert updated["status"] == "complete", updated
            [new] = lab_engine.inspect(name)
            assert new["Id"] != old_id
            assert updated["container_id"] == new["Id"]

            # when it is rolled back (once the update's follow-up checks let go)
            async with asyncio.timeout(60):
                while live.ctx.updates.active_operation(name) is not None:
                    await asyncio.sleep(0.05)
            rollback = await client.post(
                "/api/rollback", json={"operation_id": update_id}
            )
            assert rollback.status_code == 200, rollback.text
            rollback_id = rollback.json()["data"]["operation_id"]
            rolled = await _finished(sub, rollback_id)

        # then the event names the container running the old version again
        assert rolled["status"] == "complete", rolled
        [restored] = lab_engine.inspect(name)
        assert restored["Config"]["Image"].endswith("evt/app:1.0.0")
        assert rolled["container_id"] == restored["Id"]
        op = await wait_done(client, rollback_id)
        assert op["container_id"] == restored["Id"]
    finally:
        stack.down()
