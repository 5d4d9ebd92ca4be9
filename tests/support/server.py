"""A real uvicorn server on a free loopback port, serving `create_app()`.

Tests talk to it over real HTTP, SSE and WebSockets, and reach its
AppContext (to publish events, say) through `LiveServer.ctx`.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from resolvers.context import AppContext, open_app_context
from rest.app import create_app
from rest.server import server_config
from services.config import Settings
from tests.support.db import seed_for


def no_engine_settings(root: Path, **overrides: Any) -> Settings:
    """Settings with their state under `root` and a Docker socket that does
    not exist: for servers whose tests need no engine (sign-in, tokens,
    refusals, streams). `overrides` add or replace settings."""
    return Settings(
        _env_file=None,
        db_path=root / "docksmith.db",
        docker_host=f"unix://{root}/no-docker.sock",
        scripts_dir=root / "scripts",
        **overrides,
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    ws_url: str
    ctx: AppContext
    server: uvicorn.Server


@asynccontextmanager
async def live_server(
    settings: Settings,
    *,
    background_checks: bool = False,
    port: int | None = None,
    **context_options: Any,
) -> AsyncIterator[LiveServer]:
    """`background_checks` is off by default so tests decide when checks run;
    `port` (a free one by default) lets a test restart a server where its
    clients reconnect; `context_options` go to `open_app_context` (an
    auto-update clock...)."""
    contexts: list[AppContext] = []
    seed_for(settings)

    @asynccontextmanager
    async def capturing(s: Settings) -> AsyncIterator[AppContext]:
        async with open_app_context(
            s, background_checks=background_checks, **context_options
        ) as ctx:
            contexts.append(ctx)
            yield ctx

    port = port or free_port()
    config = server_config(
        create_app(settings, context_factory=capturing),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(600):  # 30 s: start-up reconciles and loads state
        if server.started or task.done():
            break
        await asyncio.sleep(0.05)
    if not server.started:
        if task.done():
            task.result()
        raise RuntimeError("uvicorn did not start")
    try:
        yield LiveServer(
            url=f"http://127.0.0.1:{port}",
            ws_url=f"ws://127.0.0.1:{port}",
            ctx=contexts[0],
            server=server,
        )
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=15)
