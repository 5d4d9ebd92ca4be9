"""The update engine against the lab: real engine, registry and compose CLI."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import pytest

from tests.lab.images import Healthcheck
from tests.lab.stacks import Stack
from tests.support.api import gql, lab_api, wait_done

pytestmark = pytest.mark.lab

BROKEN_HEALTH = (
    "HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD test -f /nonexistent"
)
# The one INFO line an operation leaves in the server log when it ends.
OPERATIONS_LOGGER = "services.operations.recorder"


def finished_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == OPERATIONS_LOGGER and r.levelno == logging.INFO
    ]


UPDATE = """
mutation($c: String!, $v: String) {
  updateContainer(input: {container: $c, version: $v}) {
    __typename
    ... on OperationStarted { operationId queued operation { status } }
    ... on UserError { message code }
  }
}"""


@pytest.fixture(scope="module")
def images(lab_images, lab_registry):
    lab_images.build_many("upd/app", ["1.0.0", "1.1.0", "2.0.0"])
    lab_images.build("upd/app", "9.9.9", healthcheck=BROKEN_HEALTH)
    lab_images.build_many(
        "upd/healthy",
        ["1.0.0", "1.1.0"],
        healthcheck=Healthcheck(test="test -f /VERSION"),
    )
    return lab_registry.host


@pytest.fixture(scope="module")
async def api(images, lab_engine, tmp_path_factory):
    async with lab_api(
        tmp_path_factory.mktemp("upd"), lab_engine.docker_host
    ) as client:
        yield client


def stack_text(
    registry: str, image: str, extra: str = "", other: str = "upd/app:1.0.0"
) -> str:
    return f"""\
# Docksmith lab stack: comments and layout must survive
services:
  app:   # the app
    image: "{registry}/{image}"   # managed by Docksmith
    network_mode: none
{extra}
  # a neighbour that must not change
  other:
    image: {registry}/{other}
    network_mode: none
"""


def member_stages(op: dict) -> list[tuple[str, str | None]]:
    """Each container's (status, stage) in an operation's batch_details."""
    return [(m["status"], m["stage"]) for m in op["batch_details"] or []]


async def stages_while_running(
    api, operation_id: str
) -> tuple[dict, list[tuple[str, str | None]]]:
    """Poll an operation of one container until it ends, as the UI does: its
    last row, and (the operation's stage, the container's own stage) each
    time the row said the container was in progress."""
    seen: list[tuple[str, str | None]] = []
    async with asyncio.timeout(120):
        while True:
            op = (await api.get(f"/api/operations/{operation_id}")).json()["data"]
            if op["status"] in ("complete", "failed"):
                return op, seen
            # (before its first stage the row lists no container, or a pending one)
            for status, stage in member_stages(op):
                if status == "in_progress":
                    seen.append((op["stage"], stage))
            await asyncio.sleep(0.05)


def running_image(lab_engine, name: str) -> tuple[str, str]:
    [info] = lab_engine.inspect(name)
    return info["Config"]["Image"], info["Image"]


def app_stack(lab, project: str, compose: str, **files: Any) -> tuple[Stack, str]:
    """`project` made from `compose` (and `files`: env_file, extra_files) and
    up; with the name of its `app` container."""
    stack = lab.stacks.create(project, compose_text=compose, **files)
    stack.up()
    return stack, stack.container("app").name


async def start_update(api, name: str, version: str) -> dict:
    """The answer's data of an update of `name` to `version` that started."""
    response = await api.post(
        "/api/update", json={"container": name, "version": version}
    )
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def start_rollback(api, operation_id: str, *, force: bool = False) -> dict:
    """The answer's data of a rollback of `operation_id` that started."""
    body: dict[str, Any] = {"operation_id": operation_id}
    if force:
        body["force"] = True
    response = await api.post("/api/rollback", json=body)
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def test_update_changes_exactly_the_tag(api, lab, lab_engine, images, caplog):
    caplog.set_level(logging.INFO, logger=OPERATIONS_LOGGER)
    stack, name = app_stack(lab, "upd1", stack_text(images, "upd/app:1.0.0"))
    before = stack.read_text()
    other_id = stack.container("other").id

    response = await api.post(
        "/api/update", json={"container": name, "version": "1.1.0"}
    )
    assert response.status_code == 200, response.text
    started = response.json()["data"]
    assert started["status"] == "started"
    assert started["operation_id"].startswith("op_")
    op = await wait_done(api, started["operation_id"])

    assert op["status"] == "complete", op
    assert stack.read_text() == before.replace('upd/app:1.0.0"', 'upd/app:1.1.0"')
    image, image_id = running_image(lab_engine, name)
    assert image == f"{images}/upd/app:1.1.0"
    [expected] = lab_engine.inspect(f"{images}/upd/app:1.1.0")
    assert image_id == expected["Id"]
    assert stack.container("other").id == other_id  # --no-deps: the neighbour untouched
    assert [line["message"] for line in op["log"] if "edited" in line["message"]]
    stages = {line["message"].split(":")[0] for line in op["log"]}
    assert name in stages
    [line] = finished_lines(caplog)
    assert re.fullmatch(rf"updated {name} from 1\.0\.0 to 1\.1\.0 in \d+\.\d s", line)
    stack.down()


