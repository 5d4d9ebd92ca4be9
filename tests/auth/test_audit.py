"""Each operation records who started it: a user, a token (token:<name>),
or Docksmith itself (auto); history (the operations list) shows it."""

from __future__ import annotations

import httpx
import pytest

from services.auth.modes import AuthMode
from services.auth.principal import Scope
from services.config import Settings
from services.operations import OperationType
from tests.support.api import wait_done
from tests.support.server import live_server

pytestmark = pytest.mark.lab

COMPOSE = """\
services:
  app:
    image: {r}/audit/app:1.0.0
    container_name: audit-app
    network_mode: none
"""


@pytest.fixture(scope="module")
def stack(lab, lab_images, lab_registry):
    lab_images.build_many("audit/app", ["1.0.0"])
    created = lab.stacks.create(
        "audit", compose_text=COMPOSE.format(r=lab_registry.host)
    )
    created.up()
    yield created
    created.down()


async def test_operations_say_who_started_them(stack, lab_engine, tmp_path):
    settings = Settings(
        _env_file=None,
        db_path=tmp_path / "d.db",
        docker_host=lab_engine.docker_host,
        scripts_dir=tmp_path / "scripts",
        auth=AuthMode.LOCAL,
    )
    async with live_server(settings) as live:
        token = await live.ctx.auth.tokens.create(name="ci", scope=Scope.OPERATE)
        await live.ctx.auth.set_password("alice", "alice's password")
        async with httpx.AsyncClient(base_url=live.url, timeout=120) as client:
            bearer = {"Authorization": f"Bearer {token.secret}"}
            started = await client.post(
                "/api/restart/container/audit-app", headers=bearer
            )
            assert started.status_code == 200, started.text
            first = started.json()["data"]["operation_id"]
            await wait_done(_Authed(client, bearer), first)

            login = await client.post(
                "/api/auth/login",
                json={"name": "alice", "password": "alice's password"},
            )
            csrf = {"X-CSRF-Token": login.json()["data"]["csrf_token"]}
            second = (
                await client.post("/api/restart/container/audit-app", headers=csrf)
            ).json()["data"]["operation_id"]
            await wait_done(client, second)

            listed = (await client.get("/api/operations")).json()["data"]
            by_id = {op["operation_id"]: op for op in listed}
            assert by_id[first]["started_by"] == "token:ci"
            assert by_id[second]["started_by"] == "alice"
            gql = await client.post(
                "/graphql",
                json={
                    "query": "{ operations { edges { node { operationId startedBy } } } }"
                },
                headers=csrf,
            )
            nodes = {
                e["node"]["operationId"]: e["node"]["startedBy"]
                for e in gql.json()["data"]["operations"]["edges"]
            }
            assert nodes[first] == "token:ci"
            assert nodes[second] == "alice"

        # Started by nobody's request: Docksmith itself.
        handle = await live.ctx.operations.start(OperationType.RESTART, "audit-app")
        await handle.complete("done")
        record = await live.ctx.repos.operations.get(handle.operation_id)
        assert record.started_by == "auto"


class _Authed:
    """The client with a header on every GET (wait_done polls with GET)."""

    def __init__(self, client: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self.client, self.headers = client, headers

    async def get(self, url: str) -> httpx.Response:
        return await self.client.get(url, headers=self.headers)
