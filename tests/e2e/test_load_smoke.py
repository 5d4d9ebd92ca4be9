"""A bounded load smoke test: many requests and many subscribers at once, no
errors. Speed is measured in bench/; the limits here are generous."""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import httpx
import pytest
import websockets

from services.events import EventKind
from tests.support.server import live_server

ROUTES = ("/api/status", "/api/operations", "/api/operations?limit=5", "/api/health")


@pytest.fixture
async def server(settings_factory):
    async with live_server(settings_factory()) as live:
        yield live


async def test_two_thousand_requests_at_concurrency_fifty(server):
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=50)
    gate = asyncio.Semaphore(50)
    outcomes: Counter[str] = Counter()

    async with httpx.AsyncClient(
        base_url=server.url, timeout=60, limits=limits
    ) as client:

        async def one(n: int) -> None:
            async with gate:
                try:
                    response = await client.get(ROUTES[n % len(ROUTES)])
                except httpx.HTTPError as exc:
                    outcomes[type(exc).__name__] += 1
                    return
            ok = response.status_code == 200 and response.json()["success"] is True
            # /api/health answers 503 without Docker, still in the envelope
            if response.url.path == "/api/health":
                ok = response.status_code in (200, 503) and "success" in response.json()
            outcomes["ok" if ok else f"HTTP {response.status_code}"] += 1

        async with asyncio.timeout(240):
            await asyncio.gather(*(one(n) for n in range(2000)))

    assert outcomes == Counter({"ok": 2000})


async def _subscriber(url: str, ready: asyncio.Event, count: list[int]) -> dict:
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": "subscription { events { type sequence } }"},
                }
            )
        )
        count[0] += 1
        if count[0] == 200:
            ready.set()
        while True:
            message = json.loads(await ws.recv())
            assert message["type"] == "next", message
            return message["payload"]["data"]["events"]


async def test_two_hundred_subscribers_are_all_served(server):
    ready = asyncio.Event()
    sent = [0]
    url = f"{server.ws_url}/graphql"
    async with asyncio.timeout(240):
        tasks = [asyncio.create_task(_subscriber(url, ready, sent)) for _ in range(200)]
        await ready.wait()
        while server.ctx.events.subscriber_count < 200:
            await asyncio.sleep(0.05)
        payload = {"container": "load", "stage": "complete", "progress": 100}
        server.ctx.events.publish(EventKind.UPDATE_PROGRESS, payload)
        received = await asyncio.gather(*tasks)
    assert len(received) == 200
    assert all(r["type"] == "UPDATE_PROGRESS" for r in received)
    assert len({r["sequence"] for r in received}) == 1