async def test_update_without_version_takes_the_checkers_latest_and_pin_major(
    api, lab, images
):
    compose = stack_text(
        images,
        "upd/app:1.0.0",
        extra="    labels:\n      - docksmith.version-pin-major=true",
    )
    stack, name = app_stack(lab, "upd2", compose)
    body = (
        await api.post("/graphql", json={"query": UPDATE, "variables": {"c": name}})
    ).json()
    result = body["data"]["updateContainer"]
    assert result["__typename"] == "OperationStarted", body
    op = await wait_done(api, result["operationId"])
    assert op["status"] == "complete", op
    assert (op["old_version"], op["new_version"]) == (
        "1.0.0",
        "1.1.0",
    )  # not 2.0.0: pinned
    assert "upd/app:1.1.0" in stack.read_text()
    stack.down()


async def test_an_up_to_date_container_is_refused_saying_why_in_one_sentence(
    api, lab, images
):
    stack = lab.stacks.create(
        "upd0", compose_text=stack_text(images, "upd/healthy:1.1.0")
    )
    stack.up()
    name = stack.container("app").name
    response = await api.post("/api/update", json={"container": name})
    assert response.status_code == 400, response.text
    # The check's reason ends a sentence; the advice follows it once.
    assert response.json()["error"]["message"] == (
        f"no update available for {name} (status UP_TO_DATE): No newer tag in the "
        "tag format of 1.1.0; give a version to update to a specific tag"
    )
    assert (await api.get(f"/api/operations?container={name}")).json()["data"] == []
    stack.down()


async def test_explicit_version_across_a_pin_is_refused_unless_forced(
    api, lab, lab_engine, images
):
    compose = stack_text(
        images,
        "upd/app:1.0.0",
        extra="    labels:\n      - docksmith.version-pin-major=true",
    )
    stack, name = app_stack(lab, "upd20", compose)
    before = stack.read_text()
    container_id = stack.container("app").id

    # when 2.0.0 is asked for on a container pinned to 1.x, through either edge
    refused = await api.post(
        "/api/update", json={"container": name, "version": "2.0.0"}
    )
    forced_query = UPDATE.replace("$v: String)", "$v: String, $f: Boolean! = false)")
    forced_query = forced_query.replace("version: $v}", "version: $v, force: $f}")
    graphql = (
        await api.post(
            "/graphql",
            json={"query": forced_query, "variables": {"c": name, "v": "2.0.0"}},
        )
    ).json()["data"]["updateContainer"]

    # then both refuse with 400 naming the label, and nothing changed
    assert refused.status_code == 400, refused.text
    message = refused.json()["error"]["message"]
    assert "docksmith.version-pin-major" in message
    assert "force" in message
    assert graphql == {
        "__typename": "InvalidInputError",
        "message": message,
        "code": "BAD_REQUEST",
    }
    assert stack.read_text() == before
    assert stack.container("app").id == container_id
    assert (await api.get("/api/operations", params={"container": name})).json()[
        "data"
    ] == []

    # and with force the admin's word stands
    forced = (
        await api.post(
            "/graphql",
            json={
                "query": forced_query,
                "variables": {"c": name, "v": "2.0.0", "f": True},
            },
        )
    ).json()["data"]["updateContainer"]
    assert forced["__typename"] == "OperationStarted", forced
    op = await wait_done(api, forced["operationId"])
    assert op["status"] == "complete", op
    assert running_image(lab_engine, name)[0] == f"{images}/upd/app:2.0.0"
    stack.down()


