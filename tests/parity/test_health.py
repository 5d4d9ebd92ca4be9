"""REST and GraphQL report the same health, and follow the engine's state."""

from __future__ import annotations

import httpx
import pytest

from tests.support.server import live_server

pytestmark = pytest.mark.lab

HEALTH = "{ health { status version services { docker storage } } }"
HOSTS = "{ hosts { name status error } }"


async def _both(client: httpx.AsyncClient) -> tuple[dict, dict]:
    rest = (await client.get("/api/health")).json()["data"]
    graphql = (await client.post("/graphql", json={"query": HEALTH})).json()["data"][
        "health"
    ]
    return rest, graphql


async def _default_host(client: httpx.AsyncClient) -> dict:
    answer = (await client.post("/graphql", json={"query": HOSTS})).json()
    [host] = [h for h in answer["data"]["hosts"] if h["name"] == "local"]
    return host


async def test_health_edges_agree_and_flip_with_the_engine(
    settings_factory, lab_engine
):
    settings = settings_factory(docker_host=lab_engine.docker_host)
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=30) as client,
    ):
        rest, graphql = await _both(client)
        assert rest == {**graphql, "status": graphql["status"].lower()}
        assert rest["status"] == "ok"
        assert rest["services"] == {"docker": True, "storage": True}

        with lab_engine.stopped():
            rest, graphql = await _both(client)
            assert rest == {**graphql, "status": graphql["status"].lower()}
            assert rest["status"] == "degraded"
            assert rest["services"] == {"docker": False, "storage": True}
            # The health ping records the host as down, and why, as a check
            # would: the UI's banner shows that reason (no check has run
            # since the engine went).
            host = await _default_host(client)
            assert host["status"] == "DOWN", host
            assert host["error"], host

        rest, graphql = await _both(client)
        assert rest == {**graphql, "status": graphql["status"].lower()}
        assert rest["services"]["docker"] is True
        assert await _default_host(client) == {
            "name": "local",
            "status": "UP",
            "error": None,
        }
