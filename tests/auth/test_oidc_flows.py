"""The table of pending OIDC sign-ins: anyone may start one, so a flood of
starts must not push a person's sign-in in progress out of it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from resolvers.context import open_app_context
from services.auth import oidc
from services.auth.oidc import OidcClient, oauth_client
from services.errors import UnauthenticatedError
from tests.auth.provider import oidc_settings, serving
from tests.support.server import live_server

REDIRECT = "http://127.0.0.1:9/api/auth/oidc/callback"


@pytest.fixture
async def client(tmp_path, monkeypatch) -> AsyncIterator[OidcClient]:
    # Smaller bounds, same rules.
    monkeypatch.setattr(oidc, "MAX_FLOWS", 40)
    monkeypatch.setattr(oidc, "MAX_FLOWS_PER_CLIENT", 5)
    settings = oidc_settings(tmp_path, "http://127.0.0.1:9")
    made = OidcClient(
        settings,
        oauth_client(settings),
        lambda: datetime(2026, 1, 1, tzinfo=UTC),
    )
    # Discovery already done: begin() then only builds the authorization URL.
    made._metadata = {"authorization_endpoint": "http://127.0.0.1:9/authorize"}
    yield made
    await made.close()


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
    with serving() as url:
        yield url


async def test_over_http_a_flood_of_starts_leaves_a_persons_sign_in(
    provider, tmp_path, monkeypatch
):
    # A table this small would be filled by the flood below if it were the
    # only bound (the server runs in this process).
    monkeypatch.setattr(oidc, "MAX_FLOWS", 12)
    settings = oidc_settings(
        tmp_path,
        provider,
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


async def _code(login_url: str, user: str) -> tuple[str, str]:
    """What the browser brings back after `user` picks themselves at the
    provider: the code and the state."""
    async with httpx.AsyncClient(timeout=60) as browser:
        picked = await browser.post(login_url, data={"sub": user})
    assert picked.status_code == 302, picked.text
    query = parse_qs(urlsplit(picked.headers["location"]).query)
    return query["code"][0], query["state"][0]


async def test_one_client_serves_every_sign_in_and_closes_with_the_server(
    provider, tmp_path
):
    # Built once by the composition root (it was built afresh for every
    # start and every finish): each request of two whole sign-ins goes
    # through it, and shutting down closes it.
    # With a secret: the provider's code grant takes no public ("none") client.
    settings = oidc_settings(tmp_path, provider, oidc_client_secret="s3cret")
    async with open_app_context(
        settings, background_checks=False, background_updates=False
    ) as ctx:
        assert ctx.auth.oidc is not None
        http = ctx.auth.oidc._http
        asked: list[str] = []

        async def note(request: httpx.Request) -> None:
            asked.append(request.url.path)

        http.event_hooks["request"].append(note)
        for user in ("alice", "bob"):
            login = await ctx.auth.oidc_begin(REDIRECT, "192.0.2.7")
            code, state = await _code(login.url, user)
            assert state == login.state
            opened = await ctx.auth.oidc_finish(
                code=code, state=state, browser_state=login.state
            )
            found = await ctx.auth.sessions.find(opened.session)
            assert found is not None
            assert found.principal.name == user
        assert not http.is_closed
    assert http.is_closed
    assert asked == [
        "/.well-known/openid-configuration",
        "/oauth2/token",
        "/jwks",
        "/oauth2/token",
        "/jwks",
    ]
    # No sign-in's token stays on the shared client.
    assert http.token is None
