"""The REST wire envelope, defined here and nowhere else.

Success: `{"success": true, "data": ...}`.
Error:   `{"success": false, "error": {"message": "...", "code": "NOT_FOUND"}}`.
A contract test (tests/rest/test_envelope.py) pins both shapes; the OpenAPI
document declares `success` as the constant each carries (rest/openapi.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import msgspec
from starlette.responses import Response

from services.errors import ErrorCode

T = TypeVar("T")


class Envelope(msgspec.Struct, Generic[T], kw_only=True):
    success: bool = True
    data: T


class ErrorBody(msgspec.Struct, kw_only=True):
    message: str
    code: ErrorCode


class ErrorEnvelope(msgspec.Struct, kw_only=True):
    success: bool = False
    error: ErrorBody


class JSONResponse(Response):
    """JSON written by msgspec: compact, UTF-8, as the wire models declare."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return msgspec.json.encode(content)


def error_response(
    status: int, code: ErrorCode, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = ErrorEnvelope(error=ErrorBody(message=message, code=code))
    return JSONResponse(body, status_code=status, headers=headers)


def ok(data: Any) -> Envelope[Any]:
    return Envelope(data=data)