async def test_env_controlled_image_changes_the_env_file(api, lab, lab_engine, images):
    compose = stack_text(images, "upd/app:${APP_TAG}")
    stack, name = app_stack(lab, "upd3", compose, env_file={"APP_TAG": "1.0.0"})
    before_compose = stack.read_text()
    env_before = stack.env_path.read_text()
    started = (
        await api.post(
            "/api/update", json={"container_name": name, "target_version": "2.0.0"}
        )
    ).json()["data"]
    op = await wait_done(api, started["operation_id"])
    assert op["status"] == "complete", op
    assert stack.read_text() == before_compose
    assert stack.env_path.read_text() == env_before.replace(
        "APP_TAG=1.0.0", "APP_TAG=2.0.0"
    )
    assert running_image(lab_engine, name)[0] == f"{images}/upd/app:2.0.0"
    stack.down()


async def test_failed_health_check_is_rolled_back_automatically(
    api, lab, lab_engine, images, caplog
):
    caplog.set_level(logging.INFO, logger=OPERATIONS_LOGGER)
    compose = stack_text(
        images,
        "upd/app:1.0.0",
        extra='    labels:\n      docksmith.auto_rollback: "true"',
    )
    stack, name = app_stack(lab, "upd4", compose)
    before = stack.read_text()
    _, old_image_id = running_image(lab_engine, name)

    started = await start_update(api, name, "9.9.9")
    op = await wait_done(api, started["operation_id"])

    assert op["status"] == "failed"
    assert op["rollback_occurred"] is True
    assert "health check failed" in op["error_message"]
    assert stack.read_text() == before
    image, image_id = running_image(lab_engine, name)
    assert (image, image_id) == (f"{images}/upd/app:1.0.0", old_image_id)
    [info] = lab_engine.inspect(name)
    assert info["State"]["Running"] is True
    [line] = finished_lines(caplog)
    assert line.startswith(f"update of {name} failed: "), line
    assert "health check failed" in line
    assert re.search(r"; rolled back to 1\.0\.0 in \d+\.\d s$", line), line
    stack.down()


async def test_update_shows_its_containers_stage_while_it_runs(
    api, lab, lab_engine, images
):
    stack, name = app_stack(lab, "upd1s", stack_text(images, "upd/app:1.0.0"))
    started = await start_update(api, name, "1.1.0")
    op, running = await stages_while_running(api, started["operation_id"])
    assert op["status"] == "complete", op
    # The health gate (1 s of stability) lasts long enough to be seen; the
    # container's row said the stage before it (recreating) until the next
    # save point.
    assert "health_check" in {whole for whole, _ in running}, running
    assert [(whole, own) for whole, own in running if whole != own] == []
    assert member_stages(op) == [("complete", "complete")]
    stack.down()


