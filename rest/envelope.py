"""The REST wire envelope, defined here and nowhere else.

Success: `{"success": true, "data": ...}`.
Error:   `{"success": false, "error": {"message": "...", "code": "NOT_FOUND"}}`.
A contract test (tests/rest/test_envelope.py) pins both shapes.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from fastapi.responses import JSONResponse
from pydantic import BaseModel

T = TypeVar("T")


class Envelope(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: T


class ErrorBody(BaseModel):
    message: str
    code: str


class ErrorEnvelope(BaseModel):
    success: Literal[False] = False
    error: ErrorBody


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorEnvelope(error=ErrorBody(message=message, code=code))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def ok(data: Any) -> Envelope[Any]:
    return Envelope(data=data)
