"""What every browser test shares: the network guard, the axe-core scan, the
375 px overflow check and the screenshots.

Chromium is Debian's (`/usr/bin/chromium`): browser downloads do not work
here, and the flags keep it from calling home (updates, sync, field trials).
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import (
    Browser,
    BrowserContext,
    Page,
    Request,
    Route,
    ViewportSize,
    WebSocket,
    WebSocketRoute,
    expect,
)
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from services.config import Settings
from tests.support.server import no_engine_settings

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHROMIUM = os.environ.get("DOCKSMITH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
]
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
# Git-ignored: screenshots are test artifacts, not sources.
ARTIFACTS = REPO / ".artifacts" / "ui"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 375, "height": 812}
# Waits are on conditions; this only bounds how long a broken page may take.
TIMEOUT_MS = 30_000
BLOCKING_IMPACTS = ("serious", "critical")


@dataclass
class NetworkGuard:
    """Lets requests to the server through and aborts (and records) the rest.

    A page that asks another host for anything (a font, an icon, a script)
    would stay broken on a LAN without internet; the test fails on it.
    """

    origin: str  # scheme://host:port of the server
    foreign: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        server = urlsplit(self.origin)
        scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
        return (scheme, parts.netloc) == (server.scheme, server.netloc)

    async def install(self, context: BrowserContext) -> None:
        await context.route("**/*", self._route)
        # Sockets to other hosts never connect: the route answers in their place.
        await context.route_web_socket(
            lambda url: not self.allowed(url), self._foreign_socket
        )
        context.on("request", self._seen)

    def watch(self, page: Page) -> None:
        page.on("websocket", self._websocket)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    async def _route(self, route: Route) -> None:
        if self.allowed(route.request.url):
            await route.continue_()
        else:
            self.foreign.append(route.request.url)
            await route.abort("blockedbyclient")

    async def _foreign_socket(self, socket: WebSocketRoute) -> None:
        self.foreign.append(socket.url)
        await socket.close()

    def _seen(self, request: Request) -> None:
        # Requests that bypass routing (service workers, prefetch) still show here.
        if not self.allowed(request.url) and request.url not in self.foreign:
            self.foreign.append(request.url)

    def _websocket(self, socket: WebSocket) -> None:
        if not self.allowed(socket.url):
            self.foreign.append(socket.url)

    def assert_clean(self) -> None:
        assert not self.foreign, f"the page asked other hosts: {self.foreign}"
        assert not self.page_errors, f"uncaught errors in the page: {self.page_errors}"


async def axe_violations(page: Page) -> list[dict[str, object]]:
    """Serious and critical axe-core violations of the page as it is now."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        # Injected as an inline script: it is no request the guard must allow.
        await page.add_script_tag(content=AXE_JS.read_text())
    found: list[dict[str, object]] = await page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
            }));
        }"""
    )
    return [v for v in found if v["impact"] in BLOCKING_IMPACTS]


async def assert_accessible(page: Page, where: str) -> None:
    violations = await axe_violations(page)
    assert not violations, f"axe on {where}: " + json.dumps(violations, indent=1)


async def overflowing(page: Page) -> list[str]:
    """Elements that stick out past the right edge of the viewport."""
    result: list[str] = await page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const box = el.getBoundingClientRect();
                if (box.right > width + 1 && box.width > 0) {
                    const label = el.getAttribute('aria-label') || el.textContent || '';
                    out.push(`${el.tagName.toLowerCase()}.${el.className} `
                        + `"${label.trim().slice(0, 40)}" right=${Math.round(box.right)}`);
                }
            }
            return [`scrollWidth ${document.documentElement.scrollWidth} > ${width}`,
                    ...out.slice(0, 10)];
        }"""
    )
    return result


async def cut_badges(page: Page) -> list[str]:
    """Badges whose text is cut off (Mantine ends it with an ellipsis): a
    status read as "COMPLE…" says nothing."""
    result: list[str] = await page.evaluate(
        """() => [...document.querySelectorAll('.mantine-Badge-label')]
            .filter(el => el.getClientRects().length > 0
                && el.scrollWidth > el.clientWidth + 1)
            .slice(0, 10)
            .map(el => `"${el.textContent.trim()}" ${el.clientWidth}/${el.scrollWidth} px`)"""
    )
    return result