async def test_automatic_rollback_shows_its_health_gate_on_the_container(
    api, lab, lab_engine, images
):
    compose = stack_text(
        images,
        "upd/app:1.0.0",
        extra='    labels:\n      docksmith.auto_rollback: "true"',
    )
    stack, name = app_stack(lab, "upd4s", compose)
    started = await start_update(api, name, "9.9.9")
    op, running = await stages_while_running(api, started["operation_id"])
    assert op["status"] == "failed", op
    assert op["rollback_occurred"] is True
    stages = [whole for whole, _ in running]
    # The rollback's own health gate (1 s of stability on 1.0.0) comes after
    # rolling_back and is seen; the container said rolling_back through it.
    assert "rolling_back" in stages, running
    assert "health_check" in stages[stages.index("rolling_back") :], running
    assert [(whole, own) for whole, own in running if whole != own] == []
    [(status, _)] = member_stages(op)
    assert status == "rolled_back"
    stack.down()


async def test_failed_pull_leaves_the_old_container_and_file(
    api, lab, lab_registry, lab_engine, images
):
    stack, name = app_stack(lab, "upd5", stack_text(images, "upd/app:1.0.0"))
    before = stack.read_text()
    container_id = stack.container("app").id
    # the tag exists when asked for, then vanishes before the pull
    lab_registry.api.move_tag("upd/app", "1.0.1", "1.0.0")
    started = await start_update(api, name, "1.0.1")
    lab_registry.api.delete_tag("upd/app", "1.0.1")
    op = await wait_done(api, started["operation_id"])
    assert op["status"] == "failed"
    assert stack.read_text() == before
    assert stack.container("app").id == container_id
    stack.down()


async def test_manual_rollback(api, lab, lab_engine, images, caplog):
    caplog.set_level(logging.INFO, logger=OPERATIONS_LOGGER)
    stack, name = app_stack(lab, "upd6", stack_text(images, "upd/app:1.0.0"))
    before = stack.read_text()
    _, old_image_id = running_image(lab_engine, name)
    started = await start_update(api, name, "2.0.0")
    update = await wait_done(api, started["operation_id"])
    assert update["status"] == "complete"
    assert member_stages(update) == [("complete", "complete")]

    policies = (await api.get("/api/policies")).json()["data"]
    assert policies["containers"][name]["can_rollback"] is True
    assert policies["global_policy"]["auto_rollback_enabled"] is False

    rollback = await start_rollback(api, started["operation_id"])
    assert rollback["original_operation_id"] == started["operation_id"]
    op = await wait_done(api, rollback["operation_id"])
    assert op["status"] == "complete", op
    assert op["operation_type"] == "rollback"
    # The members start as copies of the update's: not its last stage either.
    assert member_stages(op) == [("complete", "complete")]
    assert [d["message"] for d in op["batch_details"]] == ["rolled back to 1.0.0"]
    assert stack.read_text() == before
    assert running_image(lab_engine, name) == (f"{images}/upd/app:1.0.0", old_image_id)
    again = await api.post(
        "/api/rollback", json={"operation_id": started["operation_id"]}
    )
    assert again.status_code == 409
    updated, rolled_back = finished_lines(caplog)
    assert updated.startswith(f"updated {name} from 1.0.0 to 2.0.0 in ")
    assert re.fullmatch(
        rf"rolled back {name} from 2\.0\.0 to 1\.0\.0 in \d+\.\d s", rolled_back
    )
    stack.down()


