"""REST and GraphQL report the same health, and follow the engine's state."""

from __future__ import annotations

import httpx
import pytest

from tests.support.server import live_server

pytestmark = pytest.mark.lab

HEALTH = "{ health { status version services { docker storage } } }"


async def _both(client: httpx.AsyncClient) -> tuple[dict, dict]:
    rest = (await client.get("/api/health")).json()["data"]
    graphql = (await client.post("/graphql", json={"query": HEALTH})).json()["data"][
        "health"
    ]
    return rest, graphql


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

        rest, graphql = await _both(client)
        assert rest == {**graphql, "status": graphql["status"].lower()}
        assert rest["services"]["docker"] is True
