"""The OpenAPI document: the error envelope declared per route, no phantom 422.

FastAPI advertises a 422 `HTTPValidationError` on every route with inputs,
but `rest/errors.py` turns validation failures into 400 with the error
envelope, so the generated document is corrected here: 422 goes, 400 is
declared wherever a route takes input, 403 (the Origin/Host guard in front
of every route) and 500 everywhere, and each route
declares the other statuses its resolvers can raise (`errors(...)`).

The document is committed as `rest/openapi.json` (`make openapi`); a test
compares it with the code, as `schema/schema.graphql` is for GraphQL. A
server run without docstrings (`python -OO`, as the image runs it) serves
that committed file: pydantic takes an enum's description from its
docstring, so the document generated there would lose them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from rest.auth import PUBLIC_API_PATHS
from rest.envelope import ErrorEnvelope

_DESCRIPTIONS = {
    400: "Bad input (malformed JSON, a missing or invalid field or parameter)",
    401: "Authentication is on and the request has no valid credentials",
    403: "Refused: the credentials' scope is too low, or a foreign Origin (ALLOWED_ORIGINS) or Host (ALLOWED_HOSTS)",
    404: "No such container, operation, stack, image, network or volume",
    409: "Conflicts with the current state or an operation in flight",
    429: "Rate-limited (a registry, or too many failed sign-ins); see Retry-After",
    500: "Unexpected error; the message carries a correlation id for the log",
    502: "The Docker engine or a registry answered with an error",
    503: "The Docker engine or the database is unreachable",
}

# Statuses that go together, so routers read as what they touch.
LOOKUP = (404,)
CHANGES = (409,)
DOCKER = (502, 503)
REGISTRY = (429, 502)
UPSTREAM = (502,)
STORAGE = (503,)


def errors(*statuses: int | tuple[int, ...]) -> dict[int | str, dict[str, Any]]:
    """`responses=` declaring the error envelope for these statuses."""
    flat: set[int] = set()
    for status in statuses:
        flat.update(status if isinstance(status, tuple) else (status,))
    return {
        status: {"model": ErrorEnvelope, "description": _DESCRIPTIONS[status]}
        for status in sorted(flat)
    }


# One Server-Sent Event (keep-alive comments are not events).
_SSE_EVENT = {
    "type": "object",
    "properties": {
        "event": {"type": "string", "description": "The event type"},
        "data": {
            "type": "string",
            "description": 'JSON: `{"type": ..., "payload": {...}}`',
            "contentMediaType": "application/json",
        },
        "id": {"type": "string"},
        "retry": {"type": "integer"},
    },
    "required": ["data"],
}
SSE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": 'Server-Sent Events: `data: {"type": ..., "payload": {...}}`',
        "content": {"text/event-stream": {"schema": _SSE_EVENT}},
    }
}

# docs/security.md: an API token, or a browser session (with X-CSRF-Token
# on every change).
SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer"},
    "session": {"type": "apiKey", "in": "cookie", "name": "docksmith_session"},
}

_ENVELOPE_REF = {"$ref": "#/components/schemas/ErrorEnvelope"}


def _declared(status: int) -> dict[str, Any]:
    return {
        "description": _DESCRIPTIONS[status],
        "content": {"application/json": {"schema": _ENVELOPE_REF}},
    }


class DocksmithApp(FastAPI):
    """FastAPI with the corrected OpenAPI document (FastAPI's documented way
    to change it is to override `openapi`)."""

    def openapi(self) -> dict[str, Any]:
        if not self.openapi_schema and sys.flags.optimize >= 2:
            self.openapi_schema = committed_document()
        if not self.openapi_schema:
            self.openapi_schema = _corrected(
                get_openapi(
                    title=self.title,
                    version=self.version,
                    description=self.description,
                    routes=self.routes,
                )
            )
        return self.openapi_schema


def committed_document() -> dict[str, Any]:
    """`rest/openapi.json`, shipped beside this module (package data)."""
    text = Path(__file__).with_name("openapi.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def _corrected(document: dict[str, Any]) -> dict[str, Any]:
    for route, path in document["paths"].items():
        for operation in path.values():
            responses: dict[str, Any] = operation["responses"]
            responses.pop("422", None)
            if route in PUBLIC_API_PATHS:
                operation["security"] = []
            else:
                responses.setdefault("401", _declared(401))
            if operation.get("parameters") or operation.get("requestBody"):
                responses.setdefault("400", _declared(400))
            responses.setdefault("403", _declared(403))
            responses.setdefault("500", _declared(500))
            operation["responses"] = dict(sorted(responses.items()))
    document["components"]["securitySchemes"] = SECURITY_SCHEMES
    document["security"] = [{"bearer": []}, {"session": []}]
    schemas: dict[str, Any] = document["components"]["schemas"]
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    if "ErrorEnvelope" not in schemas:  # pragma: no cover - routers declare it
        raise RuntimeError("no route declares the error envelope")
    return document


def openapi_json(app: FastAPI) -> str:
    """The committed form: stable key order, one trailing newline."""
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False) + "\n"
