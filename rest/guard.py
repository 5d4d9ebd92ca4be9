"""ASGI middleware that applies the Origin and Host rules (services/httpguard.py)
to every HTTP request and WebSocket handshake before any route runs."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from rest.envelope import error_response
from services.errors import ForbiddenError
from services.httpguard import RequestGuard

# RFC 6455 "policy violation"; before the handshake is accepted the server
# answers the upgrade with HTTP 403 instead.
_WS_POLICY_VIOLATION = 1008


class RequestGuardMiddleware:
    def __init__(self, app: ASGIApp, guard: RequestGuard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        try:
            self.guard.check(
                method=scope.get("method", "GET"),
                host=headers.get("host"),
                origin=headers.get("origin"),
                referer=headers.get("referer"),
                websocket=kind == "websocket",
            )
        except ForbiddenError as exc:
            if kind == "http":
                response = error_response(exc.status, exc.code, exc.message)
                await response(scope, receive, send)
            else:
                await send({"type": "websocket.close", "code": _WS_POLICY_VIOLATION})
            return
        await self.app(scope, receive, send)
