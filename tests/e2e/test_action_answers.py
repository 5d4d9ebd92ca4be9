"""A container action answers with its operation instead of holding the
request for the whole grace period (issue 12, item 10)."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.support.api import wait_done
from tests.support.server import live_server

pytestmark = pytest.mark.lab

# Ignores SIGTERM: a stop lasts the whole grace period, then SIGKILL.
STUBBORN = ["/bin/sh", "-c", "trap '' TERM; while :; do sleep 1; done"]


@pytest.fixture
def stubborn(lab_engine, lab_images):
    image = lab_images.build("actions/stubborn", "1.0.0", push=False, cmd=STUBBORN)
    lab_engine.run_container("act-stubborn", image.ref)
    yield "act-stubborn"
    lab_engine.remove_container("act-stubborn")


async def test_a_long_stop_answers_with_the_operation_under_way(
    stubborn, lab_engine, settings_factory
):
    settings = settings_factory(docker_host=lab_engine.docker_host)
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=120) as client,
    ):
        # when a stop that will take 20 s is asked for
        began = time.monotonic()
        response = await client.post(
            f"/api/containers/{stubborn}/stop", params={"timeout": 20}
        )
        answered = time.monotonic() - began
        # then the answer comes at once, naming the operation under way
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert answered < 10, answered
        assert data["status"] == "stopping"
        assert data["operation_id"] in data["message"]
        assert lab_engine.inspect(stubborn)[0]["State"]["Running"] is True
        # and the container stays claimed until the stop ends
        again = await client.post(f"/api/containers/{stubborn}/start")
        assert again.status_code == 409, again.text
        op = await wait_done(client, data["operation_id"], timeout=120)
        assert op["status"] == "complete"
        assert lab_engine.inspect(stubborn)[0]["State"]["Running"] is False
        started = await client.post(f"/api/containers/{stubborn}/start")
        assert started.json()["data"]["status"] == "started"
