"""Live updates across a server restart: the header says the GraphQL socket is
reconnecting while the server is down, and the page picks up again when it is
back, without a reload."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from services.config import Settings
from tests.browser.harness import (
    DESKTOP,
    PHONE,
    assert_accessible,
    guarded_page,
    overflowing,
    settle,
)
from tests.browser.world import World
from tests.lab.engine import LabEngine
from tests.support.server import free_port, live_server


@pytest.fixture
def settings(
    world: World, ui_dir: Path, lab_engine: LabEngine, tmp_path: Path
) -> Settings:
    # A server of its own (its own database): the session's server stays up.
    return Settings(
        _env_file=None,
        db_path=tmp_path / "docksmith.db",
        docker_host=lab_engine.docker_host,
        scripts_dir=world.scripts_dir,
        static_dir=ui_dir,
    )


@pytest.fixture
async def restartable_page(browser: Browser) -> AsyncIterator[tuple[Page, str]]:
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    async with guarded_page(browser, origin) as page:
        yield page, origin


async def test_the_header_says_reconnecting_while_the_server_restarts(
    settings: Settings, restartable_page: tuple[Page, str]
):
    page, origin = restartable_page
    port = int(origin.rsplit(":", 1)[1])
    live = page.get_by_role("status", name="Live updates")
    async with live_server(settings, port=port):
        await page.goto("/")
        await expect(
            page.get_by_role("heading", name="Updates", level=2)
        ).to_be_visible()
        # The Updates screen follows the check's progress over the socket.
        await expect(live).to_have_attribute("data-live", "live")
        await expect(live).to_be_empty()

    await expect(live).to_have_attribute("data-live", "reconnecting")
    await expect(live).to_contain_text("Reconnecting…")
    await expect(live.get_by_text("Reconnecting…").first).to_be_visible()
    await assert_accessible(page, "Updates while reconnecting")
    # On a phone the badge keeps to its icon and the header still fits.
    await page.set_viewport_size(PHONE)
    await settle(page)
    await expect(live.get_by_text("Reconnecting…").first).to_be_hidden()
    assert not await overflowing(page)
    await page.set_viewport_size(DESKTOP)

    frames: list[str] = []
    page.on(
        "websocket",
        lambda socket: socket.on(
            "framereceived",
            lambda frame: frames.append(frame if isinstance(frame, str) else ""),
        ),
    )
    async with (
        live_server(settings, port=port),
        httpx.AsyncClient(base_url=origin, timeout=120) as api,
    ):
        await expect(live).to_have_attribute("data-live", "live")
        await expect(live).to_be_empty()
        # The re-subscribed socket delivers: a check's progress arrives on it.
        response = await api.get("/api/check")
        assert response.status_code == 200, response.text
        for _ in range(1200):  # 120 s at most
            if any("checkProgress" in f and "COMPLETE" in f for f in frames):
                break
            await page.wait_for_timeout(100)
        assert any("checkProgress" in f and "COMPLETE" in f for f in frames), frames
