"""Contract of the REST wire envelope and error translation (real server)."""

from __future__ import annotations

import httpx
import pytest

from tests.support.server import live_server


@pytest.fixture
async def api(settings_factory):
    async with (
        live_server(settings_factory()) as live,
        httpx.AsyncClient(base_url=live.url, timeout=10) as client,
    ):
        yield client


async def test_success_envelope(api):
    response = await api.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert set(body) == {"success", "data"}
    assert set(body["data"]) == {"status", "version", "services"}


async def test_unknown_api_route_is_404_in_the_envelope(api):
    response = await api.get("/api/no/such/route")
    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "error": {
            "message": "no such API route: GET /api/no/such/route",
            "code": "NOT_FOUND",
        },
    }


async def test_malformed_json_is_400_never_422(api):
    response = await api.post(
        "/api/scripts/assign",
        content=b'{"container": "nginx", ',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "error": {
            "message": "invalid request body: malformed JSON",
            "code": "BAD_REQUEST",
        },
    }


async def test_json_nested_too_deep_to_decode_is_400_not_500(api):
    # The decoders recurse: 100,000 levels exhaust Python's stack, which
    # answered 500 before (REST and GraphQL alike).
    for deep in (
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    ):
        response = await api.post(
            "/api/update", content=deep, headers={"content-type": "application/json"}
        )
        assert response.status_code == 400
        assert response.json() == {
            "success": False,
            "error": {
                "message": "invalid request body: JSON nested too deeply",
                "code": "BAD_REQUEST",
            },
        }
        response = await api.post(
            "/graphql",
            content=b'{"query": "{ health { status } }", "variables": ' + deep + b"}",
            headers={"content-type": "application/json"},
        )
        assert response.status_code == 400
        assert response.text == "Unable to parse request body as JSON"


async def test_missing_field_is_400_naming_the_field(api):
    response = await api.post("/api/scripts/assign", json={"container": "nginx"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "BAD_REQUEST"
    assert "script" in error["message"]


async def test_graphql_domain_errors_carry_a_code(api):
    query = "{ operations(first: 0) { edges { cursor } } }"
    body = (await api.post("/graphql", json={"query": query})).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "page size" in body["errors"][0]["message"]


async def test_docker_backed_routes_answer_503_without_an_engine(api):
    response = await api.get("/api/explorer")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "DOCKER_UNAVAILABLE"
    assert "not reachable" in error["message"]
    check = await api.get("/api/check")
    assert check.status_code == 503


async def test_method_not_allowed_names_the_methods_of_the_path(api):
    # /api/labels/set (POST) also matches /api/labels/{container} (GET): the
    # concrete path wins, as in the OpenAPI document
    response = await api.delete("/api/labels/set")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["error"]["code"] == "BAD_REQUEST"
    assert (await api.delete("/api/policies")).headers["allow"] == "GET, PUT"
    assert (await api.post("/api/labels/nginx")).headers["allow"] == "GET"
    assert (await api.get("/api/images/a/b:1")).headers["allow"] == "DELETE"


@pytest.mark.parametrize(
    "body",
    [
        {"entity_type": "global", "stability_window_seconds": False},
        {"entity_type": "global", "health_timeout_seconds": "30"},
        {"entity_type": "global", "auto_rollback": "yes"},
    ],
)
async def test_body_fields_keep_their_json_types(api, body):
    response = await api.put("/api/policies", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "BAD_REQUEST"


# curl -d without -H sends a form body: the most common first mistake.
_NOT_AN_OBJECT = [
    (
        {"content-type": "application/x-www-form-urlencoded"},
        b'{"container": "nginx"}',
        "invalid request body: send a JSON object with Content-Type:"
        " application/json (this one was application/x-www-form-urlencoded)",
    ),
    (
        {"content-type": "application/json"},
        b'["nginx"]',
        "invalid request body: expected a JSON object",
    ),
    (
        {},
        b"",
        "invalid request body: missing; send a JSON object with"
        " Content-Type: application/json",
    ),
]


async def test_a_body_that_is_not_a_json_object_says_what_to_send(api):
    for headers, content, message in _NOT_AN_OBJECT:
        response = await api.post("/api/update", content=content, headers=headers)
        assert response.status_code == 400
        assert response.json() == {
            "success": False,
            "error": {"message": message, "code": "BAD_REQUEST"},
        }


async def test_a_refused_field_or_parameter_is_named_in_the_message(api):
    wrong_type = await api.put(
        "/api/policies", json={"entity_type": "global", "health_timeout_seconds": "30"}
    )
    assert wrong_type.status_code == 400
    assert wrong_type.json()["error"]["message"] == (
        "invalid request: health_timeout_seconds: Expected `int | null`, got `str`"
    )
    nested = await api.post(
        "/api/update/batch", json={"containers": [{"version": "1"}]}
    )
    assert nested.status_code == 400
    assert nested.json()["error"]["message"] == (
        "invalid request: containers.0.name: Field required"
    )
    query = await api.get("/api/history", params={"limit": "ten"})
    assert query.status_code == 400
    assert query.json()["error"]["message"].startswith("invalid request: query.limit:")
    closed = await api.get("/api/operations", params={"status": "nope"})
    assert closed.status_code == 400
    assert "status must be one of" in closed.json()["error"]["message"]