async def test_a_digest_pin_is_kept_with_the_new_digest_and_rolled_back(
    api, lab, lab_engine, lab_registry, images
):
    """`image: repo:tag@sha256:...` (docs/compose.md): the update writes the
    new tag with the digest the registry gave for it, so the file stays
    pinned and the container runs exactly that; the rollback puts the old
    tag and digest back."""
    old = lab_registry.api.manifest_digest("upd/app", "1.0.0")
    new = lab_registry.api.manifest_digest("upd/app", "1.1.0")
    assert old is not None
    assert new not in (None, old)
    stack, name = app_stack(lab, "upd6d", stack_text(images, f"upd/app:1.0.0@{old}"))
    before = stack.read_text()
    _, old_image_id = running_image(lab_engine, name)
    started = await start_update(api, name, "1.1.0")
    update = await wait_done(api, started["operation_id"])
    assert update["status"] == "complete", update

    assert stack.read_text() == before.replace(
        f'upd/app:1.0.0@{old}"', f'upd/app:1.1.0@{new}"'
    )
    image, image_id = running_image(lab_engine, name)
    assert image == f"{images}/upd/app:1.1.0@{new}"
    [expected] = lab_engine.inspect(f"{images}/upd/app:1.1.0")
    assert image_id == expected["Id"]

    rollback = await start_rollback(api, started["operation_id"])
    op = await wait_done(api, rollback["operation_id"])
    assert op["status"] == "complete", [line["message"] for line in op["log"]][-4:]
    assert stack.read_text() == before
    assert running_image(lab_engine, name) == (
        f"{images}/upd/app:1.0.0@{old}",
        old_image_id,
    )
    stack.down()


async def test_rollback_shows_its_containers_stage_while_it_runs(
    api, lab, lab_engine, images
):
    stack, name = app_stack(lab, "upd6s", stack_text(images, "upd/app:1.0.0"))
    started = await start_update(api, name, "1.1.0")
    assert (await wait_done(api, started["operation_id"]))["status"] == "complete"
    rollback = await start_rollback(api, started["operation_id"])
    op, running = await stages_while_running(api, rollback["operation_id"])
    assert op["status"] == "complete", op
    # The compose rollback's stages (recreating, a health gate of 1 s) last
    # long enough to be seen; each time the container says the same stage as
    # its operation (it was empty until the end).
    assert running, running
    assert [(whole, own) for whole, own in running if whole != own] == []
    assert member_stages(op) == [("complete", "complete")]
    stack.down()


async def test_batch_in_dependency_order_with_one_failing_member(
    api, lab, lab_engine, images
):
    r = images
    compose = f"""\
services:
  db:
    image: {r}/upd/app:1.0.0
    network_mode: none
    labels:
      docksmith.version-max: "2.0.0"   # 9.9.9 is newer, but broken
  cache:
    image: {r}/upd/app:1.0.0
    network_mode: none
    depends_on: [db]
    labels:
      docksmith.auto_rollback: "true"
  web:
    image: {r}/upd/app:1.0.0
    network_mode: none
    depends_on:
      - cache
"""
    stack = lab.stacks.create("upd7", compose_text=compose)
    stack.up()
    names = {svc: stack.container(svc).name for svc in ("db", "cache", "web")}
    body = {
        "containers": [
            {"name": names["web"], "target_version": "1.1.0"},
            {"name": names["cache"], "target_version": "9.9.9"},
            names["db"],
        ]
    }
    response = await api.post("/api/update/batch", json=body)
    assert response.status_code == 200, response.text
    started = response.json()["data"]
    [stack_op] = started["operations"]
    assert stack_op["containers"] == [names["db"], names["cache"], names["web"]]
    op = await wait_done(api, stack_op["operation_id"])
    assert op["batch_group_id"] == started["batch_group_id"]
    outcome = {d["container_name"]: d["status"] for d in op["batch_details"]}
    messages = {d["container_name"]: d["message"] for d in op["batch_details"]}
    assert outcome == {
        names["db"]: "complete",
        names["cache"]: "rolled_back",
        names["web"]: "complete",
    }, messages
    assert op["status"] == "failed"
    assert "2 updated, 1 failed" in op["error_message"]
    assert running_image(lab_engine, names["db"])[0].endswith("upd/app:2.0.0")
    assert running_image(lab_engine, names["cache"])[0].endswith("upd/app:1.0.0")
    assert running_image(lab_engine, names["web"])[0].endswith("upd/app:1.1.0")
    # the failed member's rollback put back its own line only
    assert stack.read_text() == compose.replace(
        "  db:\n    image: " + f"{r}/upd/app:1.0.0",
        "  db:\n    image: " + f"{r}/upd/app:2.0.0",
    ).replace(
        "  web:\n    image: " + f"{r}/upd/app:1.0.0",
        "  web:\n    image: " + f"{r}/upd/app:1.1.0",
    )

    # the members that stand can still be rolled back, and both edges say so
    # with the rule the rollback itself applies
    rollbackable = {
        name: info["can_rollback"]
        for name, info in (await api.get("/api/policies"))
        .json()["data"]["containers"]
        .items()
    }
    assert {n: rollbackable[n] for n in names.values()} == {
        names["db"]: True,
        names["cache"]: False,
        names["web"]: True,
    }
    listed = await gql(api, "{ policies { containers { container canRollback } } }")
    assert {
        c["container"]: c["canRollback"]
        for c in listed["policies"]["containers"]
        if c["container"] in names.values()
    } == {n: rollbackable[n] for n in names.values()}
    rollback = await api.post(
        "/api/rollback",
        json={"operation_id": stack_op["operation_id"], "containers": [names["web"]]},
    )
    assert rollback.status_code == 200, rollback.text
    undo = await wait_done(api, rollback.json()["data"]["operation_id"])
    assert undo["status"] == "complete", undo
    after = (await api.get("/api/policies")).json()["data"]["containers"]
    assert after[names["web"]]["can_rollback"] is False
    assert after[names["db"]]["can_rollback"] is True
    stack.down()


