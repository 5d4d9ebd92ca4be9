"""Restarts and `docksmith.restart-after` dependants against the lab."""

from __future__ import annotations

import json

import pytest

from tests.support.api import lab_api, subscription_events, wait_done, ws_url

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def registry(lab_images, lab_registry):
    lab_images.build_many("rst/app", ["1.0.0", "1.1.0"])
    return lab_registry.host


@pytest.fixture(scope="module")
async def api(registry, lab_engine, tmp_path_factory):

    root = tmp_path_factory.mktemp("rst")
    scripts = root / "scripts"
    scripts.mkdir()
    block = scripts / "no.sh"
    block.write_text('#!/bin/sh\necho "not now for $CONTAINER_NAME"\nexit 1\n')
    block.chmod(0o755)
    async with lab_api(root, lab_engine.docker_host, scripts_dir=scripts) as client:
        yield client


def inspect(lab_engine, name: str) -> dict:
    [info] = lab_engine.inspect(name)
    return info


def started_at(lab_engine, name: str) -> str:
    return inspect(lab_engine, name)["State"]["StartedAt"]


GLUETUN = """\
services:
  vpn:
    image: {r}/rst/app:1.0.0
    container_name: {p}-vpn
    network_mode: none
  app:
    image: {r}/rst/app:1.0.0
    container_name: {p}-app
    network_mode: "service:vpn"
    labels:
      - docksmith.restart-after={p}-vpn
"""


async def test_gluetun_pair_survives_an_update_of_the_vpn(
    api, lab, lab_engine, registry
):
    stack = lab.stacks.create("rstg", compose_text=GLUETUN.format(r=registry, p="rstg"))
    stack.up()
    vpn_before = inspect(lab_engine, "rstg-vpn")["Id"]
    assert inspect(lab_engine, "rstg-app")["HostConfig"]["NetworkMode"] == (
        f"container:{vpn_before}"
    )

    started = (
        await api.post(
            "/api/update", json={"container": "rstg-vpn", "version": "1.1.0"}
        )
    ).json()["data"]
    op = await wait_done(api, started["operation_id"])

    assert op["status"] == "complete", op
    vpn_after = inspect(lab_engine, "rstg-vpn")["Id"]
    assert vpn_after != vpn_before
    app = inspect(lab_engine, "rstg-app")
    assert app["HostConfig"]["NetworkMode"] == f"container:{vpn_after}"
    assert app["State"]["Running"] is True
    assert op["dependents_affected"] == ["rstg-app"]
    assert any("dependant rstg-app recreated" in line["message"] for line in op["log"])

    # rolling the vpn back recreates it again: the dependant follows again
    rollback = (
        await api.post("/api/rollback", json={"operation_id": op["operation_id"]})
    ).json()["data"]
    op = await wait_done(api, rollback["operation_id"])
    assert op["status"] == "complete", op
    vpn_back = inspect(lab_engine, "rstg-vpn")
    assert vpn_back["Config"]["Image"].endswith("rst/app:1.0.0")
    app = inspect(lab_engine, "rstg-app")
    assert app["HostConfig"]["NetworkMode"] == f"container:{vpn_back['Id']}"
    assert app["State"]["Running"] is True
    stack.down()


async def test_restart_restarts_dependants_and_honours_assigned_scripts(
    api, lab, lab_engine, registry
):
    stack = lab.stacks.create("rstr", compose_text=GLUETUN.format(r=registry, p="rstr"))
    stack.up()
    vpn_id = inspect(lab_engine, "rstr-vpn")["Id"]
    app_started = started_at(lab_engine, "rstr-app")

    response = await api.post("/api/restart", json={"container_name": "rstr-vpn"})
    assert response.status_code == 200, response.text
    op = await wait_done(api, response.json()["data"]["operation_id"])
    assert op["status"] == "complete", op
    assert op["operation_type"] == "restart"
    assert op["dependents_affected"] == ["rstr-app"]
    assert inspect(lab_engine, "rstr-vpn")["Id"] == vpn_id  # a restart, not a recreate
    assert started_at(lab_engine, "rstr-app") != app_started
    assert inspect(lab_engine, "rstr-app")["State"]["Running"] is True

    # an assigned script blocks a restart until forced
    assigned = await api.post(
        "/api/scripts/assign", json={"container": "rstr-vpn", "script": "no.sh"}
    )
    assert assigned.status_code == 200, assigned.text
    vpn_started = started_at(lab_engine, "rstr-vpn")
    blocked = (await api.post("/api/restart/container/rstr-vpn")).json()["data"]
    op = await wait_done(api, blocked["operation_id"])
    assert op["status"] == "failed"
    assert "not now for rstr-vpn" in op["error_message"]
    assert not op["dependents_affected"]  # refused: none restarted
    assert started_at(lab_engine, "rstr-vpn") == vpn_started
    forced = (await api.post("/api/restart/container/rstr-vpn?force=true")).json()[
        "data"
    ]
    assert forced["force"] is True
    op = await wait_done(api, forced["operation_id"])
    assert op["status"] == "complete", op
    assert any("skipped (forced)" in line["message"] for line in op["log"])
    assert started_at(lab_engine, "rstr-vpn") != vpn_started
    await api.delete("/api/scripts/assign/rstr-vpn")
    stack.down()


