"""Cross-site requests and DNS rebinding are refused at the edge (live server)."""

from __future__ import annotations

import httpx
import pytest
import websockets
from websockets.exceptions import InvalidStatus

from tests.support.server import live_server


@pytest.fixture
async def server(settings_factory):
    async with live_server(settings_factory()) as live:
        yield live


@pytest.fixture
async def client(server):
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as c:
        yield c


async def test_foreign_origin_cannot_trigger_a_state_change(client):
    response = await client.post(
        "/api/trigger-check", headers={"Origin": "http://evil.example"}
    )
    assert response.status_code == 403
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "FORBIDDEN"
    assert "ALLOWED_ORIGINS" in body["error"]["message"]


async def test_foreign_referer_cannot_stop_a_container(client):
    response = await client.post(
        "/api/containers/x/stop", headers={"Referer": "http://evil.example/a"}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "FORBIDDEN"


async def test_foreign_origin_cannot_run_a_graphql_mutation(client):
    response = await client.post(
        "/graphql",
        json={"query": "mutation { triggerCheck { message } }"},
        headers={"Origin": "http://evil.example"},
    )
    assert response.status_code == 403


async def test_own_origin_and_scripts_without_origin_are_served(client, server):
    own = server.url  # http://127.0.0.1:<port>
    assert (
        await client.post("/api/trigger-check", headers={"Origin": own})
    ).status_code == 200
    assert (await client.post("/api/trigger-check")).status_code == 200


async def test_foreign_host_is_refused_while_listening_on_loopback(client):
    response = await client.get("/api/status", headers={"Host": "rebind.evil.example"})
    assert response.status_code == 403
    assert "ALLOWED_HOSTS" in response.json()["error"]["message"]
    ok = await client.get("/api/status", headers={"Host": "localhost:1"})
    assert ok.status_code == 200


async def test_allowed_settings_widen_the_rules(settings_factory):
    settings = settings_factory(
        allowed_hosts="docksmith.lan", allowed_origins="https://dash.example"
    )
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=30) as client,
    ):
        response = await client.post(
            "/api/trigger-check",
            headers={"Host": "docksmith.lan", "Origin": "https://dash.example"},
        )
    assert response.status_code == 200, response.text


async def test_websocket_from_a_foreign_origin_is_refused(server):
    with pytest.raises(InvalidStatus) as refused:
        async with websockets.connect(
            f"{server.ws_url}/graphql",
            subprotocols=["graphql-transport-ws"],
            origin="http://evil.example",
        ):
            pass
    assert refused.value.response.status_code == 403
    async with websockets.connect(
        f"{server.ws_url}/graphql",
        subprotocols=["graphql-transport-ws"],
        origin=server.url,
    ) as ws:
        assert ws.subprotocol == "graphql-transport-ws"


async def test_allowed_origins_open_websockets_too(settings_factory):
    settings = settings_factory(allowed_origins="https://dash.example")
    async with (
        live_server(settings) as live,
        websockets.connect(
            f"{live.ws_url}/graphql",
            subprotocols=["graphql-transport-ws"],
            origin="https://dash.example",
        ) as ws,
    ):
        assert ws.subprotocol == "graphql-transport-ws"