async def settle(page: Page) -> None:
    """Two animation frames: layout and paint after a resize or a change."""
    await page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )


async def transitions_in_flight(page: Page) -> list[str]:
    """CSS transitions running now, as `tag.class property`."""
    found: list[str] = await page.evaluate(
        """() => document.getAnimations()
            .filter(a => a instanceof CSSTransition && a.playState === 'running')
            .slice(0, 10)
            .map(a => {
                const el = a.effect && a.effect.target;
                const where = el ? `${el.tagName.toLowerCase()}.${el.className}` : '?';
                return `${where} ${a.transitionProperty}`;
            })"""
    )
    return found


async def shoot(page: Page, name: str, width: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}-{width}.png"
    await page.screenshot(path=path, full_page=full_page, animations="disabled")
    return path


async def check_screen(page: Page, name: str) -> None:
    """The checks every screen gets: axe, a screenshot and no badge cut off
    at desktop width in the light and the dark theme, then no horizontal
    overflow, no badge cut off, axe and a screenshot at 375 px."""
    await page.set_viewport_size(DESKTOP)
    await settle(page)
    await assert_accessible(page, f"{name} (desktop)")
    await shoot(page, name, "desktop")
    cut = await cut_badges(page)
    assert not cut, f"{name}: badges cut off on a desktop: {cut}"
    await page.emulate_media(color_scheme="dark")
    await settle(page)
    # A colour that fades while the text has already switched reads badly
    # for that moment (and makes axe's contrast check depend on timing).
    fading = await transitions_in_flight(page)
    assert not fading, f"{name}: the theme switch fades {fading}"
    await assert_accessible(page, f"{name} (desktop, dark theme)")
    await shoot(page, name, "desktop-dark")
    await page.emulate_media(color_scheme="light")
    await page.set_viewport_size(PHONE)
    await settle(page)
    # The screenshot first: it shows what a failure below is about.
    await shoot(page, name, "phone")
    # Layout after a resize settles over a few frames (media queries, resize
    # observers): overflow counts only if it lasts.
    for _ in range(50):
        sticking_out = await overflowing(page)
        if not sticking_out:
            break
        await page.wait_for_timeout(100)
    assert not sticking_out, f"{name} at 375 px scrolls sideways: {sticking_out}"
    cut = await cut_badges(page)
    assert not cut, f"{name}: badges cut off at 375 px: {cut}"
    await assert_accessible(page, f"{name} (phone)")
    await page.set_viewport_size(DESKTOP)
    await settle(page)


def engineless_settings(root: Path, ui_dir: Path, **extra: Any) -> Settings:
    """A UI server's settings in ``root`` whose Docker socket does not exist:
    for screens that need no engine (sign-in, users, the no-engine states)."""
    return no_engine_settings(root, static_dir=ui_dir, **extra)


@asynccontextmanager
async def guarded_page(
    browser: Browser,
    origin: str,
    *,
    viewport: ViewportSize = DESKTOP,
    guard: NetworkGuard | None = None,
) -> AsyncIterator[Page]:
    """A page in a fresh context (no state shared with other pages) on
    `origin`; leaving the block fails if the page asked any other host."""
    guard = guard or NetworkGuard(origin=origin)
    context = await browser.new_context(
        viewport=viewport,
        base_url=origin,
        service_workers="block",
        color_scheme="light",
        reduced_motion="reduce",
    )
    context.set_default_timeout(TIMEOUT_MS)
    await guard.install(context)
    page = await context.new_page()
    guard.watch(page)
    try:
        yield page
        guard.assert_clean()
    finally:
        await context.close()


async def run_graphiql_example(page: Page, operation: str) -> None:
    """The examples hold several operations, so the run button asks which
    to run, but only once GraphiQL has read the editor's document: clicked
    before that (a cold browser on a loaded machine) it asks nothing and
    runs nothing. So it is asked again until the choice is offered."""
    await expect(page.locator(".graphiql-query-editor")).to_contain_text(operation)
    run = page.get_by_role("button", name="Execute query (Ctrl-Enter)")
    choice = page.get_by_role("menuitem", name=operation)
    for _ in range(30):
        await run.click()
        try:
            await choice.wait_for(timeout=1_000)
            break
        except PlaywrightTimeoutError:
            continue
    await choice.click()
