"""The conventions docs/graphql.md promises, checked on the schema itself and
on a live server (no Docker engine: every engine call fails with 503)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    build_schema,
    get_named_type,
)

from schema.export import sdl
from schema.types.event import payload_of
from services.errors import ErrorCode
from services.events import Event, EventKind
from tests.support.server import live_server

SDL = build_schema(sdl())


def _reachable(start: GraphQLNamedType) -> set[str]:
    """Names of every type a selection starting at `start` can reach."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        named = todo.pop()
        if named.name in seen:
            continue
        seen.add(named.name)
        if isinstance(named, GraphQLUnionType):
            todo.extend(named.types)
        elif isinstance(named, GraphQLObjectType):
            todo.extend(get_named_type(f.type) for f in named.fields.values())
    return seen


def test_subscriptions_never_send_untyped_json():
    subscription = SDL.subscription_type
    assert subscription is not None
    for name, field in subscription.fields.items():
        assert "JSON" not in _reachable(get_named_type(field.type)), name


def test_user_error_code_is_the_domain_error_code_enum():
    code = get_named_type(SDL.get_type("UserError").fields["code"].type)  # type: ignore[union-attr]
    assert isinstance(code, GraphQLEnumType)
    assert code.name == "DocksmithErrorCode"
    assert set(code.values) == {c.name for c in ErrorCode}


@pytest.mark.parametrize(
    ("type_name", "field"),
    [
        ("Operation", "status"),
        ("Operation", "operationType"),
        ("Operation", "stage"),
        ("EventMessage", "type"),
        ("Pruned", "kind"),
        ("RollbackPolicy", "entityType"),
        ("HistoryItem", "type"),
        ("CheckProgress", "phase"),
        ("OperationLogLine", "level"),
        ("Container", "health"),
        ("DockerContainer", "health"),
        ("ContainerInspection", "health"),
        ("Container", "changeType"),
        ("AutoUpdateDecision", "changeType"),
        ("AutoUpdateDecision", "outcome"),
        ("Health", "status"),
        ("OperationProgress", "stage"),
    ],
)
def test_closed_sets_are_enums(type_name, field):
    owner = SDL.get_type(type_name)
    assert isinstance(owner, GraphQLObjectType)
    assert isinstance(get_named_type(owner.fields[field].type), GraphQLEnumType)


def test_json_scalar_only_where_the_shape_is_open():
    # Docker Hub's rate-limit headers and a batch's per-member state are the
    # only open shapes left (docs/graphql.md); a new JSON field must be listed.
    users = {
        f"{t.name}.{name}"
        for t in SDL.type_map.values()
        if isinstance(t, GraphQLObjectType) and not t.name.startswith("__")
        for name, f in t.fields.items()
        if isinstance(get_named_type(f.type), GraphQLScalarType)
        and get_named_type(f.type).name == "JSON"
    }
    assert users == {"DockerConfig.rateLimits", "Operation.batchDetails"}, users


@pytest.mark.parametrize("kind", list(EventKind))
def test_every_event_kind_has_a_typed_payload(kind):
    # the payloads the producers publish (services/operations, checks, ...)
    payloads = {
        EventKind.UPDATE_PROGRESS: {"operation_id": "op_1", "stage": "pulling_image"},
        EventKind.RESTART_PROGRESS: {"operation_id": "op_1", "stage": "restarting"},
        EventKind.CONTAINER_UPDATED: {"operation_id": "op_1", "status": "complete"},
        EventKind.CHECK_PROGRESS: {"stage": "checking", "total": 2, "checked": 1},
        EventKind.CONTAINER_STOPPED: {"container_name": "a", "status": "stopped"},
        EventKind.CONTAINER_REMOVED: {"container_name": "a", "status": "removed"},
        EventKind.EVENTS_DROPPED: {"dropped_count": 3, "total_dropped": 3},
        EventKind.HOST_STATUS: {"host": "nas", "status": "down", "error": "gone"},
    }
    event = Event(kind=kind, payload=payloads[kind], at=datetime.now(UTC))
    assert payload_of(event).at == event.at


@pytest.fixture
async def api(settings_factory):
    async with (
        live_server(settings_factory()) as live,
        httpx.AsyncClient(base_url=live.url, timeout=10) as client,
    ):
        yield client


async def test_a_missing_object_is_null_and_no_error(api):
    query = '{ operation(id: "op_missing") { operationId } health { status } }'
    body = (await api.post("/graphql", json={"query": query})).json()
    assert "errors" not in body, body
    assert body["data"]["operation"] is None
    assert body["data"]["health"]["status"] == "DEGRADED"


async def test_a_failed_lookup_is_an_error_that_spares_its_siblings(api):
    query = '{ health { status } containerInspect(name: "web") { id } }'
    body = (await api.post("/graphql", json={"query": query})).json()
    [error] = body["errors"]
    assert error["path"] == ["containerInspect"]
    assert error["extensions"]["code"] == "DOCKER_UNAVAILABLE"
    assert body["data"] == {"health": {"status": "DEGRADED"}, "containerInspect": None}


def test_every_mutation_takes_one_input_object():
    mutation = SDL.mutation_type
    assert mutation is not None
    for name, field in mutation.fields.items():
        assert set(field.args) <= {"input"}, name
        if field.args:
            arg = get_named_type(field.args["input"].type)
            assert arg.name == name[0].upper() + name[1:] + "Input" or arg.name in {
                "PruneInput",  # the four single-kind prunes share their options
            }, (name, arg.name)


def test_mutation_results_are_unions_of_a_payload_and_user_errors():
    mutation = SDL.mutation_type
    assert mutation is not None
    user_error = SDL.get_type("UserError")
    for name, field in mutation.fields.items():
        result = get_named_type(field.type)
        if name == "triggerCheck":  # cannot fail: it only wakes the checker
            continue
        assert isinstance(result, GraphQLUnionType), name
        errors = {t.name for t in result.types if user_error in t.interfaces}
        assert errors == {
            "NotFoundError",
            "InvalidInputError",
            "ConflictError",
            "UpstreamFailureError",
        }, name
        assert len(result.types) == 5, (name, result.types)


def test_event_payloads_can_be_selected_together():
    # GraphQL refuses one selection over a union when two members have a
    # same-named field of different types; a UI selects them all at once.
    payload = SDL.get_type("EventPayload")
    assert isinstance(payload, GraphQLUnionType)
    seen: dict[str, str] = {}
    for member in payload.types:
        for name, field in member.fields.items():
            assert seen.setdefault(name, str(field.type)) == str(field.type), (
                member.name,
                name,
            )


def test_every_type_and_field_is_described():
    # the UI's generated client carries these as doc comments
    roots = {"Query", "Mutation", "Subscription"}
    missing = []
    for t in SDL.type_map.values():
        if t.name.startswith("__") or not isinstance(
            t, GraphQLObjectType | GraphQLInputObjectType
        ):
            continue
        if not t.description and t.name not in roots:
            missing.append(t.name)
        missing += [f"{t.name}.{n}" for n, f in t.fields.items() if not f.description]
    assert missing == []
