"""Signing in to the web UI when authentication is on (AUTH=local): the login
page, a 401 sending the app back to it, an API token made, used and revoked
in Settings, who started an operation in History, signing out; and, against
the lab server (authentication off, the default on loopback), no login at
all.

The signed-in server needs no Docker engine: sign-in, tokens and history
live in its database, so it points at a socket that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from services.auth.modes import AuthMode
from services.store.records import OperationRecord
from tests.browser.harness import (
    check_screen,
    engineless_settings,
    guarded_page,
    run_graphiql_example,
)
from tests.support.server import LiveServer, live_server

PASSWORD = "correct horse battery staple"
AUDITED_OPERATION = "op_20260101T000000Z_audited"


@pytest.fixture(scope="module")
async def signed_server(
    ui_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LiveServer]:
    root = tmp_path_factory.mktemp("ui-auth")
    settings = engineless_settings(root, ui_dir, auth=AuthMode.LOCAL)
    async with live_server(settings) as live:
        await live.ctx.auth.set_password("alice", PASSWORD)
        # What History shows comes from the row; recording who started an
        # operation is tests/auth/test_audit.py's.
        await live.ctx.repos.operations.create(
            OperationRecord(
                operation_id=AUDITED_OPERATION,
                operation_type="restart",
                status="complete",
                container_name="web",
                started_at=datetime.now(UTC),
                completed_at=datetime.now(UTC),
                started_by="token:ci",
            )
        )
        yield live


@pytest.fixture
async def signed_page(
    browser: Browser, signed_server: LiveServer
) -> AsyncIterator[Page]:
    async with guarded_page(browser, signed_server.url) as page:
        yield page


async def sign_in(page: Page, password: str = PASSWORD) -> None:
    await page.get_by_label("User name").fill("alice")
    await page.get_by_label(re.compile("^Password")).fill(password)
    await page.get_by_role("button", name="Sign in", exact=True).click()


# A graphql-transport-ws handshake from inside the page, as the UI's socket
# makes it: the browser sends its cookies with the upgrade, the payload is
# empty. Resolves to "ack" or the close code.
WS_HANDSHAKE = """() => new Promise((resolve) => {
    const url = location.origin.replace(/^http/, 'ws') + '/graphql';
    const ws = new WebSocket(url, 'graphql-transport-ws');
    ws.onopen = () => ws.send(JSON.stringify({type: 'connection_init', payload: {}}));
    ws.onmessage = (m) => {
        if (JSON.parse(m.data).type === 'connection_ack') { resolve('ack'); ws.close(); }
    };
    ws.onclose = (e) => resolve(String(e.code));
})"""


async def test_sign_in_make_use_and_revoke_a_token_then_sign_out(
    signed_page: Page, signed_server: LiveServer, browser: Browser
):
    page = signed_page
    await page.goto("/settings")
    # Not signed in: the login page, which comes back to Settings afterwards.
    await expect(page).to_have_url(re.compile(r"/login\?next=%2Fsettings$"))
    await expect(page.get_by_role("heading", name="Docksmith", level=1)).to_be_visible()
    await expect(
        page.get_by_role("link", name="Sign in with single sign-on")
    ).to_have_count(0)
    await check_screen(page, "login")

    await sign_in(page, "not the password")
    await expect(page.get_by_role("alert")).to_contain_text(
        "wrong user name or password"
    )
    await expect(page.get_by_label(re.compile("^Password"))).to_have_value("")

    await sign_in(page)
    await expect(page).to_have_url(re.compile(r"/settings$"))
    await expect(page.get_by_role("heading", name="Settings", level=2)).to_be_visible()
    await expect(page.get_by_role("button", name="Account: alice")).to_be_visible()
    # The UI's GraphQL socket signs in with the session cookie.
    assert await page.evaluate(WS_HANDSHAKE) == "ack"

    tokens = page.get_by_role("region", name="API tokens")
    await expect(tokens.get_by_text("No API tokens yet.")).to_be_visible()
    await tokens.get_by_role("textbox", name="Name").fill("homepage")
    await tokens.get_by_role("radio", name=re.compile("^Operate")).check()
    await tokens.get_by_role("textbox", name="Expires after (days)").fill("30")
    await tokens.get_by_role("button", name="Create token").click()
    notice = tokens.get_by_role("alert", name="Token homepage created")
    await expect(notice).to_contain_text("not shown again")
    secret = (await notice.get_by_test_id("new-token").inner_text()).strip()
    assert secret.startswith("dsk_"), secret
    listed = tokens.get_by_role("listitem", name="Token homepage")
    await expect(listed).to_contain_text("operate")
    await expect(listed).to_contain_text("by alice")
    await check_screen(page, "settings-tokens")

    async with httpx.AsyncClient(base_url=signed_server.url, timeout=60) as script:
        bearer = {"Authorization": f"Bearer {secret}"}
        viewer = await script.post(
            "/graphql", json={"query": "{ viewer { name scope } }"}, headers=bearer
        )
        assert viewer.json()["data"]["viewer"] == {
            "name": "homepage",
            "scope": "OPERATE",
        }
        # Shown once: a reload lists the token without it.
        await page.reload()
        await expect(listed).to_be_visible()
        await expect(tokens.get_by_test_id("new-token")).to_have_count(0)

        await listed.get_by_role("button", name="Revoke homepage").click()
        await page.get_by_role("dialog").get_by_role("button", name="Revoke").click()
        await expect(page.get_by_text("Token homepage revoked")).to_be_visible()
        await expect(listed).to_have_count(0)
        gone = await script.post(
            "/graphql", json={"query": "{ viewer { name } }"}, headers=bearer
        )
        assert gone.status_code == 401

    # History says who started an operation.
    await page.get_by_role("link", name="History").click()
    item = page.get_by_role("button", name=re.compile("^Restart · web"))
    await item.click()
    await expect(page.get_by_text("Started by token:ci")).to_be_visible()

    # The session ends behind the page's back: the next request answers 401
    # and the app goes to the login page, then back to where it was. Opened
    # by address, not by clicking a link: History's own refresh may meet the
    # 401 first and take the page (and the link) away mid-click.
    await page.context.clear_cookies()
    await page.goto("/explorer")
    await expect(page).to_have_url(re.compile(r"/login\?next=%2Fexplorer$"))
    await sign_in(page)
    await expect(page).to_have_url(re.compile(r"/explorer$"))

    await page.get_by_role("button", name="Account: alice").click()
    await page.get_by_role("menuitem", name="Sign out").click()
    await expect(page).to_have_url(re.compile(r"/login$"))
    await page.goto("/history")
    await expect(page).to_have_url(re.compile(r"/login\?next=%2Fhistory$"))
    # A browser without a session gets no socket either.
    assert await page.evaluate(WS_HANDSHAKE) == "4403"


async def test_without_authentication_nobody_is_asked_to_sign_in(page: Page):
    # The lab server: loopback, AUTH unset. /login goes straight on, and
    # nothing about accounts or tokens appears.
    await page.goto("/login?next=%2Fsettings")
    await expect(page).to_have_url(re.compile(r"/settings$"))
    await expect(page.get_by_role("heading", name="Settings", level=2)).to_be_visible()
    await expect(page.get_by_role("button", name=re.compile("^Account"))).to_have_count(
        0
    )
    await expect(page.get_by_role("heading", name="About")).to_be_visible()
    await expect(page.get_by_role("region", name="API tokens")).to_have_count(0)


async def test_the_api_consoles_send_the_csrf_token_of_a_signed_in_browser(
    signed_page: Page,
):
    """GraphiQL's queries and Swagger UI's "Try it out" are POSTs, which a
    session must sign with its CSRF token: both were refused with 403."""
    page = signed_page
    await page.goto("/login")
    await sign_in(page)
    await expect(page).not_to_have_url(re.compile(r"/login"))

    await page.goto("/graphql")
    await run_graphiql_example(page, "Health")
    response = page.locator(".graphiql-response")
    await expect(response).to_contain_text('"version"')
    await expect(response).not_to_contain_text("FORBIDDEN")

    await page.goto("/api/docs")
    route = page.locator("#operations-auth-post_ticket_api_auth_ticket_post")
    await route.locator(".opblock-summary").click()
    await route.get_by_role("button", name="Try it out").click()
    async with page.expect_response("**/api/auth/ticket") as answered:
        await route.get_by_role("button", name="Execute").click()
    answer = await answered.value
    assert answer.status == 200, await answer.text()
