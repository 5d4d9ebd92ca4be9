"""Bad input is refused by the service call both edges make, in its words:
the REST edge adds no range, length or pattern rule of its own (the
validator would word it differently from GraphQL, and a closed set the
validator checks would not say what it was given). None of these requests
reaches a Docker engine, so the server runs without one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.support.server import live_server, no_engine_settings


@pytest.fixture(scope="module")
async def api(tmp_path_factory):
    root = tmp_path_factory.mktemp("refusals")
    settings = no_engine_settings(root)
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=30) as client,
    ):
        yield client


async def rest_refusal(api: httpx.AsyncClient, method: str, url: str, body=None):
    response = await api.request(method, url, json=body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "BAD_REQUEST", error
    return error["message"]


async def graphql_refusal(api: httpx.AsyncClient, document: str) -> str:
    body = (await api.post("/graphql", json={"query": document})).json()
    if body.get("errors"):  # a query's refusal
        [error] = body["errors"]
        assert error["extensions"]["code"] == "BAD_REQUEST", error
        return str(error["message"])
    [result] = body["data"].values()  # a mutation's InvalidInputError
    assert result["__typename"] == "InvalidInputError", result
    return str(result["message"])


@dataclass(frozen=True)
class Both:
    name: str
    method: str
    url: str
    body: Any
    graphql: str


USER_ERROR = "{ __typename ... on UserError { message } }"
LONG_NAME = "t" * 65

BOTH = [
    Both("history limit 0", "GET", "/api/history?limit=0", None,
         "{ history(first: 0) { edges { cursor } } }"),
    Both("history limit too high", "GET", "/api/history?limit=5000", None,
         "{ history(first: 5000) { edges { cursor } } }"),
    Both("operations limit 0", "GET", "/api/operations?limit=0", None,
         "{ operations(first: 0) { edges { cursor } } }"),
    Both("operations limit too high", "GET", "/api/operations?limit=100000", None,
         "{ operations(first: 100000) { edges { cursor } } }"),
    Both("token expiry 0 days", "POST", "/api/tokens",
         {"name": "t", "scope": "read", "expires_in_days": 0},
         'mutation { createApiToken(input: {name: "t", scope: READ, '
         f"expiresInDays: 0}}) {USER_ERROR} }}"),
    Both("token name too long", "POST", "/api/tokens",
         {"name": LONG_NAME, "scope": "read"},
         f'mutation {{ createApiToken(input: {{name: "{LONG_NAME}", scope: READ}}) '
         f"{USER_ERROR} }}"),
    Both("token without a name", "POST", "/api/tokens", {"name": "", "scope": "read"},
         f'mutation {{ createApiToken(input: {{name: "", scope: READ}}) {USER_ERROR} }}'),
    Both("batch of no containers", "POST", "/api/update/batch", {"containers": []},
         f"mutation {{ updateContainers(input: {{containers: []}}) {USER_ERROR} }}"),
    Both("rollback without an operation", "POST", "/api/rollback",
         {"operation_id": ""},
         f'mutation {{ rollbackOperation(input: {{operationId: ""}}) {USER_ERROR} }}'),
    Both("rollback policy that sets nothing", "PUT", "/api/policies",
         {"entity_type": "container", "entity_id": "web"},
         'mutation { setRollbackPolicy(input: {entityType: CONTAINER, '
         f'entityId: "web"}}) {USER_ERROR} }}'),
    Both("auto-update policy that sets nothing", "PUT", "/api/auto-update/policies",
         {"entity_type": "container", "entity_id": "web"},
         'mutation { setAutoUpdatePolicy(input: {entityType: CONTAINER, '
         f'entityId: "web"}}) {USER_ERROR} }}'),
]  # fmt: skip


@pytest.mark.parametrize("case", BOTH, ids=lambda c: c.name)
async def test_both_edges_refuse_in_the_services_words(api, case):
    rest = await rest_refusal(api, case.method, case.url, case.body)
    assert rest == await graphql_refusal(api, case.graphql)
    assert not rest.startswith("invalid request"), rest  # not the validator's


async def test_a_rollback_policy_call_that_sets_nothing_stores_nothing(api):
    # when both edges are asked to set a container's policy with no field
    rest = await rest_refusal(
        api, "PUT", "/api/policies", {"entity_type": "container", "entity_id": "db"}
    )
    assert rest.startswith("nothing to set"), rest
    await graphql_refusal(
        api,
        'mutation { setRollbackPolicy(input: {entityType: CONTAINER, entityId: "db"})'
        f" {USER_ERROR} }}",
    )
    # then no policy of defaults was stored for it: the global one decides
    query = "{ policies { policies { entityType entityId } } }"
    stored = (await api.post("/graphql", json={"query": query})).json()
    assert stored["data"]["policies"]["policies"] == [
        {"entityType": "GLOBAL", "entityId": ""}
    ]


@pytest.mark.parametrize(
    ("method", "url", "body", "message"),
    [
        ("GET", "/api/history?type=bogus", None,
         "type must be check or update, not 'bogus'"),
        ("GET", "/api/operations?type=bogus", None,
         "type must be one of update, batch, rollback, fix_mismatch, label_change, "
         "restart, stop, start, remove, auto_update, not 'bogus'"),
        ("GET", "/api/operations?status=bogus", None,
         "status must be one of queued, validating, pre_update_check, backing_up, "
         "updating_compose, pulling_image, stopping, starting, restarting, removing, "
         "recreating, health_check, restarting_dependents, rolling_back, complete, "
         "failed, not 'bogus'"),
        ("PUT", "/api/policies", {"entity_type": "bogus"},
         "entity_type must be one of global, stack, container, not 'bogus'"),
        # Request fields typed as enums: the services' words, not pydantic's.
        ("POST", "/api/tokens", {"name": "t", "scope": "root"},
         "scope must be one of read, operate, admin, not 'root'"),
        ("PUT", "/api/auto-update/policies", {"entity_type": "planet"},
         "entity_type must be one of global, stack, container, not 'planet'"),
        ("PUT", "/api/auto-update/policies", {"entity_type": 7},
         "entity_type must be one of global, stack, container, not '7'"),
        ("PUT", "/api/auto-update/policies", {"entity_type": "global", "level": "huge"},
         "level must be one of off, digest, patch, minor, major, not 'huge'"),
        ("DELETE", "/api/auto-update/policies/planet", None,
         "entity_type must be one of global, stack, container, not 'planet'"),
    ],
)  # fmt: skip
async def test_a_value_outside_a_closed_set_is_refused_in_the_services_words(
    api, method, url, body, message
):
    assert await rest_refusal(api, method, url, body) == message