async def test_batch_cycle_is_rejected_naming_it(api, lab, images):
    r = images
    compose = f"""\
services:
  a:
    image: {r}/upd/app:1.0.0
    network_mode: none
    labels: ["docksmith.restart-after=upd8_b_1"]
  b:
    image: {r}/upd/app:1.0.0
    network_mode: none
    labels: ["docksmith.restart-after=upd8_a_1"]
"""
    stack = lab.stacks.create("upd8", compose_text=compose)
    stack.up()
    names = [stack.container("a").name, stack.container("b").name]
    response = await api.post("/api/update/batch", json={"containers": names})
    assert response.status_code == 400
    assert "dependency cycle" in response.json()["error"]["message"]
    stack.down()


async def test_fix_compose_mismatch(api, lab, lab_engine, images):
    stack, name = app_stack(lab, "upd9", stack_text(images, "upd/app:1.0.0"))
    stack.write_text(stack.read_text().replace('upd/app:1.0.0"', 'upd/app:1.1.0"'))
    started = (await api.post(f"/api/fix-compose-mismatch/{name}")).json()["data"]
    op = await wait_done(api, started["operation_id"])
    assert op["status"] == "complete", op
    assert running_image(lab_engine, name)[0] == f"{images}/upd/app:1.1.0"
    stack.down()


async def test_fix_mismatch_of_a_build_service_is_refused(api, lab, images):
    compose = f"""\
services:
  built:
    build: ./src
    image: {images}/upd/app:1.0.0
    network_mode: none
"""
    stack = lab.stacks.create(
        "upd10", compose_text=compose, extra_files={"src/Dockerfile": "FROM scratch\n"}
    )
    stack.up()
    name = stack.container("built").name
    stack.write_text(compose.replace(f"    image: {images}/upd/app:1.0.0\n", ""))
    response = await api.post(f"/api/fix-compose-mismatch/{name}")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "failed to extract image from compose file: no image key found for service built"
    )
    stack.down()


async def test_standalone_container_update(api, lab_engine, images):
    ref = f"{images}/upd/app:1.0.0"
    lab_engine.run_container(
        "upd-standalone",
        ref,
        labels={"team": "ops"},
        env={"MODE": "prod"},
        extra_args=["--restart", "unless-stopped"],
    )
    started = await start_update(api, "upd-standalone", "1.1.0")
    op = await wait_done(api, started["operation_id"])
    assert op["status"] == "complete", op
    # The swap's last live stage is recreating: done, the member says so.
    assert member_stages(op) == [("complete", "complete")]
    [info] = lab_engine.inspect("upd-standalone")
    assert info["Config"]["Image"] == f"{images}/upd/app:1.1.0"
    assert info["Config"]["Labels"]["team"] == "ops"
    assert "MODE=prod" in info["Config"]["Env"]
    assert info["HostConfig"]["RestartPolicy"]["Name"] == "unless-stopped"
    lab_engine.remove_container("upd-standalone")


