"""Every REST route and every GraphQL root field, with the scope it needs.

For each one, against a live server with authentication on: no credentials
-> 401 (`UNAUTHENTICATED`), a token of a lower scope -> 403 (`FORBIDDEN`),
a token of the right scope -> allowed (anything but 401/403). A route or
root field missing from the table fails `test_table_covers_*`; a resolver
without `@requires(...)` or `@public` fails `test_every_resolver_declares`.

Adding a route or field: put `@requires(Scope.X)` on its resolver
(resolvers/access.py) and add one line here. Requests are generated from the
OpenAPI document and the schema (path parameters, required body fields and
arguments get harmless values); the server has no Docker engine, so an
allowed call changes nothing. A route whose generated body would be refused
as bad input before its resolver runs gets one in `BODIES`.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import inspect
import json
import pkgutil
from typing import Any

import httpx
import pytest
import websockets
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
)
from websockets.exceptions import ConnectionClosed

import resolvers
from resolvers.access import PUBLIC, declared_scope
from rest.app import create_app
from schema import build_schema
from services.auth.modes import AuthMode
from services.auth.principal import Scope
from services.config import Settings
from tests.support.server import live_server, no_engine_settings

READ, OPERATE, ADMIN = Scope.READ, Scope.OPERATE, Scope.ADMIN

# "METHOD /path" (as in the OpenAPI document) or "Type.field" -> scope;
# PUBLIC needs no credentials at all.
SCOPES: dict[str, Scope | str] = {
    "GET /api/health": PUBLIC,
    "GET /api/status": READ,
    "GET /api/docker-config": READ,
    "GET /api/check": OPERATE,
    "POST /api/trigger-check": OPERATE,
    "GET /api/container/{name}/recheck": OPERATE,
    "GET /api/history": READ,
    "POST /api/update": OPERATE,
    "POST /api/update/batch": OPERATE,
    "POST /api/rollback": OPERATE,
    "POST /api/fix-compose-mismatch/{name}": OPERATE,
    "GET /api/policies": READ,
    "PUT /api/policies": ADMIN,
    "GET /api/operations": READ,
    "GET /api/operations/{operation_id}": READ,
    "POST /api/restart": OPERATE,
    "POST /api/restart/container/{name}": OPERATE,
    "POST /api/restart/stack/{name}": OPERATE,
    "POST /api/restart/start/{name}": OPERATE,
    "GET /api/labels/{container}": READ,
    "POST /api/labels/set": OPERATE,
    "POST /api/labels/remove": OPERATE,
    "GET /api/scripts": READ,
    "GET /api/scripts/assigned": READ,
    "POST /api/scripts/assign": ADMIN,
    "DELETE /api/scripts/assign/{container}": ADMIN,
    "GET /api/registry/tags/{image}": READ,
    "GET /api/events": READ,
    "GET /api/explorer": READ,
    "GET /api/images": READ,
    "GET /api/networks": READ,
    "GET /api/volumes": READ,
    "DELETE /api/images/{image}": ADMIN,
    "DELETE /api/networks/{network}": ADMIN,
    "DELETE /api/volumes/{name}": ADMIN,
    "GET /api/containers/{name}/logs": READ,
    "GET /api/containers/{name}/inspect": READ,
    "GET /api/containers/{name}/stats": READ,
    "POST /api/containers/{name}/stop": OPERATE,
    "POST /api/containers/{name}/start": OPERATE,
    "POST /api/containers/{name}/restart": OPERATE,
    "DELETE /api/containers/{name}": ADMIN,
    "POST /api/prune/containers": ADMIN,
    "POST /api/prune/images": ADMIN,
    "POST /api/prune/networks": ADMIN,
    "POST /api/prune/volumes": ADMIN,
    "POST /api/prune/system": ADMIN,
    "GET /api/hosts": READ,
    "POST /api/hosts": ADMIN,
    "DELETE /api/hosts/{name}": ADMIN,
    "POST /api/hosts/{name}/test": ADMIN,
    "GET /api/auto-update": READ,
    "PUT /api/auto-update/policies": ADMIN,
    "DELETE /api/auto-update/policies/{entity_type}": ADMIN,
    "DELETE /api/policies/{entity_type}": ADMIN,
    "POST /api/auto-update/run": OPERATE,
    "GET /api/auth/session": PUBLIC,
    "POST /api/auth/login": PUBLIC,
    "POST /api/auth/logout": PUBLIC,
    "POST /api/auth/ticket": READ,
    "GET /api/auth/oidc/login": PUBLIC,
    "GET /api/auth/oidc/callback": PUBLIC,
    "GET /api/notifications/channels": READ,
    "POST /api/notifications/channels": ADMIN,
    "DELETE /api/notifications/channels/{channel_id}": ADMIN,
    "POST /api/notifications/test": ADMIN,
    "GET /api/tokens": ADMIN,
    "POST /api/tokens": ADMIN,
    "DELETE /api/tokens/{name}": ADMIN,
    "GET /api/users": ADMIN,
    "PUT /api/users/{name}": ADMIN,
    "DELETE /api/users/{name}": ADMIN,
    "Query.health": PUBLIC,
    "Query.status": READ,
    "Query.containers": READ,
    "Query.container": READ,
    "Query.stacks": READ,
    "Query.history": READ,
    "Query.policies": READ,
    "Query.operations": READ,
    "Query.operation": READ,
    "Query.scripts": READ,
    "Query.scriptsFolder": READ,
    "Query.scriptAssignments": READ,
    "Query.registryTags": READ,
    "Query.dockerConfig": READ,
    "Query.explorer": READ,
    "Query.images": READ,
    "Query.networks": READ,
    "Query.volumes": READ,
    "Query.containerLabels": READ,
    "Query.containerLogs": READ,
    "Query.containerInspect": READ,
    "Query.containerStats": READ,
    "Query.hosts": READ,
    "Query.host": READ,
    "Query.autoUpdate": READ,
    "Query.policyScope": READ,
    "Query.validateLabels": READ,
    "Query.containerTagOptions": READ,
    "Query.viewer": PUBLIC,
    "Query.apiTokens": ADMIN,
    "Query.users": ADMIN,
    "Query.notificationChannels": READ,
    "Mutation.checkNow": OPERATE,
    "Mutation.triggerCheck": OPERATE,
    "Mutation.recheckContainer": OPERATE,
    "Mutation.updateContainer": OPERATE,
    "Mutation.updateContainers": OPERATE,
    "Mutation.rollbackOperation": OPERATE,
    "Mutation.fixComposeMismatch": OPERATE,
    "Mutation.setRollbackPolicy": ADMIN,
    "Mutation.restartContainer": OPERATE,
    "Mutation.restartStack": OPERATE,
    "Mutation.restartWithDependants": OPERATE,
    "Mutation.setLabels": OPERATE,
    "Mutation.removeLabels": OPERATE,
    "Mutation.assignScript": ADMIN,
    "Mutation.unassignScript": ADMIN,
    "Mutation.stopContainer": OPERATE,
    "Mutation.startContainer": OPERATE,
    "Mutation.removeContainer": ADMIN,
    "Mutation.removeImage": ADMIN,
    "Mutation.removeNetwork": ADMIN,
    "Mutation.removeVolume": ADMIN,
    "Mutation.pruneContainers": ADMIN,
    "Mutation.pruneImages": ADMIN,
    "Mutation.pruneNetworks": ADMIN,
    "Mutation.pruneVolumes": ADMIN,
    "Mutation.pruneSystem": ADMIN,
    "Mutation.addHost": ADMIN,
    "Mutation.removeHost": ADMIN,
    "Mutation.testHostConnection": ADMIN,
    "Mutation.setAutoUpdatePolicy": ADMIN,
    "Mutation.removeAutoUpdatePolicy": ADMIN,
    "Mutation.removeRollbackPolicy": ADMIN,
    "Mutation.runAutoUpdate": OPERATE,
    "Mutation.addNotificationChannel": ADMIN,
    "Mutation.removeNotificationChannel": ADMIN,
    "Mutation.sendTestNotification": ADMIN,
    "Mutation.createApiToken": ADMIN,
    "Mutation.revokeApiToken": ADMIN,
    "Mutation.setUserPassword": ADMIN,
    "Mutation.deleteUser": ADMIN,
    "Subscription.events": READ,
    "Subscription.operationProgress": READ,
    "Subscription.checkProgress": READ,
    "Subscription.restartProgress": READ,
    "Subscription.containerLogs": READ,
    "Subscription.containerStats": READ,
}

# Bodies for routes whose generated body would be refused before the check.
BODIES: dict[str, Any] = {
    "POST /api/update/batch": {"containers": ["nope"]},
    "POST /api/labels/set": {"container": "nope", "labels": {"a": "b"}},
    "POST /api/labels/remove": {"container": "nope", "label_names": ["a"]},
    "PUT /api/policies": {"entity_type": "global", "auto_rollback": False},
    "POST /api/tokens": {"name": "made-by-table", "scope": "read"},
    # Public: an empty body shows the route answers without credentials
    # (400), where a generated one would be a wrong password (401).
    "POST /api/auth/login": {},
    "POST /api/hosts": {"name": "nope", "url": "unix:///nonexistent/docker.sock"},
}
# Values that keep every allowed call on loopback (an image on a closed port).
FILL = {
    "image": "127.0.0.1:9/nope",
    "operation_id": "op_nope",
    "id": "op_nope",
    "url": "unix:///nonexistent/docker.sock",
}

_LOWER = {OPERATE: READ, ADMIN: OPERATE}
_REFUSALS = {401: "UNAUTHENTICATED", 403: "FORBIDDEN"}


def _settings(root) -> Settings:
    return no_engine_settings(
        root,
        auth=AuthMode.LOCAL,
    )


# Built once per module: each costs about a second of CPU, and the rows
# below ask for them some three hundred times.
@functools.cache
def _graphql_schema() -> Any:
    return build_schema()._schema


@functools.cache
def _openapi() -> dict[str, Any]:
    return create_app(Settings(_env_file=None)).openapi()


def _rest_operations() -> list[str]:
    return [
        f"{method.upper()} {path}"
        for path, item in _openapi()["paths"].items()
        for method in item
    ]


def _root_fields() -> list[str]:
    schema = _graphql_schema()
    return [
        f"{root.name}.{name}"
        for root in (schema.query_type, schema.mutation_type, schema.subscription_type)
        if root is not None
        for name in root.fields
    ]


def test_table_covers_every_rest_route():
    missing = [op for op in _rest_operations() if op not in SCOPES]
    assert not missing, f"add these routes to SCOPES with their scope: {missing}"


def test_table_covers_every_graphql_root_field():
    missing = [f for f in _root_fields() if f not in SCOPES]
    assert not missing, f"add these root fields to SCOPES with their scope: {missing}"


def test_table_names_only_what_exists():
    existing = {*_rest_operations(), *_root_fields()}
    assert not [k for k in SCOPES if k not in existing]


def test_every_resolver_declares_its_scope():
    undeclared = []
    for info in pkgutil.iter_modules(resolvers.__path__):
        if info.name in ("context", "access"):
            continue
        module = importlib.import_module(f"resolvers.{info.name}")
        for name, fn in vars(module).items():
            if name.startswith("_") or not callable(fn):
                continue
            if getattr(fn, "__module__", None) != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if params[:1] == ["ctx"] and declared_scope(fn) is None:
                undeclared.append(f"{module.__name__}.{name}")
    assert not undeclared, f"declare @requires(Scope.X) or @public on: {undeclared}"


# --- requests generated from the OpenAPI document and the schema ---------


def _example(schema: dict[str, Any], spec: dict[str, Any]) -> Any:
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:
        return _example(schema["anyOf"][0], spec)
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object" or "properties" in schema:
        return {
            name: _example(schema["properties"][name], spec)
            for name in schema.get("required", [])
        }
    return {"string": "nope", "integer": 1, "number": 1, "boolean": False}.get(
        kind or "string", []
    )


def _rest_request(op: str, spec: dict[str, Any]) -> tuple[str, str, Any]:
    method, path = op.split(" ", 1)
    item = spec["paths"][path][method.lower()]
    for param in item.get("parameters", []):
        if param["in"] == "path":
            # An enum's first value: a closed set is refused before the scope.
            value = FILL.get(param["name"]) or str(_example(param["schema"], spec))
            path = path.replace("{" + param["name"] + "}", value)
    body = BODIES.get(op)
    if body is None and "requestBody" in item:
        content = item["requestBody"]["content"]["application/json"]["schema"]
        body = _example(content, spec)
    return method, path, body


def _gql_value(type_: Any, name: str) -> str:
    if isinstance(type_, GraphQLNonNull):
        return _gql_value(type_.of_type, name)
    if isinstance(type_, GraphQLList):
        return f"[{_gql_value(type_.of_type, name)}]"
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        fields = [
            f"{n}: {_gql_value(f.type, n)}"
            for n, f in type_.fields.items()
            if isinstance(f.type, GraphQLNonNull)
        ]
        return "{" + ", ".join(fields) + "}"
    assert isinstance(type_, GraphQLScalarType)
    if type_.name in ("Int", "Float"):
        return "1"
    if type_.name == "Boolean":
        return "false"
    return json.dumps(FILL.get(name, "nope"))


def _gql_document(field: str) -> str:
    root_name, name = field.split(".")
    schema = _graphql_schema()
    root = {
        "Query": schema.query_type,
        "Mutation": schema.mutation_type,
        "Subscription": schema.subscription_type,
    }[root_name]
    assert root is not None
    definition = root.fields[name]
    args = [
        f"{arg}: {_gql_value(a.type, arg)}"
        for arg, a in definition.args.items()
        if isinstance(a.type, GraphQLNonNull)
    ]
    call = name + (f"({', '.join(args)})" if args else "")
    named = get_named_type(definition.type)
    selection = (
        ""
        if isinstance(named, GraphQLScalarType | GraphQLEnumType)
        else (" { __typename }")
    )
    assert not isinstance(named, GraphQLObjectType) or named.fields
    keyword = {"Query": "query", "Mutation": "mutation", "Subscription": "subscription"}
    return f"{keyword[root_name]} {{ {call}{selection} }}"


# --- the live server and one token per scope -------------------------------


@pytest.fixture(scope="module")
async def server(tmp_path_factory):
    async with live_server(_settings(tmp_path_factory.mktemp("access"))) as live:
        tokens = {}
        for scope in Scope:
            created = await live.ctx.auth.tokens.create(name=f"t-{scope}", scope=scope)
            tokens[scope] = created.secret
        yield live, tokens


def _headers(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


_served_specs: dict[str, dict[str, Any]] = {}


async def _served_spec(client: httpx.AsyncClient) -> dict[str, Any]:
    """The live server's OpenAPI document, read once per server."""
    url = str(client.base_url)
    if url not in _served_specs:
        _served_specs[url] = (await client.get("/api/openapi.json")).json()
    return _served_specs[url]


