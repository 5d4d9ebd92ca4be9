"""Password sign-in: session cookie attributes, CSRF on changes (REST and
GraphQL), sign-out, expiry, throttling per client address."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest

from services.auth.modes import AuthMode
from tests.support.server import live_server, no_engine_settings

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
async def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("sessions")
    settings = no_engine_settings(
        root,
        auth=AuthMode.LOCAL,
        trusted_proxies="127.0.0.2",
    )
    async with live_server(settings) as live:
        await live.ctx.auth.set_password("alice", PASSWORD)
        yield live


def _client(live, source: str = "127.0.0.1") -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=live.url,
        timeout=60,
        transport=httpx.AsyncHTTPTransport(local_address=source),
    )


async def _login(client: httpx.AsyncClient, password: str = PASSWORD, **headers: str):
    return await client.post(
        "/api/auth/login",
        json={"name": "alice", "password": password},
        headers=headers,
    )


async def test_sign_in_sets_an_httponly_lax_session_and_a_csrf_cookie(server):
    async with _client(server, "127.0.0.5") as client:
        assert (await client.get("/api/status")).status_code == 401
        answer = await _login(client)
        assert answer.status_code == 200, answer.text
        cookies = answer.headers.get_list("set-cookie")
        session = next(c for c in cookies if c.startswith("docksmith_session="))
        csrf = next(c for c in cookies if c.startswith("docksmith_csrf="))
        assert "HttpOnly" in session
        assert "samesite=lax" in session.lower()
        assert "Secure" not in session  # plain HTTP, no proxy saying otherwise
        assert "HttpOnly" not in csrf
        token = answer.json()["data"]["csrf_token"]
        assert client.cookies["docksmith_csrf"] == token

        assert (await client.get("/api/status")).status_code == 200
        viewer = (await client.get("/api/auth/session")).json()["data"]
        assert viewer["name"] == "alice"
        assert viewer["scope"] == "admin"

        # A change without the CSRF header is refused, REST and GraphQL alike.
        refused = await client.post("/api/trigger-check")
        assert refused.status_code == 403
        assert "X-CSRF-Token" in refused.json()["error"]["message"]
        mutation = {"query": "mutation { triggerCheck { __typename } }"}
        gql = await client.post("/graphql", json=mutation)
        assert gql.status_code == 403
        assert gql.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        wrong = await client.post("/api/trigger-check", headers={"X-CSRF-Token": "x"})
        assert wrong.status_code == 403
        ok = await client.post("/api/trigger-check", headers={"X-CSRF-Token": token})
        assert ok.status_code == 200, ok.text
        gql = await client.post(
            "/graphql", json=mutation, headers={"X-CSRF-Token": token}
        )
        assert "errors" not in gql.json(), gql.text

        # Sign-out ends the session on the server, not just in the browser.
        stolen = client.cookies["docksmith_session"]
        out = await client.post("/api/auth/logout", headers={"X-CSRF-Token": token})
        assert out.status_code == 200
        assert (await client.get("/api/status")).status_code == 401
        replay = await client.get("/api/status", cookies={"docksmith_session": stolen})
        assert replay.status_code == 401


async def test_the_cookie_is_secure_when_a_trusted_proxy_says_https(server):
    async with _client(server, "127.0.0.2") as proxy:
        answer = await _login(proxy, **{"X-Forwarded-Proto": "https"})
        assert "Secure" in answer.headers["set-cookie"]
    async with _client(server, "127.0.0.6") as stranger:
        answer = await _login(stranger, **{"X-Forwarded-Proto": "https"})
        assert "Secure" not in answer.headers["set-cookie"]


async def test_sessions_expire(server):
    sessions = server.ctx.auth.sessions
    async with _client(server, "127.0.0.7") as client:
        assert (await _login(client)).status_code == 200
        assert (await client.get("/api/status")).status_code == 200
        real = sessions.clock
        sessions.clock = lambda: real() + sessions.ttl + timedelta(seconds=1)
        try:
            assert (await client.get("/api/status")).status_code == 401
        finally:
            sessions.clock = real


async def test_repeated_failures_are_throttled_per_client_address(server):
    async with (
        _client(server, "127.0.0.8") as attacker,
        _client(server, "127.0.0.9") as other,
    ):
        for _ in range(5):
            answer = await _login(attacker, "wrong password")
            assert answer.status_code == 401
            assert answer.json()["error"]["code"] == "UNAUTHENTICATED"
        blocked = await _login(attacker)  # even the right password waits
        assert blocked.status_code == 429
        assert int(blocked.headers["Retry-After"]) > 0
        assert blocked.json()["error"]["code"] == "RATE_LIMITED"
        assert (await _login(other)).status_code == 200


async def test_failed_sign_ins_sent_at_once_are_throttled_like_one_after_another(
    server,
):
    # Each attempt waits for the store before its password is checked; the
    # attempts in flight count, so a burst gets no more guesses than a loop.
    async with _client(server, "127.0.0.11") as attacker:
        answers = await asyncio.gather(
            *(_login(attacker, f"guess number {n}") for n in range(20))
        )
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses.count(401) <= 5, statuses
    assert statuses.count(429) >= 15, statuses


async def test_unknown_users_and_bad_bodies(server):
    async with _client(server, "127.0.0.10") as client:
        nobody = await client.post(
            "/api/auth/login", json={"name": "mallory", "password": PASSWORD}
        )
        assert nobody.status_code == 401
        assert nobody.json()["error"]["message"] == "wrong user name or password"
        bad = await client.post("/api/auth/login", json={"name": "alice"})
        assert bad.status_code == 400


async def test_a_graphiql_share_link_opens_signed_out_but_its_query_needs_credentials(
    server,
):
    # The page runs nothing (it signs in as the UI does); the query itself,
    # asked for as JSON, is refused like any other.
    link = {"query": "{ containers { name } }"}
    async with _client(server) as client:
        page = await client.get(
            "/graphql", params=link, headers={"accept": "text/html"}
        )
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        run = await client.get(
            "/graphql", params=link, headers={"accept": "application/json"}
        )
        assert run.status_code == 401