async def test_a_pinned_standalone_container_stays_pinned(
    api, lab_engine, lab_registry, images
):
    old = lab_registry.api.manifest_digest("upd/app", "1.0.0")
    new = lab_registry.api.manifest_digest("upd/app", "1.1.0")
    lab_engine.run_container("upd-pinned", f"{images}/upd/app:1.0.0@{old}")
    started = await start_update(api, "upd-pinned", "1.1.0")
    update = await wait_done(api, started["operation_id"])
    assert update["status"] == "complete", update
    assert running_image(lab_engine, "upd-pinned")[0] == (
        f"{images}/upd/app:1.1.0@{new}"
    )
    rollback = await start_rollback(api, started["operation_id"])
    op = await wait_done(api, rollback["operation_id"])
    assert op["status"] == "complete", [line["message"] for line in op["log"]][-4:]
    assert running_image(lab_engine, "upd-pinned")[0] == (
        f"{images}/upd/app:1.0.0@{old}"
    )
    lab_engine.remove_container("upd-pinned")


async def test_second_update_on_the_same_stack_queues_and_duplicates_conflict(
    api, lab, images
):
    # app has a HEALTHCHECK, so its update is still running when other's arrives
    compose = stack_text(images, "upd/healthy:1.0.0")
    stack = lab.stacks.create("upd11", compose_text=compose)
    stack.up()
    app, other = stack.container("app").name, stack.container("other").name
    first = await start_update(api, app, "1.1.0")
    second = await start_update(api, other, "1.1.0")
    assert second["status"] == "queued"
    # While it waits, the queued update already lists its container.
    assert await queued_members(api, second["operation_id"]) == [
        (other, "pending", "1.1.0")
    ]
    duplicate = await api.post(
        "/api/update", json={"container": app, "version": "1.1.0"}
    )
    assert duplicate.status_code == 409
    op1 = await wait_done(api, first["operation_id"])
    op2 = await wait_done(api, second["operation_id"])
    assert (op1["status"], op2["status"]) == ("complete", "complete"), (
        op1["error_message"],
        op2["error_message"],
    )
    # the second ran only once the first was done
    log2 = [line["message"] for line in op2["log"]]
    assert any("queued behind" in m for m in log2)
    assert op2["completed_at"] > op1["completed_at"]

    # So does a rollback queued behind another: its member is pending, not
    # the update's last state copied.
    back1, back2 = [await start_rollback(api, op["operation_id"]) for op in (op1, op2)]
    assert back2["status"] == "queued"
    assert await queued_members(api, back2["operation_id"]) == [
        (other, "pending", "1.1.0")
    ]
    for back in (back1, back2):
        assert (await wait_done(api, back["operation_id"]))["status"] == "complete"
    stack.down()


async def queued_members(api, operation_id: str) -> list[tuple[str, str, str]]:
    op = (await api.get(f"/api/operations/{operation_id}")).json()["data"]
    assert op["status"] == "queued", op["status"]
    return [
        (m["container_name"], m["status"], m["new_version"])
        for m in op["batch_details"] or []
    ]


async def test_bad_requests(api, images):
    assert (
        await api.post("/api/update", json={"container": "ghost"})
    ).status_code == 404
    missing_tag = await api.post("/api/update", json={"container": "ghost-too"})
    assert missing_tag.json()["error"]["code"] == "NOT_FOUND"
    malformed = await api.post(
        "/api/update", content=b"{", headers={"content-type": "application/json"}
    )
    assert malformed.status_code == 400
    unknown_op = await api.post("/api/rollback", json={"operation_id": "op_nope"})
    assert unknown_op.status_code == 404
    body = (
        await api.post("/graphql", json={"query": UPDATE, "variables": {"c": "ghost"}})
    ).json()
    assert body["data"]["updateContainer"]["__typename"] == "NotFoundError"