async def _rest_status(live, op: str, token: str | None) -> tuple[int, Any]:
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
        method, path, body = _rest_request(op, await _served_spec(client))
        async with client.stream(
            method, path, json=body, headers=_headers(token)
        ) as response:
            if response.headers.get("content-type", "").startswith("text/event-stream"):
                return response.status_code, None  # a stream: allowed
            await response.aread()
            return response.status_code, response.json()


async def _gql_outcome(live, field: str, token: str | None) -> str:
    """The refusal code, or 'allowed'."""
    document = _gql_document(field)
    if field.startswith("Subscription."):
        return await _ws_outcome(live, document, token)
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
        response = await client.post(
            "/graphql", json={"query": document}, headers=_headers(token)
        )
    body = response.json()
    codes = {e.get("extensions", {}).get("code") for e in body.get("errors") or []}
    refused = codes & set(_REFUSALS.values())
    if response.status_code in _REFUSALS:
        assert refused == {_REFUSALS[response.status_code]}, body
    return refused.pop() if refused else "allowed"


async def _ws_outcome(live, document: str, token: str | None) -> str:
    url = f"{live.ws_url}/graphql"
    init: dict[str, Any] = {"type": "connection_init"}
    if token:
        init["payload"] = {"Authorization": f"Bearer {token}"}
    async with websockets.connect(
        url, subprotocols=["graphql-transport-ws"], open_timeout=60
    ) as ws:
        await ws.send(json.dumps(init))
        try:
            ack = json.loads(await asyncio.wait_for(ws.recv(), 30))
        except ConnectionClosed as closed:
            # connection_init without valid credentials: 4403, no ack.
            code = closed.rcvd.code if closed.rcvd else None
            return "UNAUTHENTICATED" if code == 4403 else f"closed {code}"
        assert ack["type"] == "connection_ack", ack
        await ws.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": document}})
        )
        try:
            # A refusal comes at once; a stream that is allowed may stay quiet.
            message = json.loads(await asyncio.wait_for(ws.recv(), 3))
        except TimeoutError:
            return "allowed"
        if message["type"] == "error":
            codes = {e.get("extensions", {}).get("code") for e in message["payload"]}
            refused = codes & set(_REFUSALS.values())
            return refused.pop() if refused else "allowed"
        if message["type"] == "next":
            errors = message["payload"].get("errors") or []
            codes = {e.get("extensions", {}).get("code") for e in errors}
            refused = codes & set(_REFUSALS.values())
            return refused.pop() if refused else "allowed"
        return "allowed"


