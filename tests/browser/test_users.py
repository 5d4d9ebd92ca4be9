"""Settings → Users in the browser (AUTH=local): an admin adds a user,
gives them a new password (their session ends), removes them (the token they
made stops working and leaves the token list), and changes their own
password (back to the sign-in page). The server needs no Docker engine."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from services.auth.modes import AuthMode
from services.auth.passwords import Passwords
from tests.browser.harness import check_screen, engineless_settings, guarded_page
from tests.browser.test_login import PASSWORD, sign_in
from tests.support.server import LiveServer, live_server

BOB = "bob's first password"


@pytest.fixture(scope="module")
async def users_server(
    ui_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LiveServer]:
    root = tmp_path_factory.mktemp("ui-users")
    settings = engineless_settings(
        root,
        ui_dir,
        auth=AuthMode.LOCAL,
        admin_user="root",
        admin_password_hash=Passwords().hash("the setting's password"),
    )
    async with live_server(settings) as live:
        await live.ctx.auth.set_password("alice", PASSWORD)
        yield live


@pytest.fixture
async def admin_page(browser: Browser, users_server: LiveServer) -> AsyncIterator[Page]:
    async with guarded_page(browser, users_server.url) as page:
        yield page


@asynccontextmanager
async def _bob(live: LiveServer, password: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
        answer = await client.post(
            "/api/auth/login", json={"name": "bob", "password": password}
        )
        assert answer.status_code == 200, answer.text
        client.headers["X-CSRF-Token"] = answer.json()["data"]["csrf_token"]
        yield client


async def _save(form, password: str) -> None:
    await form.get_by_role("textbox", name="New password", exact=True).fill(password)
    await form.get_by_role("textbox", name="Repeat the password").fill(password)
    await form.get_by_role(
        "button", name=re.compile("^(Add user|Set password)$")
    ).click()


async def test_an_admin_manages_users_in_settings(
    admin_page: Page, users_server: LiveServer
):
    page = admin_page
    await page.goto("/settings")
    await sign_in(page)
    users = page.get_by_role("region", name="Users")
    await expect(users.get_by_role("listitem", name="User alice")).to_contain_text(
        "alice (you)"
    )
    await expect(users.get_by_role("button", name="Remove alice")).to_have_count(0)
    root = users.get_by_role("listitem", name="User root")
    await expect(root).to_contain_text("ADMIN_PASSWORD_HASH")
    await expect(root.get_by_role("button")).to_have_count(0)

    # A reserved name is refused by the server, beside the name.
    add = users.get_by_role("form", name="Add a user")
    name = add.get_by_role("textbox", name="User name")
    await name.fill("auto")
    await _save(add, BOB)
    await expect(name).to_have_accessible_description(re.compile("reserved"))
    await name.fill("bob")
    await _save(add, BOB)
    await expect(page.get_by_text("User bob added")).to_be_visible()
    bob_row = users.get_by_role("listitem", name="User bob")
    await expect(bob_row).to_be_visible()
    await check_screen(page, "settings-users")

    async with _bob(users_server, BOB) as bob:
        made = await bob.post("/api/tokens", json={"name": "bobs-ci", "scope": "read"})
        assert made.status_code == 200, made.text
        bearer = {"Authorization": f"Bearer {made.json()['data']['token']}"}

        # A new password signs bob out.
        await bob_row.get_by_role("button", name="New password for bob").click()
        dialog = page.get_by_role("dialog", name="New password for bob")
        await expect(dialog).to_contain_text("signed out everywhere")
        await _save(dialog, "bob's second password")
        await expect(
            page.get_by_text(re.compile("^New password for bob;"))
        ).to_be_visible()
        await expect(dialog).to_have_count(0)
        assert (await bob.get("/api/users")).status_code == 401

        # Removing bob revokes his token; the token list follows.
        tokens = page.get_by_role("region", name="API tokens")
        await page.reload()
        await expect(
            tokens.get_by_role("listitem", name="Token bobs-ci")
        ).to_be_visible()
        await bob_row.get_by_role("button", name="Remove bob").click()
        confirm = page.get_by_role("dialog")
        await expect(confirm).to_contain_text("API tokens they made stop working")
        await confirm.get_by_role("button", name="Remove").click()
        await expect(
            page.get_by_text("User bob removed; their tokens bobs-ci were revoked")
        ).to_be_visible()
        await expect(bob_row).to_have_count(0)
        await expect(
            tokens.get_by_role("listitem", name="Token bobs-ci")
        ).to_have_count(0)
        assert (await bob.get("/api/status", headers=bearer)).status_code == 401

    # Your own new password ends this session too: back to signing in.
    await users.get_by_role("button", name="New password for alice").click()
    dialog = page.get_by_role("dialog", name="New password for alice")
    await expect(dialog).to_contain_text("this one too")
    await _save(dialog, "alice's new password")
    await expect(page).to_have_url(re.compile(r"/login(\?next=%2Fsettings)?$"))
    await sign_in(page, "alice's new password")
    await expect(page.get_by_role("button", name="Account: alice")).to_be_visible()
