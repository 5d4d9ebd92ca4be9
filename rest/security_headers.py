"""Headers every HTTP answer carries so a browser cannot be turned against it.

- No framing (`X-Frame-Options: DENY`, CSP `frame-ancestors 'none'`): a page
  on another site could otherwise show the web UI in an invisible frame and
  steer the visitor's clicks onto Update, Roll back or Remove (clickjacking).
  The Origin check (rest/guard.py) cannot tell: the clicks come from the UI's
  own origin. Without authentication (the loopback default) nothing else
  stands in the way.
- `X-Content-Type-Options: nosniff`: an answer is read as the type it says
  (JSON, a log as text), never guessed into HTML or a script.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)
