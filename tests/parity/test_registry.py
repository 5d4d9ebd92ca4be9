"""Registry tags and Docker config through both edges, against lab registries."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from tests.support.server import live_server

pytestmark = pytest.mark.lab

TAGS = "query($i: String!) { registryTags(image: $i) { imageRef tags count } }"


@pytest.fixture(scope="module")
def pushed(lab_images):
    built = lab_images.build_many("parity/registry", ["1.0.0", "1.1.0", "2.0.0"])
    return next(iter(built.values())).ref.rsplit(":", 1)[0]


@pytest.fixture
def docker_config(tmp_path, lab_auth_registry):
    config = tmp_path / "docker-config"
    config.mkdir()
    token = base64.b64encode(
        f"{lab_auth_registry.username}:{lab_auth_registry.password}".encode()
    ).decode()
    (config / "config.json").write_text(
        json.dumps(
            {
                "auths": {lab_auth_registry.host: {"auth": token}},
                "credHelpers": {"registry.example:5000": "test"},
            }
        )
    )
    return config


@pytest.fixture
async def client(settings_factory, docker_config):
    settings = settings_factory(docker_config=docker_config)
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=30) as http,
    ):
        yield http


async def test_tags_through_both_edges(client, pushed):
    rest = (await client.get(f"/api/registry/tags/{pushed}")).json()["data"]
    # newest first, as in the seed
    assert rest == {
        "image_ref": pushed,
        "tags": ["2.0.0", "1.1.0", "1.0.0"],
        "count": 3,
    }
    body = (
        await client.post("/graphql", json={"query": TAGS, "variables": {"i": pushed}})
    ).json()
    assert body["data"]["registryTags"] == {
        "imageRef": pushed,
        "tags": rest["tags"],
        "count": 3,
    }


async def test_private_registry_uses_docker_config_credentials(
    client, lab_auth_registry, lab_images, lab_engine
):
    ref = f"{lab_auth_registry.host}/private/app"
    lab_images.build_ref(f"{ref}:3.1.0")
    lab_engine.docker(
        "login",
        "-u",
        lab_auth_registry.username,
        "--password-stdin",
        lab_auth_registry.host,
        input=lab_auth_registry.password,
    )
    lab_engine.docker("push", "--quiet", f"{ref}:3.1.0", timeout=60)
    rest = (await client.get(f"/api/registry/tags/{ref}")).json()
    assert rest["data"]["tags"] == ["3.1.0"]


async def test_unknown_repository_is_a_clear_error_on_both_edges(client, lab_registry):
    image = f"{lab_registry.host}/no/such-repo"
    response = await client.get(f"/api/registry/tags/{image}")
    assert response.status_code in (404, 502)
    error = response.json()["error"]
    assert lab_registry.host in error["message"]
    body = (
        await client.post("/graphql", json={"query": TAGS, "variables": {"i": image}})
    ).json()
    assert body["errors"][0]["extensions"]["code"] == error["code"]


async def test_invalid_image_reference_is_400(client):
    response = await client.get("/api/registry/tags/UPPER/Case:bad:tag")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_REQUEST"


async def test_docker_config_names_registries_but_never_secrets(
    client, lab_auth_registry, docker_config
):
    response = await client.get("/api/docker-config")
    text = response.text
    data = response.json()["data"]
    assert data["config_path"] == str(docker_config / "config.json")
    assert data["config_found"] is True
    assert lab_auth_registry.host in data["registries"]
    assert data["cred_helpers"] == {"registry.example:5000": "test"}
    assert lab_auth_registry.password not in text
    body = (
        await client.post(
            "/graphql", json={"query": "{ dockerConfig { registries configFound } }"}
        )
    ).json()
    assert body["data"]["dockerConfig"] == {
        "registries": data["registries"],
        "configFound": True,
    }
