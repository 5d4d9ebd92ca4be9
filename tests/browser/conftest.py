"""Fixtures of the Chromium end-to-end tests: one lab world, one server and one
browser per session; a fresh, network-guarded browser context per test.

`make test-ui` builds the UI and runs these; without a build (or Chromium, or
axe-core) they skip, and fail under `CI=true`, like every lab part.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from rest.frontend import DEFAULT_UI_DIR
from services.config import Settings
from tests.browser.harness import (
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    NetworkGuard,
    guarded_page,
)
from tests.browser.world import World, build_world
from tests.lab.engine import LabEngine
from tests.lab.fixtures import Lab, unavailable
from tests.support.api import FAST_HEALTH
from tests.support.server import LiveServer, live_server

expect.set_options(timeout=TIMEOUT_MS)


@dataclass
class Server:
    url: str
    api: httpx.AsyncClient
    live: LiveServer


@pytest.fixture(scope="module", autouse=True)
def _shared_engine_left_clean() -> None:
    """Overrides the lab's leak guard: the world's containers are session-wide
    and outlive every module."""


@pytest.fixture(scope="session")
def ui_dir() -> Path:
    if not (DEFAULT_UI_DIR / "index.html").is_file():
        unavailable(f"the web UI is not built in {DEFAULT_UI_DIR} (make ui)")
    if not AXE_JS.is_file():
        unavailable(f"axe-core is not installed ({AXE_JS}; make test-ui installs it)")
    return DEFAULT_UI_DIR


@pytest.fixture(scope="session")
def world(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(lab, tmp_path_factory.mktemp("ui-scripts"))


@pytest.fixture(scope="session")
async def server(
    world: World,
    ui_dir: Path,
    lab_engine: LabEngine,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Server]:
    root = tmp_path_factory.mktemp("ui-server")
    settings = Settings(
        _env_file=None,
        db_path=root / "docksmith.db",
        docker_host=lab_engine.docker_host,
        scripts_dir=world.scripts_dir,
        static_dir=ui_dir,
    )
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=120) as api,
    ):
        response = await api.put("/api/policies", json=FAST_HEALTH)
        assert response.status_code == 200, response.text
        # One check first, so every screen opens on known statuses.
        response = await api.get("/api/check")
        assert response.status_code == 200, response.text
        yield Server(url=live.url, api=api, live=live)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        unavailable(f"no Chromium at {CHROMIUM} (the lab installs Debian's chromium)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        await browser.close()


@pytest.fixture
async def guard(server: Server) -> NetworkGuard:
    return NetworkGuard(origin=server.url)


@pytest.fixture
async def page(
    browser: Browser, server: Server, guard: NetworkGuard
) -> AsyncIterator[Page]:
    """A fresh context (no state shared between tests) at desktop size; the
    test fails if the page asked any host but the server."""
    async with guarded_page(browser, server.url, guard=guard) as page:
        yield page
