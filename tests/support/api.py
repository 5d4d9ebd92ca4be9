"""Helpers the edge tests share: a lab-backed server with fast health gates,
GraphQL calls, waiting for operations, and reading a subscription."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import websockets

from services.config import Settings
from tests.support.server import live_server

# Short health gates keep lab suites fast; policies are tested on their own.
FAST_HEALTH = {
    "entity_type": "global",
    "health_timeout_seconds": 20,
    "stability_window_seconds": 1,
}


@asynccontextmanager
async def lab_api(
    root: Path,
    docker_host: str,
    *,
    context: dict[str, Any] | None = None,
    **overrides: Any,
) -> AsyncIterator[httpx.AsyncClient]:
    """A live server on the lab engine (state under `root`) and a client for
    it; `context` goes to `open_app_context` (an auto-update clock...)."""
    values: dict[str, Any] = {
        "db_path": root / "d.db",
        "docker_host": docker_host,
        "scripts_dir": root / "scripts",
    }
    values.update(overrides)
    settings = Settings(_env_file=None, **values)
    async with (
        live_server(settings, **(context or {})) as live,
        httpx.AsyncClient(base_url=live.url, timeout=120) as client,
    ):
        response = await client.put("/api/policies", json=FAST_HEALTH)
        assert response.status_code == 200, response.text
        yield client


async def gql(
    client: httpx.AsyncClient, query: str, **variables: Any
) -> dict[str, Any]:
    """`data` of a GraphQL call that must not error."""
    body = (
        await client.post("/graphql", json={"query": query, "variables": variables})
    ).json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def wait_done(
    client: httpx.AsyncClient, operation_id: str, timeout: float = 120
) -> dict[str, Any]:
    """Poll an operation until it is complete or failed."""
    async with asyncio.timeout(timeout):
        while True:
            op: dict[str, Any] = (
                await client.get(f"/api/operations/{operation_id}")
            ).json()["data"]
            if op["status"] in ("complete", "failed"):
                return op
            await asyncio.sleep(0.2)


def ws_url(client: httpx.AsyncClient) -> str:
    return str(client.base_url).replace("http://", "ws://").rstrip("/") + "/graphql"


async def subscription_events(
    url: str,
    query: str,
    field: str,
    *,
    variables: dict[str, Any] | None = None,
    timeout: float = 60,
) -> list[dict[str, Any]]:
    """Every `data[field]` a graphql-transport-ws subscription sends until the
    server completes it."""
    events: list[dict[str, Any]] = []
    async with websockets.connect(
        url, subprotocols=["graphql-transport-ws"], open_timeout=60
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": query, "variables": variables or {}},
                }
            )
        )
        async with asyncio.timeout(timeout):
            while True:
                message = json.loads(await ws.recv())
                if message["type"] == "complete":
                    return events
                assert message["type"] == "next", message
                events.append(message["payload"]["data"][field])
