"""One event, published once, arrives over SSE and over GraphQL WebSockets."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys

import httpx
import pytest
import websockets

from services.events import EventKind
from tests.support.server import free_port, live_server


@pytest.fixture
async def server(settings_factory):
    async with live_server(settings_factory(sse_keepalive="1s")) as live:
        yield live


async def _sse_events(lines, want: int) -> list[tuple[str, str]]:
    """Read up to `want` SSE blocks (event name or ':' comment, data) from lines."""
    found: list[tuple[str, str]] = []
    event, data = "", ""
    async for line in lines:
        if line.startswith(":"):
            found.append((":", line[1:].strip()))
        elif line.startswith("event:"):
            event = line.removeprefix("event:").strip()
        elif line.startswith("data:"):
            data = line.removeprefix("data:").strip()
        elif line == "" and (event or data):
            found.append((event, data))
            event, data = "", ""
        if len(found) >= want:
            break
    return found


async def _graphql_ws_subscribe(url: str, query: str, ready: asyncio.Event) -> dict:
    async with websockets.connect(
        f"{url}/graphql", subprotocols=["graphql-transport-ws"]
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}})
        )
        ready.set()
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
            if message["type"] == "next":
                await ws.send(json.dumps({"id": "1", "type": "complete"}))
                return message["payload"]
            assert message["type"] != "error", message


async def _wait_for_subscribers(server, count: int) -> None:
    for _ in range(500):
        if server.ctx.events.subscriber_count >= count:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(
        f"expected {count} subscribers, have {server.ctx.events.subscriber_count}"
    )


async def test_one_event_reaches_sse_and_graphql_subscription(server):
    # given an SSE client and a graphql-transport-ws subscriber
    ws_ready = asyncio.Event()
    query = """subscription { events(types: [UPDATE_PROGRESS]) {
        type sequence
        payload { __typename ... on OperationProgress {
            operationId operationType containerName stage progress message } }
    } }"""
    ws_task = asyncio.create_task(_graphql_ws_subscribe(server.ws_url, query, ws_ready))
    async with (
        httpx.AsyncClient(base_url=server.url, timeout=10) as client,
        client.stream("GET", "/api/events") as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        await ws_ready.wait()
        await _wait_for_subscribers(server, 2)

        # when one event is published
        payload = {
            "operation_id": "op_1",
            "operation_type": "update",
            "container_name": "nginx",
            "stage": "pulling_image",
            "progress": 50,
            "message": "Pulling nginx:1.25.3",
        }
        server.ctx.events.publish(EventKind.UPDATE_PROGRESS, payload)

        # then SSE sees "connected" first, then the event in the seed's format
        blocks = await asyncio.wait_for(
            _sse_events(response.aiter_lines(), 2), timeout=10
        )
    assert blocks[0] == ("connected", json.dumps({"status": "connected"}))
    assert blocks[1][0] == "update.progress"
    assert json.loads(blocks[1][1]) == {"type": "update.progress", "payload": payload}

    # and the GraphQL subscriber got the same event
    result = await asyncio.wait_for(ws_task, timeout=10)
    assert result["data"]["events"]["type"] == "UPDATE_PROGRESS"
    assert result["data"]["events"]["payload"] == {
        "__typename": "OperationProgress",
        "operationId": "op_1",
        "operationType": "UPDATE",
        "containerName": "nginx",
        "stage": "PULLING_IMAGE",
        "progress": 50,
        "message": "Pulling nginx:1.25.3",
    }


async def test_sse_sends_keepalive_comments_when_idle(server):
    async with (
        httpx.AsyncClient(base_url=server.url, timeout=10) as client,
        client.stream("GET", "/api/events") as response,
    ):
        blocks = await asyncio.wait_for(
            _sse_events(response.aiter_lines(), 2), timeout=5
        )
    assert blocks[0][0] == "connected"
    assert blocks[1] == (":", "keepalive")


async def test_subscription_filters_by_type(server):
    ws_ready = asyncio.Event()
    query = """subscription { events(types: [CHECK_PROGRESS]) {
        type payload { ... on CheckProgress { phase percent } } } }"""
    task = asyncio.create_task(_graphql_ws_subscribe(server.ws_url, query, ws_ready))
    await ws_ready.wait()
    await _wait_for_subscribers(server, 1)
    server.ctx.events.publish(
        EventKind.UPDATE_PROGRESS,
        {"operation_id": "op_1", "container_name": "a", "stage": "stopping"},
    )
    server.ctx.events.publish(
        EventKind.CHECK_PROGRESS, {"stage": "checking", "percent": 10}
    )
    result = await asyncio.wait_for(task, timeout=10)
    assert result["data"]["events"] == {
        "type": "CHECK_PROGRESS",
        "payload": {"phase": "CHECKING", "percent": 10},
    }


async def test_sigterm_ends_open_sse_streams_cleanly(tmp_path):
    # given a real `docksmith serve` process with a client on /api/events
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "DB_PATH": str(tmp_path / "d.db"),
        "DOCKER_HOST": f"unix://{tmp_path}/none.sock",
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "rest.cli", "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", timeout=10
        ) as client:
            for _ in range(300):
                try:
                    await client.get("/api/health")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            async with client.stream("GET", "/api/events") as response:
                lines = response.aiter_lines()
                first = await asyncio.wait_for(_sse_events(lines, 1), timeout=5)
                assert first[0][0] == "connected"
                # when the server is asked to stop
                proc.send_signal(signal.SIGTERM)
                # then the stream ends as a complete response, not a cut one
                rest = await asyncio.wait_for(_sse_events(lines, 10), timeout=8)
        assert all(kind == ":" for kind, _ in rest)
        # uvicorn re-raises the signal after its graceful shutdown
        assert proc.wait(timeout=10) in (0, -signal.SIGTERM)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


async def test_legacy_graphql_ws_protocol_is_served(server):
    async with websockets.connect(
        f"{server.ws_url}/graphql", subprotocols=["graphql-ws"]
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "start",
                    "payload": {
                        "query": "subscription { events(types: [RESTART_PROGRESS]) "
                        "{ type payload { ... on OperationProgress "
                        "{ containerName stage } } } }"
                    },
                }
            )
        )
        await _wait_for_subscribers(server, 1)
        server.ctx.events.publish(
            EventKind.RESTART_PROGRESS,
            {"operation_id": "op_1", "container_name": "vpn", "stage": "restarting"},
        )
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
            if message["type"] == "data":
                break
        assert message["payload"]["data"]["events"] == {
            "type": "RESTART_PROGRESS",
            "payload": {"containerName": "vpn", "stage": "RESTARTING"},
        }
        await ws.send(json.dumps({"id": "1", "type": "stop"}))
