"""An unexpected error is cheap: logged once, bounded, and the connection
closes cleanly (issue 12, item 2)."""

from __future__ import annotations

import asyncio
import logging

import httpx
import uvicorn
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rest.app import create_app
from tests.support.server import free_port

HUGE = "z" * 1_000_000


async def test_a_500_is_logged_once_and_closes_the_connection(settings_factory, caplog):
    # given an app with a route that fails unexpectedly, echoing its input
    app = create_app(settings_factory())

    async def boom(request: Request) -> Response:
        raise RuntimeError((await request.json())["value"])

    app.router.routes.insert(0, Route("/api/test-boom", boom, methods=["POST"]))

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(30):
        while not server.started:
            await asyncio.sleep(0.05)
    try:
        caplog.set_level(logging.ERROR)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            # when
            response = await client.post("/api/test-boom", json={"value": HUGE})
            # then the client is told the connection ends, and can carry on
            after = await client.get("/api/health")
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=15)
    assert response.status_code == 500
    assert response.headers["connection"] == "close"
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "INTERNAL"
    assert "correlation id" in body["error"]["message"]
    assert after.status_code == 200
    with_traceback = [r for r in caplog.records if r.exc_info]
    assert len(with_traceback) == 1, [r.getMessage()[:100] for r in caplog.records]
