"""OIDC sign-in end to end: Chromium follows the real redirects between
Docksmith and a real provider (oidc-provider-mock) on 127.0.0.1.

Checked: the authorization request carries PKCE (S256), state and nonce; a
user in an allowed group gets a session; one outside is refused; a state
that is not the browser's, and a replayed callback, are refused; the client
secret shows up in no answer or log line. The browser may reach loopback
only: every other request is aborted (the provider's page links a CDN
stylesheet).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from oidc_provider_mock import User

from tests.auth.provider import oidc_settings, serving
from tests.support.server import live_server

playwright_api = pytest.importorskip("playwright.async_api")

CHROMIUM = "/usr/bin/chromium"
CLIENT_SECRET = "client-secret-that-must-not-leak"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with serving(
        require_nonce=True,
        user_claims=[
            User(sub="alice", claims={"groups": ["docksmith-admins"]}),
            User(sub="bob", claims={"groups": ["staff"]}),
        ],
    ) as url:
        yield url


@pytest.fixture(scope="module")
async def docksmith(provider, tmp_path_factory):
    settings = oidc_settings(
        tmp_path_factory.mktemp("oidc"),
        provider,
        oidc_client_secret=CLIENT_SECRET,
        oidc_allowed_groups="docksmith-admins",
    )
    async with live_server(settings) as live:
        yield live


@pytest.fixture(scope="module")
async def browser():
    async with playwright_api.async_playwright() as pw:
        chromium = await pw.chromium.launch(
            executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            await chromium.close()


async def _page(browser):
    context = await browser.new_context()

    async def loopback_only(route):
        host = urlsplit(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1"):
            await route.continue_()
        else:
            await route.abort()

    await context.route("**/*", loopback_only)
    return context, await context.new_page()


async def _sign_in_as(page, docksmith, user: str) -> tuple[dict, object]:
    """Start at Docksmith, pick `user` at the provider; the authorization
    request's parameters and the final response."""
    await page.goto(f"{docksmith.url}/api/auth/oidc/login")
    authorize = parse_qs(urlsplit(page.url).query)
    async with page.expect_navigation(url=f"{docksmith.url}/**") as landed:
        await page.get_by_role("button", name=user, exact=True).click()
    return authorize, await landed.value


async def test_a_user_in_an_allowed_group_signs_in(
    browser, docksmith, provider, caplog
):
    caplog.set_level(logging.DEBUG)
    context, page = await _page(browser)
    try:
        authorize, _ = await _sign_in_as(page, docksmith, "alice")
        assert page.url.startswith(docksmith.url)
        assert authorize["code_challenge_method"] == ["S256"]
        assert len(authorize["code_challenge"][0]) >= 43
        assert authorize["state"][0]
        assert authorize["nonce"][0]
        assert authorize["client_id"] == ["docksmith"]
        assert "code_verifier" not in authorize

        session = await page.request.get(f"{docksmith.url}/api/auth/session")
        viewer = (await session.json())["data"]
        assert viewer["authenticated"] is True
        assert viewer["name"] == "alice"
        assert viewer["mode"] == "oidc"
        status = await page.request.get(f"{docksmith.url}/api/status")
        assert status.status == 200
        cookies = {c["name"]: c for c in await context.cookies()}
        assert cookies["docksmith_session"]["httpOnly"] is True
        assert cookies["docksmith_session"]["sameSite"] == "Lax"
        assert "docksmith_oidc" not in cookies  # the flow's cookie is gone
        answers = [await session.text(), await status.text(), await page.content()]
    finally:
        await context.close()
    for text in answers:
        assert CLIENT_SECRET not in text
    for record in caplog.records:
        assert CLIENT_SECRET not in record.getMessage()


async def test_a_user_outside_the_allowed_groups_is_refused(browser, docksmith):
    context, page = await _page(browser)
    try:
        _, response = await _sign_in_as(page, docksmith, "bob")
        assert response.status == 403
        assert "not in a group allowed" in await page.content()
        session = await page.request.get(f"{docksmith.url}/api/auth/session")
        assert (await session.json())["data"]["authenticated"] is False
    finally:
        await context.close()


async def test_a_foreign_state_and_a_replayed_callback_are_refused(browser, docksmith):
    context, page = await _page(browser)
    try:
        await page.goto(f"{docksmith.url}/api/auth/oidc/login")
        state = parse_qs(urlsplit(page.url).query)["state"][0]
        callbacks: list[str] = []
        page.on(
            "request",
            lambda request: (
                callbacks.append(request.url)
                if "/api/auth/oidc/callback" in request.url
                else None
            ),
        )
        await page.get_by_role("button", name="alice", exact=True).click()
        await page.wait_for_url(f"{docksmith.url}/**")
        assert callbacks
        assert parse_qs(urlsplit(callbacks[0]).query)["state"] == [state]
        # Replaying the callback: the flow's cookie went with its success...
        replay = await page.goto(callbacks[0])
        assert replay is not None
        assert replay.status == 403
        # ...and with the cookie put back, the flow itself is used up.
        await context.add_cookies(
            [
                {
                    "name": "docksmith_oidc",
                    "value": state,
                    "url": f"{docksmith.url}/api/auth/oidc/callback",
                }
            ]
        )
        replay = await page.goto(callbacks[0])
        assert replay is not None
        assert replay.status == 401
    finally:
        await context.close()

    # Another browser (no flow cookie) bringing a callback: refused.
    context, page = await _page(browser)
    try:
        forged = await page.goto(
            f"{docksmith.url}/api/auth/oidc/callback?code=x&state={state}"
        )
        assert forged is not None
        assert forged.status == 403
    finally:
        await context.close()


async def test_a_provider_that_refuses_the_sign_in_is_quoted_not_a_missing_code(
    docksmith,
):
    # The provider sends the browser back with `error` instead of `code`
    # (the user pressed Deny, or a policy there refused them).
    async with httpx.AsyncClient(base_url=docksmith.url, timeout=60) as browser:
        started = await browser.get("/api/auth/oidc/login")
        assert started.status_code == 302
        state = parse_qs(urlsplit(started.headers["location"]).query)["state"][0]
        back = {
            "error": "access_denied",
            "error_description": "The resource owner denied the request",
            "state": state,
        }
        refused = await browser.get("/api/auth/oidc/callback", params=back)
        assert refused.status_code == 401, refused.text
        error = refused.json()["error"]
        assert error["code"] == "UNAUTHENTICATED"
        assert "refused the sign-in" in error["message"]
        assert "access_denied" in error["message"]
        assert "denied the request" in error["message"]
        # The flow is used up: the same answer again is not a second try.
        again = await browser.get("/api/auth/oidc/callback", params=back)
        assert again.status_code in (401, 403)
        assert "refused the sign-in" not in again.json()["error"]["message"]
        session = (await browser.get("/api/auth/session")).json()["data"]
        assert session["authenticated"] is False
