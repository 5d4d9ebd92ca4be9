"""The hosts API on both edges (real server; the engines named here are
absent sockets, so every connection test reports the host down)."""

from __future__ import annotations

import httpx
import pytest

from tests.support.server import live_server

SECRET = "-----BEGIN PRIVATE KEY----- not-for-answers"


@pytest.fixture
async def api(settings_factory, tmp_path):
    nas = tmp_path / "hosts" / "nas"
    nas.mkdir(parents=True)
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (nas / name).write_text(SECRET)
    settings = settings_factory(
        docker_hosts=f"box=unix://{tmp_path}/box.sock",
        hosts_dir=tmp_path / "hosts",
    )
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=30) as client,
    ):
        yield client


async def graphql(api: httpx.AsyncClient, query: str, **variables) -> dict:
    response = await api.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_hosts_are_listed_added_tested_and_removed(api, tmp_path):
    listed = (await api.get("/api/hosts")).json()["data"]
    assert [(h["name"], h["source"], h["kind"]) for h in listed] == [
        ("local", "default", "unix"),
        ("box", "environment", "unix"),
    ]
    assert listed[0]["file_access"] is True
    assert listed[1]["read_only_reason"].startswith("the compose files of host box")

    tested = (await api.post("/api/hosts/box/test")).json()["data"]
    assert tested["status"] == "down"
    assert tested["error"]

    added = await api.post(
        "/api/hosts", json={"name": "nas", "url": "tcp://127.0.0.1:9"}
    )
    assert added.status_code == 200, added.text
    assert added.json()["data"]["source"] == "api"
    assert added.json()["data"]["status"] == "down"

    data = await graphql(
        api, "{ hosts { name url kind source status fileAccess readOnlyReason } }"
    )
    assert [h["name"] for h in data["hosts"]] == ["local", "box", "nas"]
    assert data["hosts"][2]["kind"] == "TCP"

    # TLS material is used, never shown.
    for answer in (
        (await api.get("/api/hosts")).text,
        str(await graphql(api, '{ host(name: "nas") { name url error } }')),
    ):
        assert "not-for-answers" not in answer

    refused = await api.delete("/api/hosts/box")
    assert refused.status_code == 409
    assert "DOCKER_HOSTS" in refused.json()["error"]["message"]
    removed = await graphql(
        api,
        'mutation { removeHost(input: {name: "nas"}) '
        "{ ... on DockerHostRemoved { name } ... on UserError { message code } } }",
    )
    assert removed == {"removeHost": {"name": "nas"}}
    assert (await api.delete("/api/hosts/nas")).status_code == 404


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"name": "Bad Name", "url": "unix:///x.sock"}, "invalid host name"),
        ({"name": "x", "url": "http://x:2375"}, "expected unix://, tcp:// or ssh://"),
        ({"name": "vps", "url": "ssh://me@127.0.0.1"}, "needs a private key"),
        ({"name": "other", "url": "tcp://127.0.0.1:2376"}, "ca.pem is missing"),
        ({"name": "local", "url": "unix:///x.sock"}, "already exists"),
    ],
)
async def test_a_bad_host_is_refused_in_the_envelope(api, body, says):
    response = await api.post("/api/hosts", json=body)
    assert response.status_code in {400, 409}
    error = response.json()["error"]
    assert says in error["message"]
    listed = (await api.get("/api/hosts")).json()["data"]
    assert [h["name"] for h in listed] == ["local", "box"]
