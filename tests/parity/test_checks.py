"""The checker against the lab: every status, through REST and GraphQL."""

from __future__ import annotations

import httpx
import pytest

from tests.lab.registry import LabRegistry
from tests.support.server import live_server

pytestmark = pytest.mark.lab

CONTAINERS = """
query($f: ContainerFilterInput) {
  containers(filter: $f) {
    name status currentVersion latestVersion latestTag recommendedTag changeType
    error composeImage envControlled envVarName updateAvailable
    preUpdateCheck { passed output }
  }
}"""


@pytest.fixture(scope="module")
def world(lab, lab_engine, lab_images, lab_registry, tmp_path_factory):
    """One stack with a container per status, plus standalone containers."""
    api = lab_registry.api
    lab_images.build_many("chk/app", ["1.0.0", "1.1.0", "2.0.0"])
    # floating: `latest` is 1.0.0
    lab_images.build_many("chk/floating", ["1.0.0"])
    api.move_tag("chk/floating", "latest", "1.0.0")
    # moving: `latest` was 1.0.0 when the container started, then moved to 1.1.0
    lab_images.build_many("chk/moving", ["1.0.0", "1.1.0"])
    api.move_tag("chk/moving", "latest", "1.0.0")
    lab_engine.docker(
        "pull", "--quiet", lab_registry.ref("chk/floating", "latest"), timeout=60
    )
    lab_engine.docker(
        "pull", "--quiet", lab_registry.ref("chk/moving", "latest"), timeout=60
    )
    api.move_tag("chk/moving", "latest", "1.1.0")

    r = lab_registry.host
    compose = f"""\
services:
  app:
    image: {r}/chk/app:1.0.0
    network_mode: none
  pinned:
    image: {r}/chk/app:1.0.0
    network_mode: none
    labels:
      - docksmith.version-pin-major=true
  ignored:
    image: {r}/chk/app:1.0.0
    network_mode: none
    labels:
      docksmith.ignore: "true"
  pinnable:
    image: {r}/chk/floating:latest
    network_mode: none
  moved:
    image: {r}/chk/moving:latest
    network_mode: none
  envctl:
    image: {r}/chk/app:${{APP_TAG}}
    network_mode: none
  blocked:
    image: {r}/chk/app:1.0.0
    network_mode: none
    labels:
      docksmith.pre-update-check: block.sh
  mismatch:
    image: {r}/chk/app:1.0.0
    network_mode: none
"""
    stack = lab.stacks.create(
        "chk", compose_text=compose, env_file={"APP_TAG": "2.0.0"}
    )
    stack.up()
    # the compose file is edited after `up`: the running container is now behind it
    stack.write_text(
        stack.read_text().replace(
            f"  mismatch:\n    image: {r}/chk/app:1.0.0",
            f"  mismatch:\n    image: {r}/chk/app:1.1.0",
        )
    )

    local = lab_images.build("chk/local", "0.1.0", push=False)
    lab_engine.run_container("chk-local", local.ref)

    # a registry that goes away after the image was pulled from it
    gone = LabRegistry()
    gone.start()
    gone_ref = gone.ref("chk/gone", "1.0.0")
    lab_images.build_ref(gone_ref)
    lab_engine.docker("push", "--quiet", gone_ref, timeout=60)
    lab_engine.run_container("chk-gone", gone_ref)
    gone.close()

    scripts = tmp_path_factory.mktemp("scripts")
    block = scripts / "block.sh"
    block.write_text('#!/bin/sh\necho "maintenance window closed for $1 $2"\nexit 1\n')
    block.chmod(0o755)

    names = {
        svc: stack.container(svc).name
        for svc in (
            "app",
            "pinned",
            "ignored",
            "pinnable",
            "moved",
            "envctl",
            "blocked",
            "mismatch",
        )
    }
    names.update(local="chk-local", gone="chk-gone")
    yield {"names": names, "scripts": scripts, "gone_host": gone.host}
    stack.down()
    lab_engine.remove_container("chk-local")
    lab_engine.remove_container("chk-gone")


@pytest.fixture(scope="module")
async def checked(world, lab_engine, tmp_path_factory):
    from services.config import Settings

    db = tmp_path_factory.mktemp("db") / "docksmith.db"
    settings = Settings(
        _env_file=None,
        db_path=db,
        docker_host=lab_engine.docker_host,
        scripts_dir=world["scripts"],
    )
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=60) as client,
    ):
        response = await client.get("/api/check")
        assert response.status_code == 200, response.text
        by_name = {c["name"]: c for c in response.json()["data"]["containers"]}
        yield {
            "client": client,
            "rest": by_name,
            "live": live,
            "names": world["names"],
            "gone_host": world["gone_host"],
        }


def _get(checked, key):
    return checked["rest"][checked["names"][key]]


async def test_semver_update(checked):
    app = _get(checked, "app")
    assert app["status"] == "UPDATE_AVAILABLE"
    assert (app["current_version"], app["latest_version"], app["change_type"]) == (
        "1.0.0",
        "2.0.0",
        "major",
    )
    assert app["update_available"] is True
    assert app["stack"] == "chk"


