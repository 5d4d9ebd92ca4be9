"""Translate every failure at the REST edge into the error envelope.

The seed documents 400 for any bad input (malformed JSON included), named
by the field it is about (rest/api.py raises it). Unexpected exceptions are logged
once, bounded, with a correlation id; the client sees the id, not the
exception, and the connection closes cleanly after the 500.
"""

from __future__ import annotations

import logging
import re
import secrets

from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rest.api import RequestValidationError, is_json
from rest.envelope import JSONResponse, error_response
from services.errors import DocksmithError, ErrorCode, RateLimitedError

log = logging.getLogger("docksmith.rest")

_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")

_STATUS_CODES = {
    400: ErrorCode.BAD_REQUEST,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.BAD_REQUEST,
    409: ErrorCode.CONFLICT,
    429: ErrorCode.RATE_LIMITED,
}


# The body as a whole is not a JSON object: a curl -d without a JSON
# Content-Type is the common case, and the message says what to change.
_NOT_AN_OBJECT = frozenset({"model_type"})
_SEND_JSON = "send a JSON object with Content-Type: application/json"


def _describe_body(error_type: object, content_type: str) -> str | None:
    """The message for a body that is missing or not an object, else None."""
    media = content_type.split(";", 1)[0].strip().lower()
    if error_type == "missing":
        return f"invalid request body: missing; {_SEND_JSON}"
    if error_type not in _NOT_AN_OBJECT:
        return None
    if media and not is_json(media):
        return f"invalid request body: {_SEND_JSON} (this one was {media})"
    return "invalid request body: expected a JSON object"


def _describe_validation(exc: RequestValidationError, content_type: str = "") -> str:
    parts = []
    for error in exc.errors():
        if error.get("type") == "json_invalid":
            return "invalid request body: malformed JSON"
        if error.get("type") == "json_too_deep":
            return "invalid request body: JSON nested too deeply"
        if tuple(error.get("loc", ())) == ("body",) and (
            whole := _describe_body(error.get("type"), content_type)
        ):
            return whole
        location = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        message = str(error.get("msg", "invalid value"))
        parts.append(f"{location}: {message}" if location else message)
    return "invalid request: " + "; ".join(parts) if parts else "invalid request"


def _unexpected_response(exc: BaseException) -> JSONResponse:
    correlation_id = secrets.token_hex(8)
    log.error("unexpected error (correlation id %s)", correlation_id, exc_info=exc)
    # The request may have been read only in part: closing is the only way
    # the client's next request on this connection cannot be misread.
    return error_response(
        500,
        ErrorCode.INTERNAL,
        f"internal error (correlation id {correlation_id}); see the server log",
        headers={"Connection": "close"},
    )


async def _unexpected_error(_: Request, exc: Exception) -> JSONResponse:
    return _unexpected_response(exc)


class UnexpectedErrors:
    """Answers an unexpected exception with the 500 envelope itself.

    Starlette's own catch-all re-raises after answering, so the server logs
    the exception a second time (rendering it again) and drops the
    keep-alive connection without saying so; this middleware sits inside it
    and ends the exception here.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if started:  # too late for a 500: the server ends the response
                raise
            await _unexpected_response(exc)(scope, receive, send)


async def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    if not isinstance(
        exc, DocksmithError
    ):  # pragma: no cover - registration guarantees it
        return await _unexpected_error(_, exc)
    headers = None
    if isinstance(exc, RateLimitedError) and exc.retry_after is not None:
        headers = {"Retry-After": str(exc.retry_after)}
    return error_response(exc.status, exc.code, exc.message, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, RequestValidationError):  # pragma: no cover
        return await _unexpected_error(request, exc)
    message = _describe_validation(exc, request.headers.get("content-type", ""))
    return error_response(400, ErrorCode.BAD_REQUEST, message)


async def _http_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, StarletteHTTPException):  # pragma: no cover
        return await _unexpected_error(request, exc)
    code = _STATUS_CODES.get(exc.status_code, ErrorCode.INTERNAL)
    message = str(exc.detail)
    headers = exc.headers
    if exc.status_code == 404:
        message = f"no such API route: {request.method} {request.url.path}"
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    return error_response(exc.status_code, code, message, headers=headers)


def _allowed_methods(request: Request) -> str:
    """The methods of the path as the OpenAPI document defines it.

    Starlette names only the first route that matched the path. OpenAPI
    resolves a concrete path before a template (`/api/labels/set` is POST
    only, though `/api/labels/{container}` (GET) matches it too), so the
    most concrete documented path wins; a path no template can match
    (an image name with slashes) asks every route instead.
    """
    path = request.url.path
    items = [
        (template.count("{"), methods)
        for template, methods in request.app.path_methods().items()
        if re.fullmatch(re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)), path)
    ]
    if items:
        return ", ".join(min(items, key=lambda i: i[0])[1])
    allowed = []
    for method in _METHODS:
        probe = {**request.scope, "method": method}
        if any(r.matches(probe)[0] is Match.FULL for r in request.app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


def install_error_handlers(app: Starlette) -> None:
    app.add_exception_handler(DocksmithError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(UnexpectedErrors)
