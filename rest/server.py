"""The uvicorn settings Docksmith is served with (`docksmith serve` and the
test suite's live server share them, so tests exercise the real limits)."""

from __future__ import annotations

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
    }
    options.update(overrides)
    return uvicorn.Config(app, **options)
