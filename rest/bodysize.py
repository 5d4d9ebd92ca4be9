"""A cap on request bodies: 1 MiB, as for a WebSocket message (rest/server.py).

Starlette reads a body whole into memory and uvicorn sets no limit, so one
request could hold gigabytes on a server that peaks under 80 MB. No body the
API takes comes near the cap (a batch update of 2,000 containers is ~100 KB;
GraphQL documents stop at 64 K characters, schema/limits.py). A declared
`Content-Length` over it is answered 413 before any of the body is read; a
chunked body is counted as it is read, and refused when it crosses the cap,
from inside the route, in the same error envelope.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rest.envelope import error_response
from services.errors import InvalidInputError

MAX_BODY_BYTES = 1024 * 1024


class BodyTooLargeError(InvalidInputError):
    status = 413


def _too_large(limit: int, size: int | None) -> str:
    if size is None:  # chunked: the total is not known
        return f"request body too large: more than the limit of {limit:,} bytes"
    return f"request body too large: {size:,} bytes, the limit is {limit:,}"


def _declared_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    if value is None or not value.strip().isdigit():
        return None  # uvicorn refuses a malformed one before we are asked
    return int(value)


class BodySizeLimit:
    def __init__(self, app: ASGIApp, *, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.limit:
            # The client may still be sending: closing is the only way its
            # next request on this connection cannot be misread.
            response = error_response(
                413,
                BodyTooLargeError.code,
                _too_large(self.limit, declared),
                headers={"Connection": "close"},
            )
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLargeError(_too_large(self.limit, None))
            return message

        await self.app(scope, counted, send)
