"""`GET /api/policies` keeps the seed's `containers` map (keyed by name, so
one host's: `local`, or the one `?host=` names) and adds `hosts`, every
host's rollback state keyed by host then name, so nothing is left out when
there are several hosts. Real server; the engines are absent sockets (a
standalone update's rollback state needs no engine to judge)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from services.config import Settings
from services.store.records import OperationRecord
from services.updates.state import MemberKind, MemberState, MemberStatus
from tests.support.server import live_server

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
async def api(tmp_path_factory):
    root = tmp_path_factory.mktemp("policies-hosts")
    settings = Settings(
        _env_file=None,
        db_path=root / "docksmith.db",
        docker_host=f"unix://{root}/local.sock",
        docker_hosts=f"b=unix://{root}/b.sock",
        scripts_dir=root / "scripts",
    )
    async with live_server(settings) as live:
        for host, old, new in (("local", "1.0", "1.1"), ("b", "2.0", "2.1")):
            member = MemberState(
                container_name="web",
                kind=MemberKind.STANDALONE,
                old_version=old,
                new_version=new,
                status=MemberStatus.COMPLETE,
                recreated=True,
            )
            await live.ctx.repos.operations.create(
                OperationRecord(
                    operation_id=f"op_web_{host}",
                    operation_type="update",
                    status="complete",
                    container_name="web",
                    host=host,
                    started_at=NOW,
                    batch_details=[member.as_dict()],
                )
            )
        async with httpx.AsyncClient(base_url=live.url, timeout=30) as client:
            yield client


def _versions(containers: dict) -> dict:
    return {
        name: (c["host"], c["old_version"], c["can_rollback"])
        for name, c in containers.items()
    }


async def test_without_host_containers_are_locals_and_hosts_has_every_host(api):
    response = await api.get("/api/policies")
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert _versions(data["containers"]) == {"web": ("local", "1.0", True)}
    assert {host: _versions(c) for host, c in data["hosts"].items()} == {
        "local": {"web": ("local", "1.0", True)},
        "b": {"web": ("b", "2.0", True)},
    }


async def test_with_host_both_hold_that_hosts_only(api):
    data = (await api.get("/api/policies", params={"host": "b"})).json()["data"]
    assert _versions(data["containers"]) == {"web": ("b", "2.0", True)}
    assert {host: _versions(c) for host, c in data["hosts"].items()} == {
        "b": {"web": ("b", "2.0", True)}
    }


def _gql(query: str, variables: dict) -> dict:
    return {"query": query, "variables": variables}


SET = """mutation($input: SetRollbackPolicyInput!) { setRollbackPolicy(input: $input) {
  __typename ... on RollbackPolicy { entityType entityId host healthTimeoutSeconds }
  ... on UserError { message code } } }"""
REMOVE = """mutation($input: RemoveRollbackPolicyInput!) {
  removeRollbackPolicy(input: $input) {
  __typename ... on RollbackPolicyRemoved { entityType entityId host }
  ... on UserError { message code } } }"""


async def _stored(api, host: str) -> list[tuple]:
    data = (await api.get("/api/policies")).json()["data"]
    return sorted(
        (p["entity_type"], p["entity_id"], p["health_timeout_seconds"])
        for p in data["policies"]
        if p["host"] == host and p["entity_type"] != "global"
    )


async def test_a_rollback_policy_is_set_and_removed_on_the_host_it_names(api):
    # REST: ?host= like the auto-update policies; GraphQL: input.host.
    put = await api.put(
        "/api/policies",
        params={"host": "b"},
        json={
            "entity_type": "container",
            "entity_id": "web",
            "health_timeout_seconds": 30,
        },
    )
    assert put.status_code == 200, put.text
    assert put.json()["data"]["host"] == "b"
    answer = await api.post(
        "/graphql",
        json=_gql(
            SET,
            {
                "input": {
                    "entityType": "STACK",
                    "entityId": "shop",
                    "host": "b",
                    "healthTimeoutSeconds": 40,
                }
            },
        ),
    )
    assert answer.json()["data"]["setRollbackPolicy"] == {
        "__typename": "RollbackPolicy",
        "entityType": "STACK",
        "entityId": "shop",
        "host": "b",
        "healthTimeoutSeconds": 40,
    }
    assert await _stored(api, "b") == [("container", "web", 30), ("stack", "shop", 40)]
    assert await _stored(api, "local") == []

    gone = await api.delete(
        "/api/policies/container", params={"entity_id": "web", "host": "b"}
    )
    assert gone.status_code == 200, gone.text
    assert gone.json()["data"] == {
        "entity_type": "container",
        "entity_id": "web",
        "host": "b",
    }
    answer = await api.post(
        "/graphql",
        json=_gql(
            REMOVE, {"input": {"entityType": "STACK", "entityId": "shop", "host": "b"}}
        ),
    )
    assert answer.json()["data"]["removeRollbackPolicy"] == {
        "__typename": "RollbackPolicyRemoved",
        "entityType": "STACK",
        "entityId": "shop",
        "host": "b",
    }
    assert await _stored(api, "b") == []


async def test_removing_what_is_not_there_or_the_global_one_says_so(api):
    missing = await api.delete(
        "/api/policies/container", params={"entity_id": "nope", "host": "b"}
    )
    assert missing.status_code == 404, missing.text
    assert missing.json()["error"]["message"] == (
        "no rollback policy for container nope on host b"
    )
    glob = await api.delete("/api/policies/global")
    assert glob.status_code == 400, glob.text
    assert "cannot be removed" in glob.json()["error"]["message"]
    answer = await api.post(
        "/graphql",
        json=_gql(REMOVE, {"input": {"entityType": "GLOBAL", "entityId": ""}}),
    )
    result = answer.json()["data"]["removeRollbackPolicy"]
    assert result["__typename"] == "InvalidInputError"
    assert "cannot be removed" in result["message"]


async def test_an_unknown_host_is_refused_and_nothing_is_stored(api):
    put = await api.put(
        "/api/policies",
        params={"host": "nowhere"},
        json={"entity_type": "container", "entity_id": "x1", "auto_rollback": True},
    )
    assert put.status_code in (400, 404), put.text
    assert put.json()["success"] is False
    assert await _stored(api, "nowhere") == []
