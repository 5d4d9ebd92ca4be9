"""An `exec:` post-update action runs a command inside the container after
each update, so setting one needs the admin scope even where
ALLOW_EXEC_ACTIONS=true allows them: an `operate` token may change labels,
not run commands (removing the container already needs admin). Checked
before the engine is asked, so no engine is needed here."""

from __future__ import annotations

import httpx
import pytest

from services.auth.modes import AuthMode
from services.auth.principal import Scope
from services.config import Settings
from tests.support.server import live_server

EXEC = "exec:touch /ran"
SET_GQL = """mutation($c: String!, $v: String!) {
  setLabels(input: {container: $c, labels: [{key: "docksmith.post-update", value: $v}]})
  { __typename }
}"""
CHECK_GQL = """query($c: String!, $v: String!) {
  validateLabels(input: {container: $c, labels: [{key: "docksmith.post-update", value: $v}]})
  { valid problems { label message } }
}"""


@pytest.fixture(scope="module")
async def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("exec-scope")
    settings = Settings(
        _env_file=None,
        db_path=root / "d.db",
        docker_host=f"unix://{root}/no-docker.sock",
        scripts_dir=root / "scripts",
        auth=AuthMode.LOCAL,
        allow_exec_actions=True,
    )
    async with live_server(settings) as live:
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
