"""What a page on another origin can really do in Chromium, with and without
its origin in ALLOWED_ORIGINS (docs/security.md, "Origin and Host checks").

Docksmith sends no CORS headers: ALLOWED_ORIGINS only lets a listed origin's
requests past the Origin guard. A browser still refuses the page a JSON body
(its preflight is not answered with CORS) and any answer over HTTP; the
GraphQL WebSocket, to which browsers apply no CORS, is the one channel such a
page can read.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS
from tests.lab.fixtures import unavailable
from tests.support.server import LiveServer, live_server

LOOPBACK = ("127.0.0.1", "localhost", "::1")

POLICY = {"entity_type": "container", "entity_id": "web", "auto_rollback": True}

# Run in the page: each step's outcome, or the browser's refusal as a string.
PROBE = """async ([server, policy]) => {
  const out = {};
  try {
    const r = await fetch(server + "/api/policies", {
      method: "PUT", headers: {"Content-Type": "application/json"},
      body: JSON.stringify(policy)});
    out.json_put = "answered " + r.status;
  } catch (e) { out.json_put = "refused"; }
  try {
    const r = await fetch(server + "/api/trigger-check", {method: "POST"});
    out.bodyless_post = "read " + r.status;
  } catch (e) { out.bodyless_post = "unreadable"; }
  try {
    const r = await fetch(server + "/api/health");
    out.get = "read " + r.status;
  } catch (e) { out.get = "unreadable"; }
  out.websocket = await new Promise((resolve) => {
    const ws = new WebSocket(
      server.replace("http", "ws") + "/graphql", "graphql-transport-ws");
    ws.onopen = () => ws.send(JSON.stringify({type: "connection_init"}));
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "connection_ack") {
        ws.send(JSON.stringify({id: "1", type: "subscribe",
          payload: {query: "mutation { triggerCheck { message } }"}}));
      } else if (message.type === "next") {
        const data = message.payload.data;
        resolve(data && data.triggerCheck.message ? "acted and read" : "failed");
        ws.close();
      }
    };
    ws.onerror = () => resolve("refused");
    ws.onclose = () => resolve("closed");
  });
  return out;
}"""


class Recorder:
    """The server's app, noting the method, path and status of each answer:
    Playwright reports none the page may not read."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: list[tuple[str, str, int]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def noting(message: Any) -> None:
            if message["type"] == "http.response.start":
                self.seen.append((scope["method"], scope["path"], message["status"]))
            await send(message)

        await self.app(scope, receive, noting)


class _Blank(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!doctype html><title>dashboard</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def dashboards() -> Iterator[tuple[str, str]]:
    """Two blank pages on loopback ports of their own: another origin than
    the server's, in the same (loopback) address space, which Chromium's
    local network access checks require of a page calling 127.0.0.1."""
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), _Blank) for _ in range(2)]
    for httpd in servers:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
    listed, unlisted = (f"http://127.0.0.1:{h.server_address[1]}" for h in servers)
    yield listed, unlisted
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
async def server(settings_factory, dashboards) -> AsyncIterator[LiveServer]:
    settings = settings_factory(allowed_origins=dashboards[0])
    async with live_server(settings) as live:
        yield live


@pytest.fixture
def recorder(server: LiveServer) -> Recorder:
    # uvicorn hands each new connection config.loaded_app.
    config = server.server.config
    recorder = Recorder(config.loaded_app)
    config.loaded_app = recorder
    return recorder


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        unavailable(f"no Chromium at {CHROMIUM} (the lab installs Debian's chromium)")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        await chromium.close()


async def _probe(browser: Browser, server: LiveServer, origin: str) -> dict[str, Any]:
    """Open a blank page on `origin` and run PROBE in it."""
    context = await browser.new_context()
    elsewhere: list[str] = []

    # Not routed (context.route): with routing on, Playwright answers CORS
    # preflights itself and the JSON PUT goes through. The page is ours and
    # asks only loopback; any other request fails the test.
    context.on(
        "request",
        lambda r: (
            None if urlsplit(r.url).hostname in LOOPBACK else elsewhere.append(r.url)
        ),
    )
    page: Page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    await page.goto(origin + "/")
    out: dict[str, Any] = await page.evaluate(PROBE, [server.url, POLICY])
    await context.close()
    assert not elsewhere, elsewhere
    return out


async def _policies(server: LiveServer) -> Any:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as api:
        response = await api.get("/api/policies")
        assert response.status_code == 200, response.text
        return response.json()["data"]


async def test_a_listed_origin_passes_the_guard_but_reads_only_the_websocket(
    browser, server, recorder, dashboards
):
    before = await _policies(server)
    out = await _probe(browser, server, dashboards[0])
    assert out == {
        "json_put": "refused",
        "bodyless_post": "unreadable",
        "get": "unreadable",
        "websocket": "acted and read",
    }
    assert recorder.seen == [
        ("GET", "/api/policies", 200),  # _policies
        # The JSON body's preflight finds no CORS answer: the PUT is not sent.
        ("OPTIONS", "/api/policies", 405),
        # A body-less POST needs no preflight: it acts, unread by the page.
        ("POST", "/api/trigger-check", 200),
        ("GET", "/api/health", 200),
    ]
    assert await _policies(server) == before


async def test_an_unlisted_origin_is_refused_at_the_guard(
    browser, server, recorder, dashboards
):
    out = await _probe(browser, server, dashboards[1])
    assert out == {
        "json_put": "refused",
        "bodyless_post": "unreadable",
        "get": "unreadable",
        "websocket": "refused",
    }
    assert ("POST", "/api/trigger-check", 403) in recorder.seen


async def test_a_preflight_is_answered_without_cors(server, dashboards):
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as api:
        response = await api.options(
            "/api/policies",
            headers={
                "Origin": dashboards[0],
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "content-type",
            },
        )
    assert response.status_code == 405
    assert not any(h.startswith("access-control-") for h in response.headers)
