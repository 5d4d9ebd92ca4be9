"""The uvicorn settings Docksmith is served with (`docksmith serve` and the
test suite's live server share them, so tests exercise the real limits)."""

from __future__ import annotations

import errno
import socket
from typing import Any

import uvicorn
from starlette.types import ASGIApp

# Largest WebSocket message accepted; a bigger one closes the socket with
# 1009 before it is buffered. GraphQL documents are capped far below this
# (schema/limits.py); uvicorn's default would buffer 16 MiB per frame.
WS_MAX_SIZE = 1024 * 1024


def server_config(
    app: ASGIApp, *, host: str, port: int, **overrides: Any
) -> uvicorn.Config:
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "ws_max_size": WS_MAX_SIZE,
        "timeout_graceful_shutdown": 10,
        # uvicorn would believe X-Forwarded-For/-Proto from 127.0.0.1 (or
        # FORWARDED_ALLOW_IPS) and rewrite the peer address before Docksmith
        # sees it, so a local client could pose as a trusted proxy. Forwarded
        # headers count only from TRUSTED_PROXIES, in rest/auth.py.
        "proxy_headers": False,
        # asyncio's own loop, not uvloop (uvicorn's "auto" picks it when it
        # is installed): without uvloop's library and buffers the server
        # peaks ~3 MB lower (over a cold check of 2,000 containers: 78.3 vs
        # 81.4 MB), which the 80 MB goal needs. The price, if any, is CPU
        # where the loop turns most: that check's 500 tag lists took up to
        # ~30 ms more (median 729 vs 703 ms in one alternated run; no
        # difference, or less, in two others); answers and checks of 200
        # take the same (bench_graphql 2,000, bench_checks 200/50).
        "loop": "asyncio",
    }
    options.update(overrides)
    return uvicorn.Config(app, **options)


def address_taken(host: str, port: int) -> str | None:
    """Why `host:port` cannot be listened on, or None if it can.

    Asked before start-up: uvicorn only binds once the app has started, so a
    taken port showed "Docksmith on http://..." and the whole start-up first,
    then died with uvicorn's bare errno line.
    """
    try:
        infos = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as exc:
        return f"HOST={host!r} is not an address this machine has ({exc.strerror})"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by the last run is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"port {port} on {host} is already in use: stop what "
                    "listens there or choose another with PORT (or --port)"
                )
            return f"cannot listen on {host}:{port}: {exc.strerror}"
    return None