ORDERED = """\
services:
  web:
    image: {r}/rst/app:1.0.0
    network_mode: none
    labels:
      docksmith.restart-after: rsts-api
  api:
    image: {r}/rst/app:1.0.0
    container_name: rsts-api
    network_mode: none
    depends_on: [db]
  db:
    image: {r}/rst/app:1.0.0
    network_mode: none
"""


async def test_stack_restart_follows_dependency_order(api, lab, lab_engine, registry):
    stack = lab.stacks.create("rsts", compose_text=ORDERED.format(r=registry))
    stack.up()
    names = {s: stack.container(s).name for s in ("web", "api", "db")}
    before = {s: started_at(lab_engine, n) for s, n in names.items()}

    response = await api.post("/api/restart/stack/rsts")
    assert response.status_code == 200, response.text
    op = await wait_done(api, response.json()["data"]["operation_id"])

    assert op["status"] == "complete", op
    after = {s: started_at(lab_engine, n) for s, n in names.items()}
    assert all(after[s] != before[s] for s in names)
    assert after["db"] < after["api"] < after["web"]
    order = next(line["message"] for line in op["log"] if "order:" in line["message"])
    assert order.endswith(f"[{names['db']}] -> [rsts-api] -> [{names['web']}]")
    assert {
        d["container_name"]: d["status"] for d in op["batch_details"]
    } == dict.fromkeys(names.values(), "complete")
    missing = await api.post("/api/restart/stack/no-such-stack")
    assert missing.status_code == 404
    stack.down()


async def test_sse_restart_streams_to_completion(api, lab, lab_engine, registry):
    stack = lab.stacks.create(
        "rsse",
        compose_text=f"services:\n  one:\n    image: {registry}/rst/app:1.0.0\n"
        "    network_mode: none\n",
    )
    stack.up()
    name = stack.container("one").name
    before = started_at(lab_engine, name)
    events = []
    async with api.stream("POST", f"/api/restart/start/{name}") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        async for line in response.aiter_lines():
            if line.startswith("data:"):
                events.append(json.loads(line.removeprefix("data:").strip()))
    assert {e["type"] for e in events} == {"restart.progress"}
    stages = [e["payload"]["stage"] for e in events]
    assert stages[-1] == "complete", events
    assert "restarting" in stages
    operation_ids = {e["payload"]["operation_id"] for e in events}
    assert len(operation_ids) == 1
    # The stream's own first and last events are shaped like the engine's.
    for event in events:
        payload = event["payload"]
        assert set(payload) == set(events[1]["payload"]), events
        assert payload["operation_type"] == "restart", event
        assert isinstance(payload["timestamp"], int), event
    assert started_at(lab_engine, name) != before

    missing = await api.post("/api/restart/start/ghost")
    assert missing.status_code == 404
    assert missing.json()["success"] is False
    stack.down()


async def test_graphql_restart_with_dependants(api, lab, registry):
    stack = lab.stacks.create(
        "rsgq",
        compose_text=f"services:\n  one:\n    image: {registry}/rst/app:1.0.0\n"
        "    network_mode: none\n",
    )
    stack.up()
    name = stack.container("one").name
    query = """mutation($c: String!) { restartWithDependants(input: {container: $c}) {
        __typename ... on OperationStarted { operationId }
        ... on UserError { message } } }"""
    body = (
        await api.post("/graphql", json={"query": query, "variables": {"c": name}})
    ).json()
    result = body["data"]["restartWithDependants"]
    assert result["__typename"] == "OperationStarted", body
    subscription = (
        "subscription($id: String!) { restartProgress(operationId: $id) "
        "{ operationId stage progress } }"
    )
    events = await subscription_events(
        ws_url(api),
        subscription,
        "restartProgress",
        variables={"id": result["operationId"]},
    )
    assert {e["operationId"] for e in events} == {result["operationId"]}
    stages = [e["stage"] for e in events]
    # the subscription may join mid-way (or after the end): it always ends
    # with the final stage
    assert stages[-1] == "COMPLETE", stages
    assert (await wait_done(api, result["operationId"]))["status"] == "complete"
    body = (
        await api.post("/graphql", json={"query": query, "variables": {"c": "ghost"}})
    ).json()
    assert body["data"]["restartWithDependants"]["__typename"] == "NotFoundError"
    stack.down()
