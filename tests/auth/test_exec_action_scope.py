"""An `exec:` post-update action runs a command inside the container after
each update, so setting one needs the admin scope even where
ALLOW_EXEC_ACTIONS=true allows them: an `operate` token may change labels,
not run commands (removing the container already needs admin). Rolling back a label change
that replaced or removed an exec: action puts it back, so that needs admin
too, whoever had set it. Checked before the engine is asked, so no engine is
needed here."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from services.auth.modes import AuthMode
from services.auth.principal import Scope
from services.lifecycle.actions import POST_UPDATE
from services.store.records import OperationRecord
from tests.support.server import live_server, no_engine_settings

EXEC = "exec:touch /ran"
SET_GQL = """mutation($c: String!, $v: String!) {
  setLabels(input: {container: $c, labels: [{key: "docksmith.post-update", value: $v}]})
  { __typename }
}"""
CHECK_GQL = """query($c: String!, $v: String!) {
  validateLabels(input: {container: $c, labels: [{key: "docksmith.post-update", value: $v}]})
  { valid problems { label message } }
}"""
ROLLBACK_GQL = """mutation($id: String!) {
  rollbackOperation(input: {operationId: $id}) { __typename }
}"""
# What asking the absent engine answers: a request got past the rules.
UNREACHED = "UpstreamFailureError"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
# Completed label changes of "web": what each set or removed, and the value
# it replaced (None: the label was not there).
LABEL_CHANGES = {
    # replaced an exec: action: undoing it puts the action back
    "op_replaced_exec": ({POST_UPDATE: "restart:db"}, [], EXEC),
    # removed one: the same
    "op_removed_exec": ({}, [POST_UPDATE], EXEC),
    # added one: undoing it removes the action, which operate may do
    "op_added_exec": ({POST_UPDATE: EXEC}, [], None),
}


def _label_change(operation_id: str) -> OperationRecord:
    done_set, done_remove, previous = LABEL_CHANGES[operation_id]
    return OperationRecord(
        operation_id=operation_id,
        operation_type="label_change",
        status="complete",
        container_name="web",
        started_at=NOW,
        batch_details=[
            {
                "container_name": "web",
                "set": done_set,
                "remove": done_remove,
                "previous": {POST_UPDATE: previous},
                "status": "complete",
            }
        ],
    )


@pytest.fixture(scope="module")
async def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("exec-scope")
    settings = no_engine_settings(
        root,
        auth=AuthMode.LOCAL,
        allow_exec_actions=True,
    )
    async with live_server(settings) as live:
        for operation_id in LABEL_CHANGES:
            await live.ctx.repos.operations.create(_label_change(operation_id))
        tokens = {
            scope: (await live.ctx.auth.tokens.create(name=str(scope), scope=scope))
            for scope in (Scope.OPERATE, Scope.ADMIN)
        }
        async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
            yield (
                client,
                {s: {"Authorization": f"Bearer {t.secret}"} for s, t in tokens.items()},
            )


async def test_an_operate_token_may_not_set_an_exec_action_over_rest(server):
    client, bearer = server
    body = {"container": "web", "labels": {"docksmith.post-update": EXEC}}
    refused = await client.post(
        "/api/labels/set", json=body, headers=bearer[Scope.OPERATE]
    )
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert error["code"] == "FORBIDDEN"
    assert "admin scope" in error["message"]
    assert "exec:" in error["message"]
    typed = {"container": "web", "post_update": EXEC}
    again = await client.post(
        "/api/labels/set", json=typed, headers=bearer[Scope.OPERATE]
    )
    assert again.status_code == 403, again.text

    # an admin gets past the rule (to the engine, which is absent here)
    admin = await client.post("/api/labels/set", json=body, headers=bearer[Scope.ADMIN])
    assert admin.status_code not in (400, 403), admin.text
    # other post-update actions stay operate's
    restart = {"container": "web", "labels": {"docksmith.post-update": "restart:db"}}
    other = await client.post(
        "/api/labels/set", json=restart, headers=bearer[Scope.OPERATE]
    )
    assert other.status_code not in (400, 403), other.text


async def test_an_operate_token_may_not_set_an_exec_action_over_graphql(server):
    client, bearer = server
    variables = {"c": "web", "v": EXEC}
    refused = await client.post(
        "/graphql",
        json={"query": SET_GQL, "variables": variables},
        headers=bearer[Scope.OPERATE],
    )
    answer = refused.json()
    assert answer["data"] is None or answer["data"].get("setLabels") is None, answer
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN", error
    assert "admin scope" in error["message"]

    checked = await client.post(
        "/graphql",
        json={"query": CHECK_GQL, "variables": variables},
        headers=bearer[Scope.OPERATE],
    )
    validation = checked.json()["data"]["validateLabels"]
    assert validation["valid"] is False
    [problem] = validation["problems"]
    assert problem["label"] == "docksmith.post-update"
    assert "admin scope" in problem["message"]


@pytest.mark.parametrize("operation_id", ["op_replaced_exec", "op_removed_exec"])
async def test_an_operate_token_may_not_roll_an_exec_action_back_in(
    server, operation_id
):
    client, bearer = server
    for force in (False, True):
        body = {"operation_id": operation_id, "force": force}
        refused = await client.post(
            "/api/rollback", json=body, headers=bearer[Scope.OPERATE]
        )
        assert refused.status_code == 403, refused.text
        error = refused.json()["error"]
        assert error["code"] == "FORBIDDEN"
        assert "admin scope" in error["message"]
        assert "exec:" in error["message"]

    answer = (
        await client.post(
            "/graphql",
            json={"query": ROLLBACK_GQL, "variables": {"id": operation_id}},
            headers=bearer[Scope.OPERATE],
        )
    ).json()
    assert answer["data"] is None or answer["data"].get("rollbackOperation") is None
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN", error
    assert "admin scope" in error["message"]

    # an admin gets past the rule (to the engine, which is absent here)
    admin = await client.post(
        "/api/rollback",
        json={"operation_id": operation_id},
        headers=bearer[Scope.ADMIN],
    )
    assert admin.json()["error"]["code"] == "DOCKER_UNAVAILABLE", admin.text


async def test_an_operate_token_may_roll_back_a_change_that_added_an_exec_action(
    server,
):
    client, bearer = server
    # undoing it removes the action: past the rule, to the absent engine
    rest = await client.post(
        "/api/rollback",
        json={"operation_id": "op_added_exec"},
        headers=bearer[Scope.OPERATE],
    )
    assert rest.json()["error"]["code"] == "DOCKER_UNAVAILABLE", rest.text
    answer = (
        await client.post(
            "/graphql",
            json={"query": ROLLBACK_GQL, "variables": {"id": "op_added_exec"}},
            headers=bearer[Scope.OPERATE],
        )
    ).json()
    assert answer["data"]["rollbackOperation"]["__typename"] == UNREACHED, answer


async def test_a_rollback_does_not_put_an_exec_action_back_while_they_are_off(
    tmp_path,
):
    """With ALLOW_EXEC_ACTIONS off, setting an exec: action is refused (400),
    and so is a rollback that would put one back, even an admin's; one that
    takes an exec: action away is not."""
    settings = no_engine_settings(
        tmp_path, auth=AuthMode.LOCAL, allow_exec_actions=False
    )
    async with live_server(settings) as live:
        for operation_id in LABEL_CHANGES:
            await live.ctx.repos.operations.create(_label_change(operation_id))
        token = await live.ctx.auth.tokens.create(name="admin", scope=Scope.ADMIN)
        headers = {"Authorization": f"Bearer {token.secret}"}
        async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
            for operation_id in ("op_replaced_exec", "op_removed_exec"):
                refused = await client.post(
                    "/api/rollback",
                    json={"operation_id": operation_id, "force": True},
                    headers=headers,
                )
                assert refused.status_code == 400, refused.text
                error = refused.json()["error"]
                assert error["code"] == "BAD_REQUEST"
                assert "ALLOW_EXEC_ACTIONS=true" in error["message"]
            taken_away = await client.post(
                "/api/rollback", json={"operation_id": "op_added_exec"}, headers=headers
            )
            assert taken_away.json()["error"]["code"] == "DOCKER_UNAVAILABLE"