async def test_pin_major_label(checked):
    pinned = _get(checked, "pinned")
    assert (pinned["status"], pinned["latest_version"]) == ("UPDATE_AVAILABLE", "1.1.0")


async def test_ignored(checked):
    assert _get(checked, "ignored")["status"] == "IGNORED"


async def test_pinnable_latest(checked):
    pinnable = _get(checked, "pinnable")
    assert pinnable["status"] == "UP_TO_DATE_PINNABLE"
    assert pinnable["recommended_tag"] == "1.0.0"


async def test_moved_latest(checked):
    moved = _get(checked, "moved")
    assert moved["status"] == "UPDATE_AVAILABLE"
    assert (moved["current_version"], moved["latest_version"]) == ("1.0.0", "1.1.0")


async def test_env_controlled_image(checked):
    envctl = _get(checked, "envctl")
    assert envctl["status"] == "UP_TO_DATE"
    assert envctl["env_controlled"] is True
    assert envctl["env_var_name"] == "APP_TAG"
    assert envctl["current_version"] == "2.0.0"


async def test_blocked_by_script(checked):
    blocked = _get(checked, "blocked")
    assert blocked["status"] == "UPDATE_AVAILABLE_BLOCKED"
    assert "maintenance window closed" in blocked["reason"]
    assert blocked["pre_update_check"]["passed"] is False
    assert checked["names"]["blocked"] in blocked["pre_update_check"]["output"]


async def test_compose_mismatch(checked):
    mismatch = _get(checked, "mismatch")
    assert mismatch["status"] == "COMPOSE_MISMATCH"
    assert mismatch["compose_image"].endswith("/chk/app:1.1.0")
    assert mismatch["error"].startswith("Running image (")
    assert "differs from compose specification" in mismatch["error"]


async def test_local_image(checked):
    assert _get(checked, "local")["status"] == "LOCAL_IMAGE"


async def test_unreachable_registry_is_an_error_for_its_containers_only(checked):
    gone = _get(checked, "gone")
    assert gone["status"] == "ERROR"
    assert checked["gone_host"] in gone["error"]
    assert _get(checked, "app")["status"] == "UPDATE_AVAILABLE"


async def test_graphql_agrees_with_rest(checked):
    client = checked["client"]
    body = (await client.post("/graphql", json={"query": CONTAINERS})).json()
    assert "errors" not in body, body
    graphql = {c["name"]: c for c in body["data"]["containers"]}
    assert set(graphql) >= set(checked["names"].values())
    for name in checked["names"].values():
        rest, gql = checked["rest"][name], graphql[name]
        assert gql["status"] == rest["status"], name
        assert gql["latestVersion"] == rest["latest_version"], name
        assert gql["currentVersion"] == rest["current_version"], name
    filtered = (
        await client.post(
            "/graphql",
            json={
                "query": CONTAINERS,
                "variables": {"f": {"status": "UPDATE_AVAILABLE", "stack": "chk"}},
            },
        )
    ).json()
    assert {c["name"] for c in filtered["data"]["containers"]} == {
        checked["names"][k] for k in ("app", "pinned", "moved")
    }


async def test_status_counts_and_history(checked):
    client = checked["client"]
    status = (await client.get("/api/status")).json()["data"]
    assert status["total_checked"] == len(checked["rest"])
    assert status["updates_found"] == status["counts"]["UPDATE_AVAILABLE"] >= 3
    assert status["check_interval"] == "5m0s"
    assert status["cache_ttl"] == "1h0m0s"
    assert status["checking"] is False
    assert status["last_cache_refresh"] is not None
    gql = (
        await client.post(
            "/graphql",
            json={"query": "{ status { totalChecked updatesFound checkInterval } }"},
        )
    ).json()
    assert gql["data"]["status"] == {
        "totalChecked": status["total_checked"],
        "updatesFound": status["updates_found"],
        "checkInterval": "5m0s",
    }
    app = checked["names"]["app"]
    history = (
        await client.get("/api/history", params={"container": app, "type": "check"})
    ).json()["data"]
    assert history[0]["status"] == "UPDATE_AVAILABLE"


async def test_recheck_one_container_and_unknown(checked):
    client = checked["client"]
    name = checked["names"]["pinned"]
    one = (await client.get(f"/api/container/{name}/recheck")).json()["data"]
    assert (one["name"], one["latest_version"], one["update_available"]) == (
        name,
        "1.1.0",
        True,
    )
    missing = await client.get("/api/container/ghost/recheck")
    assert missing.status_code == 404
    body = (
        await client.post(
            "/graphql",
            json={
                "query": 'mutation { recheckContainer(input: {container: "ghost"}) { __typename } }'
            },
        )
    ).json()
    assert body["data"]["recheckContainer"]["__typename"] == "NotFoundError"


async def test_warm_check_makes_no_registry_request(checked, lab_registry):
    # (failures are not cached: the vanished registry is asked again, and only it)
    live = checked["live"]
    before = live.ctx.registry.request_count[lab_registry.host]
    await live.ctx.checks.run()
    assert live.ctx.registry.request_count[lab_registry.host] == before