REST_ROWS = [op for op in SCOPES if op.startswith(("GET ", "POST ", "PUT ", "DELETE "))]
GQL_ROWS = [f for f in SCOPES if "." in f and " " not in f]


@pytest.mark.parametrize("op", REST_ROWS)
async def test_rest_route_needs_its_scope(server, op):
    live, tokens = server
    scope = SCOPES[op]
    status, body = await _rest_status(live, op, None)
    if scope == PUBLIC:
        assert status not in _REFUSALS, (op, status, body)
        return
    assert status == 401, (op, status, body)
    assert body["error"]["code"] == "UNAUTHENTICATED"
    assert isinstance(scope, Scope)
    if scope in _LOWER:
        status, body = await _rest_status(live, op, tokens[_LOWER[scope]])
        assert status == 403, (op, status, body)
        assert body["error"]["code"] == "FORBIDDEN"
    status, body = await _rest_status(live, op, tokens[scope])
    assert status not in _REFUSALS, (op, status, body)


@pytest.mark.parametrize("field", GQL_ROWS)
async def test_graphql_root_field_needs_its_scope(server, field):
    live, tokens = server
    scope = SCOPES[field]
    if scope == PUBLIC:
        assert await _gql_outcome(live, field, tokens[READ]) == "allowed"
        return
    assert await _gql_outcome(live, field, None) == "UNAUTHENTICATED"
    assert isinstance(scope, Scope)
    if scope in _LOWER:
        assert await _gql_outcome(live, field, tokens[_LOWER[scope]]) == "FORBIDDEN"
    assert await _gql_outcome(live, field, tokens[scope]) == "allowed"


async def test_metrics_needs_read(server):
    """`/metrics` is outside the OpenAPI document, so outside the table."""
    live, tokens = server
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
        refused = await client.get("/metrics")
        assert refused.status_code == 401, refused.text
        assert refused.json()["error"]["code"] == "UNAUTHENTICATED"
        allowed = await client.get("/metrics", headers=_headers(tokens[READ]))
    assert allowed.status_code == 200, allowed.text
    assert "docksmith_" in allowed.text
