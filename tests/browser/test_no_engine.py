"""A first start where the Docker engine is not there (no socket, the usual
case of `make run` on a machine whose engine runs elsewhere): every screen
says Docker is unreachable and why, and none pretends the list is merely
empty or the container does not exist."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, WebSocketRoute, expect

from tests.browser.harness import (
    TIMEOUT_MS,
    check_screen,
    engineless_settings,
    guarded_page,
)
from tests.support.server import LiveServer, live_server


@pytest.fixture(scope="module")
async def engineless(
    ui_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LiveServer]:
    root = tmp_path_factory.mktemp("ui-no-engine")
    settings = engineless_settings(root, ui_dir)
    # No check and no auto-update planning: nothing but the health ping
    # asks the engine until a screen does.
    async with live_server(settings, background_auto_updates=False) as live:
        yield live


@pytest.fixture
async def engineless_page(
    browser: Browser, engineless: LiveServer
) -> AsyncIterator[Page]:
    async with guarded_page(browser, engineless.url) as page:
        yield page


async def test_screens_say_docker_is_unreachable_not_empty(engineless_page: Page):
    page = engineless_page
    banner = page.get_by_role("alert", name="Connection problem")

    # A screen that asks nothing of the engine (this server runs no check):
    # the banner says why all the same, from what the health ping recorded.
    await page.goto("/history")
    await expect(banner).to_contain_text("Docker is unreachable")
    await expect(banner).to_contain_text("no socket at")
    await expect(page.get_by_text("No operations yet")).to_be_visible()

    await page.goto("/")
    await expect(
        page.get_by_text("No containers to show: Docker is unreachable")
    ).to_be_visible()
    await expect(page.get_by_text("No containers yet")).to_have_count(0)
    await check_screen(page, "no-engine-updates")

    # Not "no such container": nobody could look.
    await page.goto("/containers/web")
    error = page.get_by_role("alert").filter(has_text="Could not load the container")
    await expect(error).to_contain_text("no socket at")
    await expect(error).to_contain_text("DOCKER_HOST")
    await expect(page.get_by_text("No container is named web")).to_have_count(0)
    await check_screen(page, "no-engine-container")


async def test_explorer_prune_is_disabled_with_the_reason(engineless_page: Page):
    """With nothing loaded there is nothing to prune: the Prune buttons are
    disabled and say why, on every tab."""
    page = engineless_page
    await page.goto("/explorer")
    error = page.get_by_role("alert").filter(
        has_text="Could not load the Docker resources"
    )
    await expect(error).to_contain_text("no socket at")
    for tab, kind in (
        ("Images", "image"),
        ("Networks", "network"),
        ("Volumes", "volume"),
    ):
        await page.get_by_role("tab", name=tab).click()
        prune = page.get_by_role("button", name=f"Prune {kind}s")
        await expect(prune).to_be_disabled()
        await expect(prune).to_have_accessible_description(
            "Prune is unavailable: this host's Docker resources could not be "
            "loaded (the error above says why)."
        )
    await check_screen(page, "no-engine-explorer")


async def test_screens_refetch_after_the_live_connection_comes_back(
    engineless_page: Page, engineless: LiveServer
):
    """A dropped socket misses events (a finished check, an ended operation)
    that re-subscribing does not replay: once it is back, every query on
    screen is run again, so nothing stale stays."""
    page = engineless_page
    routes: list[WebSocketRoute] = []

    def relay(socket: WebSocketRoute) -> None:
        socket.connect_to_server()
        routes.append(socket)

    await page.route_web_socket(
        f"{engineless.url.replace('http', 'ws')}/graphql", relay
    )
    asked: list[str] = []
    page.on(
        "request",
        lambda request: (
            asked.append(request.post_data or "")
            if request.method == "POST" and request.url.endswith("/graphql")
            else None
        ),
    )
    live = page.get_by_role("status", name="Live updates")
    await page.goto("/")
    await expect(live).to_have_attribute("data-live", "live")
    assert any("query Updates" in body for body in asked)

    asked.clear()
    # A service restart as the browser sees it: the socket closes, retried.
    await routes[-1].close(code=1012, reason="restarting")
    await _until(page, lambda: len(routes) > 1, "the socket never reconnected")
    await expect(live).to_have_attribute("data-live", "live")
    await _until(
        page,
        lambda: any("query Updates" in body for body in asked),
        "the Updates screen did not refetch after the reconnection",
    )


async def _until(page: Page, condition: Callable[[], bool], failure: str) -> None:
    for _ in range(TIMEOUT_MS // 100):
        if condition():
            return
        await page.wait_for_timeout(100)
    raise AssertionError(failure)
