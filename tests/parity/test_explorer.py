"""Explorer listings and resource removal through both edges, on the lab engine."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.support.api import gql
from tests.support.server import live_server

pytestmark = pytest.mark.lab

EXPLORER = """{
  explorer {
    containers { name image state stack created networks ports { containerPort } }
    images { id tags size inUse dangling containers }
    networks { name driver scope builtin containers }
    volumes { name driver mountPoint containers size }
  }
}"""
REMOVE_IMAGE = """
mutation($id: String!, $force: Boolean!) {
  removeImage(input: {image: $id, force: $force}) {
    __typename
    ... on ImageRemoved { untagged deleted }
    ... on UserError { message code }
  }
}"""
REMOVE_NETWORK = """
mutation($id: String!, $force: Boolean!) {
  removeNetwork(input: {network: $id, force: $force}) {
    __typename
    ... on ResourceRemoved { name }
    ... on UserError { message code }
  }
}"""
REMOVE_VOLUME = """
mutation($name: String!) {
  removeVolume(input: {volume: $name}) {
    __typename
    ... on ResourceRemoved { name }
    ... on UserError { message code }
  }
}"""


@pytest.fixture(scope="module")
def resources(lab_engine, lab_images):
    """A running container with a volume, a stopped one on a user network."""
    image = lab_images.build("explorer/app", "1.0.0", push=False)
    spare = lab_images.build("explorer/spare", "1.0.0", push=False)
    lab_engine.docker("volume", "create", "explorer-data")
    lab_engine.docker("network", "create", "--internal", "explorer-net")
    lab_engine.run_container(
        "explorer-app",
        image.ref,
        labels={"com.docker.compose.project": "explorer"},
        extra_args=["-v", "explorer-data:/data"],
    )
    lab_engine.docker(
        "create", "--name", "explorer-idle", "--network", "explorer-net", spare.ref
    )
    yield {"image": image, "spare": spare}
    for name in ("explorer-app", "explorer-idle"):
        lab_engine.remove_container(name)
    lab_engine.docker("volume", "rm", "-f", "explorer-data", check=False)
    lab_engine.docker("network", "rm", "explorer-net", check=False)
    lab_engine.docker("rmi", "-f", image.ref, spare.ref, check=False)


@pytest.fixture
async def client(settings_factory, lab_engine):
    settings = settings_factory(docker_host=lab_engine.docker_host)
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=30) as http,
    ):
        yield http


async def test_explorer_shows_everything_with_its_users(client, resources):
    # when
    response = await client.get("/api/explorer")

    # then the seed's four lists, each item carrying who uses it
    assert response.status_code == 200
    data = response.json()["data"]
    assert set(data) == {"containers", "images", "networks", "volumes"}
    app = next(c for c in data["containers"] if c["name"] == "explorer-app")
    assert app["state"] == "running"
    assert app["stack"] == "explorer"
    assert app["networks"] == ["none"]
    assert app["image"] == resources["image"].ref
    assert app["created"]
    image = next(i for i in data["images"] if i["id"] == resources["image"].image_id)
    assert image["tags"] == [resources["image"].ref]
    assert image["containers"] == ["explorer-app"]
    assert image["in_use"] is True
    assert image["dangling"] is False
    assert image["size"] > 0
    networks = {n["name"]: n for n in data["networks"]}
    assert networks["host"]["builtin"] is True
    assert networks["none"]["is_default"] is True
    assert "bridge" not in networks  # the lab engine runs with --bridge=none
    assert networks["explorer-net"]["builtin"] is False
    assert networks["explorer-net"]["containers"] == ["explorer-idle"]
    volume = next(v for v in data["volumes"] if v["name"] == "explorer-data")
    assert volume["containers"] == ["explorer-app"]
    assert volume["driver"] == "local"
    assert volume["mount_point"].endswith("/explorer-data/_data")

    # and GraphQL answers the same from the same resolver
    view = (await gql(client, EXPLORER))["explorer"]
    app_gql = next(c for c in view["containers"] if c["name"] == "explorer-app")
    assert (app_gql["state"], app_gql["stack"]) == ("running", "explorer")
    image_gql = next(i for i in view["images"] if i["id"] == image["id"])
    assert image_gql["containers"] == ["explorer-app"]
    assert {n["name"] for n in view["networks"]} == set(networks)


async def test_separate_lists_carry_counts_and_volume_sizes(client, resources):
    images = (await client.get("/api/images")).json()["data"]
    assert images["count"] == len(images["images"]) >= 2
    networks = (await client.get("/api/networks")).json()["data"]
    assert networks["count"] == len(networks["networks"])
    volumes = (await client.get("/api/volumes")).json()["data"]
    data = next(v for v in volumes["volumes"] if v["name"] == "explorer-data")
    assert data["size"] == 0  # the local driver reports its size; it is empty
    listed = await gql(client, "{ volumes { name size } networks { name } }")
    assert {"name": "explorer-data", "size": 0} in listed["volumes"]


async def test_image_in_use_is_refused_then_forced(client, lab_engine, resources):
    spare = resources["spare"]
    # given an image a stopped container uses
    response = await client.delete(f"/api/images/{spare.ref}")
    assert response.status_code == 409
    assert "explorer-idle" in response.json()["error"]["message"]
    data = await gql(client, REMOVE_IMAGE, id=spare.image_id, force=False)
    assert data["removeImage"]["__typename"] == "ConflictError"
    assert "explorer-idle" in data["removeImage"]["message"]

    # when forced, Docker allows it for a stopped container's image
    forced = await client.delete(f"/api/images/{spare.ref}", params={"force": "true"})
    assert forced.status_code == 200, forced.text
    assert forced.json()["data"]["untagged"] == [spare.ref]
    refs = lab_engine.docker("images", "--format", "{{.Repository}}:{{.Tag}}")
    assert spare.ref not in refs.stdout.split()

    # a running container's image cannot be removed even when forced
    image = resources["image"]
    running = await gql(client, REMOVE_IMAGE, id=image.image_id, force=True)
    assert running["removeImage"]["__typename"] == "ConflictError"
    assert "explorer-app" in running["removeImage"]["message"]


async def test_a_second_tag_of_an_image_in_use_is_only_untagged(
    client, lab_engine, lab_images
):
    # given a running container on an image that carries two tags
    image = lab_images.build("explorer/twotags", "1.0.0", push=False)
    second = image.ref.replace(":1.0.0", ":second")
    lab_engine.docker("tag", image.ref, second)
    lab_engine.run_container("explorer-twotags", image.ref)
    try:
        # when the second tag is removed, without force
        response = await client.delete(f"/api/images/{second}")

        # then only that tag went; the image and its container are untouched
        assert response.status_code == 200, response.text
        assert response.json()["data"]["untagged"] == [second]
        assert response.json()["data"]["deleted"] == []
        [info] = lab_engine.inspect(image.image_id)
        assert info["RepoTags"] == [image.ref]
        assert lab_engine.inspect("explorer-twotags")[0]["State"]["Running"]

        # but the last tag would delete an image in use: refused
        last = await client.delete(f"/api/images/{image.ref}")
        assert last.status_code == 409, last.text
        assert "explorer-twotags" in last.json()["error"]["message"]
        assert lab_engine.inspect(image.image_id)[0]["RepoTags"] == [image.ref]
    finally:
        lab_engine.remove_container("explorer-twotags")
        lab_engine.docker("rmi", "-f", image.ref, second, check=False)


async def test_unknown_image_is_404(client):
    response = await client.delete("/api/images/nothing/here:1")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


async def test_networks_builtin_and_in_use_are_refused(client, lab_engine, resources):
    builtin = await client.delete("/api/networks/host")
    assert builtin.status_code == 409
    assert "built into Docker" in builtin.json()["error"]["message"]
    in_use = await gql(client, REMOVE_NETWORK, id="explorer-net", force=False)
    assert in_use["removeNetwork"]["__typename"] == "ConflictError"
    assert "explorer-idle" in in_use["removeNetwork"]["message"]

    # an unused one goes, through either edge
    lab_engine.docker("network", "create", "--internal", "explorer-tmp1")
    lab_engine.docker("network", "create", "--internal", "explorer-tmp2")
    assert (await client.delete("/api/networks/explorer-tmp1")).status_code == 200
    gone = await gql(client, REMOVE_NETWORK, id="explorer-tmp2", force=False)
    assert gone["removeNetwork"] == {
        "__typename": "ResourceRemoved",
        "name": "explorer-tmp2",
    }
    names = lab_engine.docker("network", "ls", "--format", "{{.Name}}").stdout.split()
    assert "explorer-tmp1" not in names
    assert "explorer-tmp2" not in names
    assert (await client.delete("/api/networks/explorer-tmp1")).status_code == 404


async def test_forced_network_removal_disconnects_its_users(
    client, lab_engine, lab_images
):
    image = lab_images.build("explorer/net", "1.0.0", push=False)
    lab_engine.docker("network", "create", "--internal", "explorer-force")
    lab_engine.docker(
        "create", "--name", "explorer-netuser", "--network", "explorer-force", image.ref
    )
    try:
        response = await client.delete(
            "/api/networks/explorer-force", params={"force": "true"}
        )
        assert response.status_code == 200, response.text
        names = lab_engine.docker("network", "ls", "--format", "{{.Name}}").stdout
        assert "explorer-force" not in names.split()
    finally:
        lab_engine.remove_container("explorer-netuser")
        lab_engine.docker("network", "rm", "explorer-force", check=False)


async def test_volume_in_use_is_refused_unused_removed(client, lab_engine, resources):
    in_use = await client.delete("/api/volumes/explorer-data")
    assert in_use.status_code == 409
    assert "explorer-app" in in_use.json()["error"]["message"]
    forced = await client.delete("/api/volumes/explorer-data", params={"force": "true"})
    assert forced.status_code == 409  # Docker never removes a mounted volume

    lab_engine.docker("volume", "create", "explorer-free1")
    lab_engine.docker("volume", "create", "explorer-free2")
    assert (await client.delete("/api/volumes/explorer-free1")).status_code == 200
    data = await gql(client, REMOVE_VOLUME, name="explorer-free2")
    assert data["removeVolume"]["__typename"] == "ResourceRemoved"
    names = lab_engine.docker("volume", "ls", "--format", "{{.Name}}").stdout.split()
    assert "explorer-free1" not in names
    assert "explorer-free2" not in names
    missing = await gql(client, REMOVE_VOLUME, name="explorer-free2")
    assert missing["removeVolume"]["code"] == "NOT_FOUND"


def _wait_health(lab_engine, name: str, want: str) -> None:
    for _ in range(600):  # up to 60 s on a busy machine
        [info] = lab_engine.inspect(name)
        if info["State"]["Health"]["Status"] == want:
            return
        time.sleep(0.1)
    raise AssertionError(f"{name} never became {want}")


async def test_explorer_reports_each_containers_health(client, lab_engine, resources):
    # given a healthy, an unhealthy and a starting container (its first probe
    # is an hour away), one without a healthcheck, and a healthy one stopped
    # (which Docker then calls unhealthy)
    image = resources["image"].ref
    probes = {
        "explorer-healthy": ["--health-cmd", "test -f /VERSION"],
        "explorer-unhealthy": ["--health-cmd", "test -f /nonexistent"],
        "explorer-starting": ["--health-cmd", "true", "--health-interval", "1h"],
        "explorer-stopped": ["--health-cmd", "test -f /VERSION"],
    }
    for name, probe in probes.items():
        fast = [] if name == "explorer-starting" else ["--health-interval", "1s"]
        lab_engine.run_container(
            name, image, extra_args=[*probe, *fast, "--health-retries", "1"]
        )
    try:
        _wait_health(lab_engine, "explorer-healthy", "healthy")
        _wait_health(lab_engine, "explorer-unhealthy", "unhealthy")
        _wait_health(lab_engine, "explorer-stopped", "healthy")
        lab_engine.docker("stop", "--time", "1", "explorer-stopped")
        _wait_health(lab_engine, "explorer-stopped", "unhealthy")

        # when
        data = (await client.get("/api/explorer")).json()["data"]
        view = await gql(client, "{ explorer { containers { name health } } }")
        inspected = await gql(
            client, '{ containerInspect(name: "explorer-stopped") { running health } }'
        )

        # then both edges say what Docker says
        health = {c["name"]: c["health"] for c in data["containers"]}
        assert health["explorer-healthy"] == "healthy"
        assert health["explorer-unhealthy"] == "unhealthy"
        assert health["explorer-starting"] == "starting"
        assert health["explorer-app"] is None
        # A stopped container has no health, as `docker ps` shows it (it
        # read as broken); the container screen's inspection says the same.
        assert health["explorer-stopped"] is None
        assert inspected["containerInspect"] == {"running": False, "health": None}
        gql_health = {c["name"]: c["health"] for c in view["explorer"]["containers"]}
        assert {n: gql_health[n] for n in health} == {
            n: h.upper() if h else None for n, h in health.items()
        }
    finally:
        for name in probes:
            lab_engine.remove_container(name)
