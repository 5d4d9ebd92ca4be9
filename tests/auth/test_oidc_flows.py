"""The table of pending OIDC sign-ins: anyone may start one, so a flood of
starts must not push a person's sign-in in progress out of it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
import werkzeug.serving
from oidc_provider_mock import app as provider_app

from services.auth import oidc
from services.auth.modes import AuthMode
from services.auth.oidc import OidcClient
from services.config import Settings
from services.errors import UnauthenticatedError
from tests.support.server import live_server

REDIRECT = "http://127.0.0.1:9/api/auth/oidc/callback"


@pytest.fixture
def client(tmp_path, monkeypatch) -> OidcClient:
    # Smaller bounds, same rules: each start builds an authlib client.
    monkeypatch.setattr(oidc, "MAX_FLOWS", 40)
    monkeypatch.setattr(oidc, "MAX_FLOWS_PER_CLIENT", 5)
    settings = Settings(
        _env_file=None,
        db_path=tmp_path / "d.db",
        auth=AuthMode.OIDC,
        oidc_issuer="http://127.0.0.1:9",
        oidc_client_id="docksmith",
    )
    made = OidcClient(settings, lambda: datetime(2026, 1, 1, tzinfo=UTC))
    # Discovery already done: begin() then only builds the authorization URL.
    made._metadata = {"authorization_endpoint": "http://127.0.0.1:9/authorize"}
    return made


async def _still_pending(client: OidcClient, state: str) -> bool:
    """Whether `state` is still known: finishing it without a code says the
    provider refused (known flow) rather than that it expired (evicted)."""
    try:
        await client.finish(code=None, state=state, browser_state=state)
    except UnauthenticatedError as exc:
        return "refused" in exc.message
    raise AssertionError("finish without a code must fail")


async def test_a_flood_from_one_address_evicts_only_its_own_flows(client):
    person = await client.begin(REDIRECT, "192.0.2.7")
    flood = [await client.begin(REDIRECT, "198.51.100.66") for _ in range(60)]
    assert len(client._flows) == 5 + 1
    assert await _still_pending(client, person.state)
    # The flooder keeps only its newest few.
    assert await _still_pending(client, flood[-1].state)
    assert not await _still_pending(client, flood[0].state)


async def test_a_flood_from_many_addresses_evicts_the_busiest_first(client):
    person = await client.begin(REDIRECT, "192.0.2.7")
    # IPv6 addresses of one /64 count as one client.
    for n in range(80):
        await client.begin(REDIRECT, f"2001:db8:{n % 20:x}::{n:x}")
    assert len(client._flows) == 40
    assert await _still_pending(client, person.state)


def test_the_table_bounds_stay_as_documented():
    assert (oidc.MAX_FLOWS, oidc.MAX_FLOWS_PER_CLIENT) == (1000, 10)


@pytest.fixture
def provider() -> Iterator[str]:
    server = werkzeug.serving.make_server("127.0.0.1", 0, provider_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


async def test_over_http_a_flood_of_starts_leaves_a_persons_sign_in(
    provider, tmp_path, monkeypatch
):
    # A table this small would be filled by the flood below if it were the
    # only bound (the server runs in this process).
    monkeypatch.setattr(oidc, "MAX_FLOWS", 12)
    settings = Settings(
        _env_file=None,
        db_path=tmp_path / "d.db",
        docker_host=f"unix://{tmp_path}/no-docker.sock",
        scripts_dir=tmp_path / "scripts",
        auth=AuthMode.OIDC,
        oidc_issuer=provider,
        oidc_client_id="docksmith",
        # The test's requests all come from loopback: a trusted proxy there
        # lets each name the client address it stands for.
        trusted_proxies="127.0.0.1/32",
    )

    async def start(client: httpx.AsyncClient, address: str) -> str:
        started = await client.get(
            "/api/auth/oidc/login", headers={"X-Forwarded-For": address}
        )
        assert started.status_code == 302, started.text
        return started.cookies["docksmith_oidc"]

    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=60) as client,
    ):
        person = await start(client, "192.0.2.7")
        for _ in range(oidc.MAX_FLOWS_PER_CLIENT + 5):
            await start(client, "198.51.100.66")
        # The person's flow is still known: the provider's refusal is quoted
        # (an evicted one would be "expired or was used").
        back = await client.get(
            "/api/auth/oidc/callback",
            params={"state": person, "error": "access_denied"},
            headers={"Cookie": f"docksmith_oidc={person}"},
        )
        assert back.status_code == 401, back.text
        assert "refused the sign-in (access_denied)" in back.json()["error"]["message"]