async def test_concurrent_requests_for_one_container_conflict(api, lab_engine, images):
    lab_engine.run_container("upd-race", f"{images}/upd/app:1.0.0")
    try:
        first, second = await asyncio.gather(
            api.post("/api/update", json={"container": "upd-race", "version": "1.1.0"}),
            api.post("/api/update", json={"container": "upd-race", "version": "2.0.0"}),
        )
        assert sorted([first.status_code, second.status_code]) == [200, 409]
        winner = first if first.status_code == 200 else second
        op = await wait_done(api, winner.json()["data"]["operation_id"])
        assert op["status"] == "complete", op
    finally:
        lab_engine.remove_container("upd-race")


async def test_invalid_auto_rollback_label_fails_before_anything_changes(
    api, lab, lab_engine, images
):
    compose = stack_text(
        images,
        "upd/app:1.0.0",
        extra='    labels:\n      docksmith.auto_rollback: "maybe"',
    )
    stack = lab.stacks.create("upd12", compose_text=compose)
    stack.up()
    before = stack.read_text()
    container = stack.container("app")
    started = await start_update(api, container.name, "1.1.0")
    op = await wait_done(api, started["operation_id"])
    assert op["status"] == "failed"
    assert "docksmith.auto_rollback" in op["error_message"]
    assert stack.read_text() == before
    assert stack.container("app").id == container.id
    refused = await api.post(
        "/api/labels/set",
        json={
            "container": container.name,
            "labels": {"docksmith.auto_rollback": "maybe"},
        },
    )
    assert refused.status_code == 400
    stack.down()


async def test_rollback_refuses_when_a_later_change_moved_the_image(
    api, lab, lab_engine, images
):
    stack, name = app_stack(lab, "upd13", stack_text(images, "upd/app:1.0.0"))
    first = await start_update(api, name, "1.1.0")
    assert (await wait_done(api, first["operation_id"]))["status"] == "complete"
    second = await start_update(api, name, "2.0.0")
    assert (await wait_done(api, second["operation_id"]))["status"] == "complete"

    refused = await api.post(
        "/api/rollback", json={"operation_id": first["operation_id"]}
    )
    assert refused.status_code == 409
    assert "upd/app:2.0.0" in refused.json()["error"]["message"]
    assert running_image(lab_engine, name)[0].endswith("upd/app:2.0.0")

    forced = await start_rollback(api, first["operation_id"], force=True)
    assert (await wait_done(api, forced["operation_id"]))["status"] == "complete"
    assert running_image(lab_engine, name)[0].endswith("upd/app:1.0.0")
    stack.down()


async def test_an_update_refuses_a_file_that_now_names_another_repository(
    api, lab, lab_engine, images
):
    # The user pointed the service at another repository after the check,
    # without `up`: the update checked and pulled upd/app:1.1.0, and `up`
    # would have run upd/healthy:1.1.0 under its name.
    stack, name = app_stack(lab, "upd14", stack_text(images, "upd/app:1.0.0"))
    running = running_image(lab_engine, name)
    edited = stack.read_text().replace('upd/app:1.0.0"', 'upd/healthy:1.0.0"')
    stack.write_text(edited)

    started = await start_update(api, name, "1.1.0")
    op = await wait_done(api, started["operation_id"])

    assert op["status"] == "failed", op
    assert f"{images}/upd/healthy:1.0.0" in op["error_message"]
    assert f"runs {images}/upd/app:1.0.0" in op["error_message"]
    assert stack.read_text() == edited
    assert running_image(lab_engine, name) == running
    stack.down()
