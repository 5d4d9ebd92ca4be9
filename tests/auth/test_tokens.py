"""API tokens through REST, GraphQL and the WebSocket: shown once, stored
hashed, scoped, revocable, expiring."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from services.auth.modes import AuthMode
from services.auth.principal import Scope
from services.auth.secrets import digest
from services.events import EventKind
from tests.support.server import live_server, no_engine_settings


@pytest.fixture(scope="module")
async def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("tokens")
    settings = no_engine_settings(
        root,
        auth=AuthMode.LOCAL,
    )
    async with live_server(settings) as live:
        admin = await live.ctx.auth.tokens.create(name="root", scope=Scope.ADMIN)
        async with httpx.AsyncClient(
            base_url=live.url,
            timeout=60,
            headers={"Authorization": f"Bearer {admin.secret}"},
        ) as client:
            yield live, client


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_token_is_shown_once_and_kept_only_as_a_hash(server):
    live, client = server
    made = await client.post("/api/tokens", json={"name": "homepage", "scope": "read"})
    assert made.status_code == 200, made.text
    token = made.json()["data"]["token"]
    assert token.startswith("dsk_")
    assert made.json()["data"]["created_by"] == "token:root"
    listed = (await client.get("/api/tokens")).json()["data"]
    assert {t["name"] for t in listed} >= {"homepage", "root"}
    assert token not in json.dumps(listed)
    # The database holds the hash, not the token.
    record = await live.ctx.repos.tokens.by_hash(digest(token))
    assert record is not None
    assert record.name == "homepage"
    assert token not in repr(record)
    # A read token reads, and may not manage tokens.
    status = await client.get("/api/status", headers=_bearer(token))
    assert status.status_code == 200
    refused = await client.get("/api/tokens", headers=_bearer(token))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "FORBIDDEN"


async def test_revoked_and_expired_tokens_stop_working(server):
    live, client = server
    made = (
        await client.post("/api/tokens", json={"name": "ci", "scope": "operate"})
    ).json()["data"]["token"]
    assert (await client.get("/api/status", headers=_bearer(made))).status_code == 200
    revoked = await client.delete("/api/tokens/ci")
    assert revoked.json()["data"] == {"name": "ci", "revoked": True}
    after = await client.get("/api/status", headers=_bearer(made))
    assert after.status_code == 401
    assert after.json()["error"]["code"] == "UNAUTHENTICATED"
    assert (await client.delete("/api/tokens/ci")).status_code == 404

    # An expired token: made to expire a moment ago through the service.
    old = await live.ctx.auth.tokens.create(
        name="old", scope=Scope.READ, expires_in=timedelta(seconds=1)
    )
    live.ctx.auth.tokens.clock = lambda: old.record.created_at + timedelta(hours=1)
    try:
        expired = await client.get("/api/status", headers=_bearer(old.secret))
    finally:
        live.ctx.auth.tokens.clock = live.ctx.auth.clock
    assert expired.status_code == 401


async def test_bad_token_requests_are_refused_as_bad_input(server):
    _, client = server
    for body in (
        {"name": "x y", "scope": "read"},
        {"name": "ok", "scope": "root"},
        {"name": "ok", "scope": "read", "expires_in_days": 0},
    ):
        answer = await client.post("/api/tokens", json=body)
        assert answer.status_code == 400, (body, answer.text)
    await client.post("/api/tokens", json={"name": "twice", "scope": "read"})
    again = await client.post("/api/tokens", json={"name": "twice", "scope": "read"})
    assert again.status_code == 409


async def test_graphql_manages_tokens_too(server):
    _, client = server
    made = (
        await client.post(
            "/graphql",
            json={
                "query": """mutation { createApiToken(input: {name: "gql",
                scope: OPERATE, expiresInDays: 30}) { __typename
                ... on CreatedApiToken { token apiToken { name scope expiresAt } } } }"""
            },
        )
    ).json()["data"]["createApiToken"]
    assert made["apiToken"]["scope"] == "OPERATE"
    assert made["apiToken"]["expiresAt"] is not None
    viewer = await client.post(
        "/graphql",
        json={"query": "{ viewer { authenticated name kind scope mode } }"},
        headers=_bearer(made["token"]),
    )
    assert viewer.json()["data"]["viewer"] == {
        "authenticated": True,
        "name": "gql",
        "kind": "TOKEN",
        "scope": "OPERATE",
        "mode": "LOCAL",
    }
    gone = (
        await client.post(
            "/graphql",
            json={
                "query": 'mutation { revokeApiToken(input: {name: "gql"}) { __typename } }'
            },
        )
    ).json()["data"]["revokeApiToken"]
    assert gone == {"__typename": "RevokedApiToken"}


async def test_websocket_signs_in_with_connection_init_only(server):
    live, client = server
    token = (
        await client.post("/api/tokens", json={"name": "ws", "scope": "read"})
    ).json()["data"]["token"]
    url = f"{live.ws_url}/graphql"
    # No token, or a wrong one: closed with 4403, nothing acknowledged.
    for payload in ({}, {"Authorization": "Bearer dsk_wrong"}):
        async with websockets.connect(
            url, subprotocols=["graphql-transport-ws"], open_timeout=60
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
            with pytest.raises(ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd is not None
            assert closed.value.rcvd.code == 4403
    # The handshake is open like the GraphiQL page (with whatever header a
    # client library sends on it): connection_init is what signs in.
    async with websockets.connect(
        url,
        subprotocols=["graphql-transport-ws"],
        additional_headers={"Authorization": "Bearer dsk_stale"},
    ) as ws:
        await ws.send(
            json.dumps(
                {
                    "type": "connection_init",
                    "payload": {"Authorization": f"Bearer {token}"},
                }
            )
        )
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": "subscription { events { type } }"},
                }
            )
        )
        # Publish until the subscription (registered a moment later) sees one.
        async with asyncio.timeout(60):
            while True:
                live.ctx.events.publish(EventKind.CHECK_PROGRESS, {"n": 1})
                try:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 0.5))
                    break
                except TimeoutError:
                    continue
        assert message["type"] == "next", message


async def test_a_ticket_signs_in_only_the_event_stream(server):
    live, client = server
    token = (
        await client.post("/api/tokens", json={"name": "sse", "scope": "read"})
    ).json()["data"]["token"]
    issued = await client.post("/api/auth/ticket", headers=_bearer(token))
    assert issued.status_code == 200, issued.text
    ticket = issued.json()["data"]["ticket"]
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as anonymous:
        # Any other GET route, a GraphQL query over GET, a POST: 401 in the
        # envelope, and the ticket is not spent.
        for method, path in (
            ("GET", "/api/status"),
            ("GET", "/api/containers"),
            ("POST", "/api/events"),
        ):
            refused = await anonymous.request(method, path, params={"ticket": ticket})
            assert refused.status_code == 401, (path, refused.text)
            body = refused.json()
            assert body["success"] is False
            assert body["error"]["code"] == "UNAUTHENTICATED"
            assert "only by GET /api/events" in body["error"]["message"]
        graphql = await anonymous.get(
            "/graphql", params={"query": "{ __typename }", "ticket": ticket}
        )
        assert graphql.status_code == 401, graphql.text
        assert "only by GET /api/events" in graphql.json()["errors"][0]["message"]
        # The WebSocket handshake is refused too (it signs in at connection_init).
        with pytest.raises(InvalidStatus) as socket:
            async with websockets.connect(
                f"{live.ws_url}/graphql?ticket={ticket}",
                subprotocols=["graphql-transport-ws"],
                open_timeout=60,
            ):
                pass
        assert socket.value.response.status_code == 401
        assert b"only by GET /api/events" in socket.value.response.body
        # Where it is made for, it opens the stream, once.
        async with anonymous.stream(
            "GET", "/api/events", params={"ticket": ticket}
        ) as stream:
            assert stream.status_code == 200
        again = await anonymous.get("/api/events", params={"ticket": ticket})
        assert again.status_code == 401
