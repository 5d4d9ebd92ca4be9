"""AUTH=proxy: the user header is believed only from TRUSTED_PROXIES; from
any other address it is refused and logged. Test clients bind to other
loopback addresses to stand in for the proxy and a stranger."""

from __future__ import annotations

import logging

import httpx
import pytest

from services.auth.modes import AuthMode
from services.auth.principal import Scope
from tests.support.server import live_server, no_engine_settings


@pytest.fixture(scope="module")
async def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("proxy")
    settings = no_engine_settings(
        root,
        auth=AuthMode.PROXY,
        trusted_proxies="127.0.0.2/32",
        auth_proxy_header="X-Auth-User",
    )
    async with live_server(settings) as live:
        yield live


def _client(live, source: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=live.url,
        timeout=60,
        transport=httpx.AsyncHTTPTransport(local_address=source),
    )


async def test_the_trusted_proxy_names_the_user(server):
    async with _client(server, "127.0.0.2") as proxy:
        answer = await proxy.get("/api/auth/session", headers={"X-Auth-User": "alice"})
        assert answer.json()["data"]["name"] == "alice"
        assert answer.json()["data"]["mode"] == "proxy"
        status = await proxy.get("/api/status", headers={"X-Auth-User": "alice"})
        assert status.status_code == 200
        # Through the proxy but without the header: nobody.
        assert (await proxy.get("/api/status")).status_code == 401


async def test_a_stranger_with_the_header_is_refused_and_logged(server, caplog):
    caplog.set_level(logging.WARNING, logger="docksmith.auth")
    async with _client(server, "127.0.0.3") as stranger:
        answer = await stranger.get("/api/status", headers={"X-Auth-User": "alice"})
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "FORBIDDEN"
    assert "TRUSTED_PROXIES" in answer.json()["error"]["message"]
    assert any(
        "127.0.0.3" in r.getMessage() and "X-Auth-User" in r.getMessage()
        for r in caplog.records
    )


async def test_tokens_still_work_in_proxy_mode(server):
    token = await server.ctx.auth.tokens.create(name="dash", scope=Scope.READ)
    async with _client(server, "127.0.0.4") as script:
        answer = await script.get(
            "/api/status", headers={"Authorization": f"Bearer {token.secret}"}
        )
    assert answer.status_code == 200


async def test_x_forwarded_for_does_not_make_a_stranger_the_proxy(server):
    # uvicorn's own proxy handling (on by default for 127.0.0.1) would take
    # this client at its word and call it 127.0.0.2, the trusted proxy; only
    # TRUSTED_PROXIES decides whose forwarded headers count.
    async with _client(server, "127.0.0.1") as stranger:
        answer = await stranger.get(
            "/api/status",
            headers={"X-Auth-User": "alice", "X-Forwarded-For": "127.0.0.2"},
        )
    assert answer.status_code == 403, answer.text
    assert "TRUSTED_PROXIES" in answer.json()["error"]["message"]
