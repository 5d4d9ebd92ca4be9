"""Scripts API through both edges, against the lab engine's containers."""

from __future__ import annotations

import shutil

import httpx
import pytest

from tests.support.api import gql
from tests.support.server import live_server

pytestmark = pytest.mark.lab

ASSIGN = """
mutation($c: String!, $s: String!) {
  assignScript(input: {container: $c, script: $s}) {
    __typename
    ... on ScriptAssignment { containerName scriptPath }
    ... on UserError { message code }
  }
}"""
UNASSIGN = """
mutation($c: String!) {
  unassignScript(input: {container: $c}) {
    __typename
    ... on UserError { message code }
  }
}"""


@pytest.fixture(scope="module")
def container(lab_engine, lab_images):
    image = lab_images.build("parity/scripts", "1.0.0", push=False)
    lab_engine.run_container("scripts-app", image.ref)
    yield "scripts-app"
    lab_engine.remove_container("scripts-app")


@pytest.fixture
def scripts_dir(tmp_path):
    root = tmp_path / "scripts"
    (root / "checks").mkdir(parents=True)
    ok = root / "checks" / "ok.sh"
    ok.write_text("#!/bin/sh\nexit 0\n")
    ok.chmod(0o755)
    (root / "notes.txt").write_text("not a script\n")
    (root / ".hidden.sh").write_text("#!/bin/sh\n")
    outside = tmp_path / "outside.sh"
    outside.write_text("#!/bin/sh\nexit 0\n")
    outside.chmod(0o755)
    (root / "escape.sh").symlink_to(outside)
    return root


@pytest.fixture
async def client(settings_factory, lab_engine, scripts_dir):
    settings = settings_factory(
        docker_host=lab_engine.docker_host, scripts_dir=scripts_dir
    )
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=30) as http,
    ):
        yield http


async def test_listing_shows_scripts_inside_the_folder_only(client):
    rest = (await client.get("/api/scripts")).json()["data"]
    listed = {s["relative_path"]: s["executable"] for s in rest}
    assert listed == {"checks/ok.sh": True, "notes.txt": False}
    graphql = await gql(client, "{ scripts { relativePath executable } }")
    assert {s["relativePath"]: s["executable"] for s in graphql["scripts"]} == listed


async def test_the_folder_is_ready_even_empty_and_missing_once_removed(
    client, scripts_dir
):
    query = "{ scriptsFolder { path state } }"
    folder = (await gql(client, query))["scriptsFolder"]
    assert folder == {"path": str(scripts_dir), "state": "READY"}
    shutil.rmtree(scripts_dir)
    scripts_dir.mkdir()
    # No script, but a folder to put one in.
    assert (await gql(client, query))["scriptsFolder"]["state"] == "READY"
    scripts_dir.rmdir()
    # An empty list alone said "no scripts" here too.
    assert (await gql(client, "{ scripts { name } }"))["scripts"] == []
    assert (await gql(client, query))["scriptsFolder"]["state"] == "MISSING"


async def test_assign_and_unassign_through_both_edges(client, container):
    # REST, with the original's field names
    response = await client.post(
        "/api/scripts/assign",
        json={"container_name": container, "script_path": "checks/ok.sh"},
    )
    assert response.status_code == 200
    assert response.json()["data"]["script_path"] == "checks/ok.sh"
    assigned = (await client.get("/api/scripts/assigned")).json()["data"]
    assert [(a["container_name"], a["script_path"]) for a in assigned] == [
        (container, "checks/ok.sh")
    ]
    assert (await client.delete(f"/api/scripts/assign/{container}")).status_code == 200

    # GraphQL, absolute path inside the folder
    listed = (await client.get("/api/scripts")).json()["data"]
    absolute = next(s["path"] for s in listed if s["relative_path"] == "checks/ok.sh")
    data = await gql(client, ASSIGN, c=container, s=absolute)
    assert data["assignScript"] == {
        "__typename": "ScriptAssignment",
        "containerName": container,
        "scriptPath": "checks/ok.sh",
    }
    listed = await gql(client, "{ scriptAssignments { containerName scriptPath } }")
    assert listed["scriptAssignments"] == [
        {"containerName": container, "scriptPath": "checks/ok.sh"}
    ]
    assert (await gql(client, UNASSIGN, c=container))["unassignScript"][
        "__typename"
    ] == "ScriptUnassigned"
    again = await gql(client, UNASSIGN, c=container)
    assert again["unassignScript"]["code"] == "NOT_FOUND"
    rest_again = await client.delete(f"/api/scripts/assign/{container}")
    assert rest_again.status_code == 404


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        ("../outside.sh", "outside the scripts folder"),
        ("escape.sh", "outside the scripts folder"),
        ("notes.txt", "not executable"),
        ("missing.sh", "script not found"),
        ("checks", "not a regular file"),
    ],
)
async def test_scripts_outside_the_folder_or_unusable_are_refused(
    client, container, script, reason
):
    response = await client.post(
        "/api/scripts/assign", json={"container": container, "script": script}
    )
    assert response.status_code == 400
    assert reason in response.json()["error"]["message"]
    data = await gql(client, ASSIGN, c=container, s=script)
    assert data["assignScript"]["code"] == "BAD_REQUEST"
    assert reason in data["assignScript"]["message"]


async def test_unknown_container_is_404_on_both_edges(client):
    response = await client.post(
        "/api/scripts/assign", json={"container": "ghost", "script": "checks/ok.sh"}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
    data = await gql(client, ASSIGN, c="ghost", s="checks/ok.sh")
    assert data["assignScript"]["__typename"] == "NotFoundError"
