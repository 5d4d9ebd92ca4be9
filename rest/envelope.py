"""The REST wire envelope, defined here and nowhere else.

Success: `{"success": true, "data": ...}`.
Error:   `{"success": false, "error": {"message": "...", "code": "NOT_FOUND"}}`.
A contract test (tests/rest/test_envelope.py) pins both shapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, Literal, TypeVar

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from services.errors import ErrorCode

T = TypeVar("T")


# `success` always goes out, so the document marks it required in responses.
_ALWAYS_SENT = ConfigDict(json_schema_serialization_defaults_required=True)


class Envelope(BaseModel, Generic[T]):
    model_config = _ALWAYS_SENT
    success: Literal[True] = True
    data: T


class ErrorBody(BaseModel):
    message: str
    code: ErrorCode


class ErrorEnvelope(BaseModel):
    model_config = _ALWAYS_SENT
    success: Literal[False] = False
    error: ErrorBody


def error_response(
    status: int, code: ErrorCode, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = ErrorEnvelope(error=ErrorBody(message=message, code=code))
    return JSONResponse(
        body.model_dump(mode="json"), status_code=status, headers=headers
    )


def ok(data: Any) -> Envelope[Any]:
    return Envelope(data=data)
