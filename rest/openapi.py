"""The OpenAPI document: the error envelope declared per route, no phantom 422.

The document is written from the route table (rest/api.py) and the wire
models' msgspec schemas: 400 is declared wherever a route takes input, 413
wherever it takes a body, 403 (the Origin/Host guard in front
of every route) and 500 everywhere, and each route
declares the other statuses its resolvers can raise (`errors(...)`).

The document is committed as `rest/openapi.json` (`make openapi`); a test
compares it with the code, as `schema/schema.graphql` is for GraphQL. A
server run without docstrings (`python -OO`, as the image runs it) serves
that committed file: msgspec takes an enum's description from its
docstring, so the document generated there would lose them.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
import typing
from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

import msgspec
from starlette.applications import Starlette

from rest.api import Endpoint, QueryParam, strip_optional
from rest.auth import PUBLIC_API_PATHS
from rest.envelope import ErrorBody, ErrorEnvelope
from rest.wire import Out

_DESCRIPTIONS = {
    400: "Bad input (malformed JSON, a missing or invalid field or parameter)",
    401: "Authentication is on and the request has no valid credentials",
    403: "Refused: the credentials' scope is too low, or a foreign Origin (ALLOWED_ORIGINS) or Host (ALLOWED_HOSTS)",
    404: "No such container, operation, stack, image, network or volume",
    409: "Conflicts with the current state or an operation in flight",
    413: "The request body is over 1 MiB (rest/bodysize.py)",
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


class DocksmithApp(Starlette):
    """Starlette with the REST route table and the OpenAPI document made from it."""

    def __init__(
        self, *, title: str, version: str, endpoints: Sequence[Endpoint], **options: Any
    ) -> None:
        super().__init__(**options)
        self.title = title
        self.version = version
        self.endpoints = list(endpoints)
        self.openapi_schema: dict[str, Any] | None = None

    def path_methods(self) -> dict[str, list[str]]:
        """Each documented path template and its methods, in the document's
        order, without building the document (~1 MB kept once built: a HEAD
        probe's 405 would have built it for its Allow header)."""
        paths: dict[str, list[str]] = {}
        for endpoint in self.endpoints:
            if endpoint.include_in_schema:
                path = _PATH_TEMPLATE.sub(r"{\1}", endpoint.prefixed_path)
                paths.setdefault(path, []).append(endpoint.method)
        return paths

    def openapi(self) -> dict[str, Any]:
        if not self.openapi_schema and sys.flags.optimize >= 2:
            self.openapi_schema = committed_document()
        if not self.openapi_schema:
            self.openapi_schema = _corrected(
                build_document(self.endpoints, title=self.title, version=self.version)
            )
        return self.openapi_schema


_REF = "#/components/schemas/{name}"


def _title(name: str) -> str:
    return name.replace("_", " ").title()


def _titled(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A field's schema with the title the document has always given it: none
    on a named schema (a model or an enum, nullable or not)."""
    refs = [s for s in schema.get("anyOf", ()) if "$ref" in s]
    if "$ref" in schema or (refs and len(schema["anyOf"]) == 2):
        return schema
    return {**schema, "title": _title(name)}


def _field_schema(hint: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """A field's schema as the document states it: a time's format, no
    default where there is none to state, any JSON object said so."""
    schema = _open_objects(schema)
    if schema.get("default", 0) in (None, [], {}) or schema.get("readOnly"):
        schema = {k: v for k, v in schema.items() if k != "default"}
    if strip_optional(hint)[0] is datetime:
        if "anyOf" in schema:
            schema["anyOf"] = [
                {**s, "format": "date-time"} if s.get("type") == "string" else s
                for s in schema["anyOf"]
            ]
        else:
            schema = {**schema, "format": "date-time"}
    return schema


def _open_objects(schema: Any) -> Any:
    """`dict[str, Any]` is any JSON object (`additionalProperties: true`)."""
    if isinstance(schema, list):
        return [_open_objects(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    opened = {k: _open_objects(v) for k, v in schema.items()}
    if opened.get("type") == "object" and not (
        {"properties", "additionalProperties"} & set(opened)
    ):
        opened["additionalProperties"] = True
    return opened


def _envelope_name(data: Any) -> tuple[str, str]:
    """The component's name and title of `Envelope[data]`."""
    text = _type_text(data)
    return "Envelope_" + re.sub(r"[^\w]", "_", text) + "_", f"Envelope[{text}]"


def _type_text(kind: Any) -> str:
    args = typing.get_args(kind)
    if args:
        origin = typing.get_origin(kind)
        return f"{origin.__name__}[{', '.join(_type_text(a) for a in args)}]"
    return str(kind.__name__)


def _always_sent(kind: type) -> bool:
    return isinstance(kind, type) and issubclass(kind, (Out, ErrorBody, ErrorEnvelope))


def _components(
    kinds: list[Any],
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    schemas, components = msgspec.json.schema_components(kinds, ref_template=_REF)
    named = {getattr(k, "__name__", ""): k for k in _walk(kinds)}
    for name, component in components.items():
        kind = named.get(name)
        if "description" in component:  # a docstring, as written in the code
            component["description"] = inspect.cleandoc(component["description"])
        if isinstance(kind, type) and issubclass(kind, Enum):
            # In the order the code lists them (msgspec sorts them).
            component["enum"] = [member.value for member in kind]
            component["type"] = "string"
        properties = component.get("properties")
        if properties is None or kind is None:
            continue
        hints = typing.get_type_hints(kind)
        component["properties"] = {
            field: _titled(field, _field_schema(hints[field], schema))
            for field, schema in properties.items()
        }
        if _always_sent(kind):
            # Every field goes out, defaults included.
            component["required"] = list(properties)
        elif not component.get("required"):
            component.pop("required", None)
    success = components["ErrorEnvelope"]["properties"]["success"]
    success["const"] = False
    return list(schemas), components


def _walk(kinds: list[Any]) -> list[Any]:
    """Every struct and enum `kinds` reach, for their components' names."""
    seen: list[Any] = []
    todo = list(kinds)
    while todo:
        kind = todo.pop()
        if kind in seen:
            continue
        seen.append(kind)
        todo.extend(typing.get_args(kind))
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
            todo.extend(typing.get_type_hints(kind).values())
    return seen


def _parameter(where: str, param: QueryParam, schema: dict[str, Any]) -> dict[str, Any]:
    query = param.query
    if query.schema is not None:
        schema = {**query.schema}
    if query.max_length is not None:
        schema = _with_max_length(schema, query.max_length)
    if query.description:
        schema["description"] = query.description
    if param.default is not None:
        schema["default"] = param.default
    out: dict[str, Any] = {
        "name": param.key,
        "in": where,
        "required": param.required,
        # A query parameter always has its title, a path one's named schema none.
        "schema": schema
        if where == "path" and "$ref" in schema
        else {**schema, "title": _title(param.key)},
    }
    if query.description:
        out["description"] = query.description
    return out


def _with_max_length(schema: dict[str, Any], limit: int) -> dict[str, Any]:
    if schema.get("type") == "string":
        return {**schema, "maxLength": limit}
    if "anyOf" in schema:
        return {
            **schema,
            "anyOf": [_with_max_length(s, limit) for s in schema["anyOf"]],
        }
    return schema


def _operation_id(endpoint: Endpoint, path: str) -> str:
    return re.sub(r"\W", "_", endpoint.name + path) + "_" + endpoint.method.lower()


def build_document(
    endpoints: Sequence[Endpoint], *, title: str, version: str
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of `endpoints`, their models' schemas from msgspec."""
    documented = [e for e in endpoints if e.include_in_schema]
    # Every type the document shows, in one batch so each has one component.
    kinds: list[Any] = [ErrorEnvelope]
    wanted: list[tuple[Endpoint, str, Any]] = []
    for endpoint in documented:
        sig = endpoint.signature
        for param in (*sig.path, *sig.query):
            wanted.append((endpoint, "param", param.annotation))
        if sig.body is not None:
            wanted.append(
                (endpoint, "body", sig.body | None if sig.body_optional else sig.body)
            )
        if sig.data is not None:
            wanted.append((endpoint, "data", sig.data))
    kinds += [w[2] for w in wanted]
    schemas, components = _components(kinds)
    found = iter(schemas[1:])
    params: dict[int, list[dict[str, Any]]] = {}
    bodies: dict[int, dict[str, Any]] = {}
    data: dict[int, tuple[str, str, dict[str, Any]]] = {}
    for endpoint, what, kind in wanted:
        schema = next(found)
        key = id(endpoint)
        if what == "param":
            params.setdefault(key, []).append(schema)
        elif what == "body":
            bodies[key] = schema
        else:
            data[key] = (*_envelope_name(kind), schema)

    paths: dict[str, dict[str, Any]] = {}
    for endpoint in documented:
        sig = endpoint.signature
        key = id(endpoint)
        path = _PATH_TEMPLATE.sub(r"{\1}", endpoint.prefixed_path)
        operation: dict[str, Any] = {
            "tags": list(endpoint.tags),
            "summary": endpoint.summary,
            "operationId": _operation_id(endpoint, path),
        }
        if not endpoint.tags:
            del operation["tags"]
        param_schemas = iter(params.get(key, []))
        parameters = [_parameter("path", p, next(param_schemas)) for p in sig.path] + [
            _parameter("query", p, next(param_schemas)) for p in sig.query
        ]
        if parameters:
            operation["parameters"] = parameters
        if key in bodies:
            body_schema = bodies[key]
            body: dict[str, Any] = {
                "content": {
                    "application/json": {
                        "schema": {**body_schema, "title": "Body"}
                        if sig.body_optional
                        else body_schema
                    }
                }
            }
            if not sig.body_optional:
                # Where FastAPI put it, so the committed text keeps its order
                body = (
                    {"required": True, **body}
                    if parameters
                    else {**body, "required": True}
                )
            operation["requestBody"] = body
        responses: dict[str, Any] = {}
        success = str(endpoint.status_code)
        if key in data:
            name, envelope_title, data_schema = data[key]
            components[name] = _envelope(envelope_title, data_schema)
            responses[success] = {
                "description": "Successful Response",
                "content": {
                    "application/json": {"schema": {"$ref": _REF.format(name=name)}}
                },
            }
        else:
            responses[success] = {"description": "Successful Response"}
        for status, declared in endpoint.responses.items():
            entry = {k: v for k, v in declared.items() if k != "model"}
            if "model" in declared:
                ref = _REF.format(name=declared["model"].__name__)
                entry["content"] = {"application/json": {"schema": {"$ref": ref}}}
            responses[str(status)] = entry
        operation["responses"] = responses
        paths.setdefault(path, {})[endpoint.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
        "components": {
            "schemas": {k: _ordered(v) for k, v in sorted(components.items())}
        },
    }


# The committed document's key order, so a change to it shows as itself.
_KEYS_IN_ORDER = (
    "properties", "items", "additionalProperties", "anyOf", "$ref", "type",
    "const", "enum", "format", "maxLength", "minLength", "required",
    "title", "description", "default", "readOnly",
)  # fmt: skip
_KEY_ORDER = {key: rank for rank, key in enumerate(_KEYS_IN_ORDER)}


def _ordered(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_ordered(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    keys = sorted(schema, key=lambda k: _KEY_ORDER.get(k, len(_KEY_ORDER)))
    if "properties" in schema and isinstance(schema["properties"], dict):
        properties = {k: _ordered(v) for k, v in schema["properties"].items()}
        return {
            k: properties if k == "properties" else _ordered(schema[k]) for k in keys
        }
    return {k: _ordered(schema[k]) for k in keys}


_PATH_TEMPLATE = re.compile(r"{([^}:]+):[^}]*}")


def _envelope(title: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "properties": {
            "success": {
                "type": "boolean",
                "const": True,
                "title": "Success",
                "default": True,
            },
            "data": _titled("data", data),
        },
        "type": "object",
        "required": ["success", "data"],
        "title": title,
    }


def committed_document() -> dict[str, Any]:
    """`rest/openapi.json`, shipped beside this module (package data)."""
    text = Path(__file__).with_name("openapi.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def _corrected(document: dict[str, Any]) -> dict[str, Any]:
    for route, path in document["paths"].items():
        for operation in path.values():
            responses: dict[str, Any] = operation["responses"]
            if route in PUBLIC_API_PATHS:
                operation["security"] = []
            else:
                responses.setdefault("401", _declared(401))
            if operation.get("parameters") or operation.get("requestBody"):
                responses.setdefault("400", _declared(400))
            if operation.get("requestBody"):
                responses.setdefault("413", _declared(413))
            responses.setdefault("403", _declared(403))
            responses.setdefault("500", _declared(500))
            operation["responses"] = dict(sorted(responses.items()))
    document["components"]["securitySchemes"] = SECURITY_SCHEMES
    document["security"] = [{"bearer": []}, {"session": []}]
    schemas: dict[str, Any] = document["components"]["schemas"]
    if "ErrorEnvelope" not in schemas:  # pragma: no cover - routers declare it
        raise RuntimeError("no route declares the error envelope")
    return document


def openapi_json(app: DocksmithApp) -> str:
    """The committed form: stable key order, one trailing newline."""
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False) + "\n"
