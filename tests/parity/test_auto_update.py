"""Automatic updates against the lab (real engine, registry, compose CLI),
through both edges, with a clock the tests move by hand."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from tests.lab.images import Healthcheck
from tests.support.api import gql, lab_api, wait_done
from tests.support.clock import ManualClock

pytestmark = pytest.mark.lab

BROKEN_HEALTH = (
    "HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD test -f /nonexistent"
)
RUN = """
mutation($dry: Boolean!) {
  runAutoUpdate(input: {dryRun: $dry}) {
    __typename
    ... on AutoUpdateRun {
      dryRun operationId trigger
      decisions {
        container included reason message levelSource candidateTag waitingUntil
      }
    }
    ... on UserError { message code }
  }
}"""


@pytest.fixture(scope="module")
def images(lab_images, lab_registry):
    lab_images.build_many("au/app", ["1.0.0", "1.0.1", "1.1.0"])
    lab_images.build("au/hc", "1.0.0", healthcheck=Healthcheck())
    lab_images.build("au/hc", "1.0.1", healthcheck=BROKEN_HEALTH)
    return lab_registry.host


@pytest.fixture(scope="module")
def clock():
    return ManualClock(datetime.now(UTC))


@pytest.fixture(scope="module")
def own():
    """Which container the server takes for Docksmith's own."""
    return {"id": None}


@pytest.fixture(scope="module")
async def api(images, lab_engine, tmp_path_factory, clock, own):
    async def find_self() -> str | None:
        return own["id"]

    async with lab_api(
        tmp_path_factory.mktemp("auto"),
        lab_engine.docker_host,
        context={"clock": clock, "find_self": find_self},
    ) as client:
        yield client


def stack_text(registry: str, image: str, labels: dict[str, str]) -> str:
    lines = "".join(f'      {k}: "{v}"\n' for k, v in labels.items())
    return f"""\
services:
  app:
    image: {registry}/{image}
    network_mode: none
    labels:
{lines}
  other:
    image: {registry}/au/app:1.0.0
    network_mode: none
"""


def running_tag(lab_engine, name: str) -> str:
    [info] = lab_engine.inspect(name)
    return info["Config"]["Image"].rsplit(":", 1)[1]


def by_container(decisions: list[dict]) -> dict[str, dict]:
    return {d["container"]: d for d in decisions}


async def rest_run(api, *, dry_run: bool) -> dict:
    response = await api.post("/api/auto-update/run", json={"dry_run": dry_run})
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def test_patch_policy_takes_the_patch_not_the_minor(api, lab, lab_engine, images):
    # given a patch policy on one container and none on its neighbour
    stack = lab.stacks.create(
        "au1",
        compose_text=stack_text(
            images, "au/app:1.0.0", {"docksmith.auto-update": "patch"}
        ),
    )
    stack.up()
    app, other = stack.container("app").name, stack.container("other").name
    ids = (stack.container("app").id, stack.container("other").id)
    before = stack.read_text()

    # when a dry run plans (GraphQL)
    dry = (await gql(api, RUN, dry=True))["runAutoUpdate"]

    # then it says why each container is or is not included, and changes nothing
    assert dry["__typename"] == "AutoUpdateRun"
    assert dry["dryRun"] is True
    assert dry["operationId"] is None
    plan = by_container(dry["decisions"])
    assert plan[app]["included"] is True
    assert plan[app]["candidateTag"] == "1.0.1"
    assert plan[app]["levelSource"] == "LABEL"
    assert plan[other]["included"] is False
    assert plan[other]["reason"] == "POLICY_OFF"
    assert (stack.container("app").id, stack.container("other").id) == ids
    assert stack.read_text() == before
    ops = (await api.get("/api/operations", params={"container": app})).json()["data"]
    assert ops == []

    # when the run is real
    run = (await gql(api, RUN, dry=False))["runAutoUpdate"]
    op = await wait_done(api, run["operationId"])

    # then the patch is taken, not the minor, through an auto_update operation
    assert op["operation_type"] == "auto_update", op
    assert op["status"] == "complete", op
    assert op["summary"].startswith("1 updated, 0 failed"), op["summary"]
    assert running_tag(lab_engine, app) == "1.0.1"
    assert running_tag(lab_engine, other) == "1.0.0"
    assert "au/app:1.0.1" in stack.read_text()
    [member] = [d for d in op["batch_details"] if d["container"] == app]
    assert member["outcome"] == "complete"
    child = await wait_done(api, member["operation_id"])
    assert child["batch_group_id"] == op["batch_group_id"]

    # and the next plan finds nothing more within the patch level
    again = by_container((await rest_run(api, dry_run=True))["decisions"])
    assert again[app]["reason"] == "up_to_date"
    stack.down()


async def test_min_age_waits_then_updates_once_the_clock_passes(
    api, lab, lab_engine, images, clock
):
    # given a minor policy with a three-day minimum age on fresh images
    stack = lab.stacks.create(
        "au2",
        compose_text=stack_text(
            images,
            "au/app:1.0.0",
            {"docksmith.auto-update": "minor", "docksmith.min-age": "3d"},
        ),
    )
    stack.up()
    app = stack.container("app").name

    # when a run comes before the candidate is three days old (REST)
    first = await rest_run(api, dry_run=False)

    # then the container is skipped with the date it waits for
    plan = by_container(first["decisions"])[app]
    assert plan["included"] is False
    assert plan["reason"] == "too_new"
    assert plan["candidate_tag"] == "1.1.0"
    waiting = datetime.fromisoformat(plan["waiting_until"])
    assert clock.now() + timedelta(days=2) < waiting <= clock.now() + timedelta(days=3)
    assert plan["message"].startswith("waiting until ")
    assert "was built" in plan["message"]  # the config's created, not first seen
    await wait_done(api, first["operation_id"])
    assert running_tag(lab_engine, app) == "1.0.0"
    status = (await api.get("/api/auto-update")).json()["data"]
    assert by_container(status["last_run"]["decisions"])[app]["reason"] == "too_new"

    # when the clock passes the date
    clock.advance(timedelta(days=3, hours=1))
    second = await rest_run(api, dry_run=False)

    # then it is updated
    assert by_container(second["decisions"])[app]["included"] is True
    op = await wait_done(api, second["operation_id"])
    assert op["status"] == "complete", op
    assert running_tag(lab_engine, app) == "1.1.0"
    stack.down()


async def test_failed_health_check_is_rolled_back_and_not_retried(
    api, lab, lab_engine, images
):
    # given a patch policy and auto-rollback; the patch's health check fails
    stack = lab.stacks.create(
        "au3",
        compose_text=stack_text(
            images,
            "au/hc:1.0.0",
            {"docksmith.auto-update": "patch", "docksmith.auto_rollback": "true"},
        ),
    )
    stack.up()
    app = stack.container("app").name

    # when auto-update runs (GraphQL)
    run = (await gql(api, RUN, dry=False))["runAutoUpdate"]
    op = await wait_done(api, run["operationId"])

    # then the run failed, says the container was rolled back, and it was
    assert op["status"] == "failed", op
    assert op["rollback_occurred"] is True
    assert "rolled back" in op["summary"], op["summary"]
    assert "health check failed" in op["error_message"]
    assert running_tag(lab_engine, app) == "1.0.0"

    # and the same candidate is not tried again
    plan = by_container((await gql(api, RUN, dry=True))["runAutoUpdate"]["decisions"])
    assert plan[app]["reason"] == "FAILED_BEFORE"
    assert run["operationId"] not in plan[app]["message"]
    stack.down()


async def test_stack_policy_label_precedence_and_docksmith_itself(
    api, lab, lab_engine, images, own
):
    # given a stack policy (REST) that allows majors, a label that turns one
    # container off, and the other container taken for Docksmith's own
    stack = lab.stacks.create(
        "au4",
        compose_text=stack_text(
            images, "au/app:1.0.0", {"docksmith.auto-update": "off"}
        ),
    )
    stack.up()
    app, other = stack.container("app").name, stack.container("other").name
    put = await api.put(
        "/api/auto-update/policies",
        json={"entity_type": "stack", "entity_id": "au4", "level": "major"},
    )
    assert put.status_code == 200, put.text
    assert put.json()["data"]["level"] == "major"
    own["id"] = stack.container("other").id
    try:
        plan = by_container((await rest_run(api, dry_run=True))["decisions"])
    finally:
        own["id"] = None

    # then the label wins over the stack, and Docksmith is left alone
    assert plan[app]["reason"] == "policy_off"
    assert plan[app]["level_source"] == "label"
    assert plan[other]["reason"] == "self"
    assert "docksmith.auto-update" in plan[other]["message"]

    # and without the self rule the stack policy applies
    unowned = by_container((await rest_run(api, dry_run=True))["decisions"])
    assert unowned[other]["included"] is True
    assert unowned[other]["level_source"] == "stack"

    # bad input is refused on both edges with the same message
    bad = await api.put(
        "/api/auto-update/policies",
        json={"entity_type": "stack", "entity_id": "au4", "min_age": "3 days"},
    )
    assert bad.status_code == 400
    graphql = await gql(
        api,
        """mutation { setAutoUpdatePolicy(input: {entityType: STACK, entityId: "au4",
        minAge: "3 days"}) { __typename ... on UserError { message } } }""",
    )
    assert graphql["setAutoUpdatePolicy"]["message"] == bad.json()["error"]["message"]
    removed = await api.delete(
        "/api/auto-update/policies/stack", params={"entity_id": "au4"}
    )
    assert removed.status_code == 200, removed.text
    stack.down()


async def test_the_schedule_fires_on_the_injected_clock(
    images, lab, lab_engine, tmp_path_factory
):
    # given a 04:00 schedule, the clock a minute before it, a patch policy
    start = datetime.now(UTC).replace(hour=3, minute=59, second=0, microsecond=0)
    start += timedelta(days=1)
    clock = ManualClock(start)
    stack = lab.stacks.create(
        "au5",
        compose_text=stack_text(
            images, "au/app:1.0.0", {"docksmith.auto-update": "patch"}
        ),
    )
    stack.up()
    app = stack.container("app").name
    async with lab_api(
        tmp_path_factory.mktemp("auto-schedule"),
        lab_engine.docker_host,
        auto_update_schedule="0 4 * * *",
        context={"clock": clock},
    ) as api:
        status = (await api.get("/api/auto-update")).json()["data"]
        async with asyncio.timeout(30):
            while status["next_run"] is None:
                await asyncio.sleep(0.1)
                status = (await api.get("/api/auto-update")).json()["data"]
        assert datetime.fromisoformat(status["next_run"]) == start + timedelta(
            minutes=1
        )
        assert status["last_run"] is None

        # when the clock reaches 04:00
        clock.advance(timedelta(minutes=1, seconds=1))

        # then a scheduled run updates the container
        async with asyncio.timeout(60):
            while status["last_run"] is None:
                await asyncio.sleep(0.1)
                status = (await api.get("/api/auto-update")).json()["data"]
        assert status["last_run"]["trigger"] == "schedule"
        op = await wait_done(api, status["last_run"]["operation_id"])
        assert op["status"] == "complete", op
        assert running_tag(lab_engine, app) == "1.0.1"
        # and the next run is the following day's (once the loop is back)
        following = start + timedelta(days=1, minutes=1)
        async with asyncio.timeout(30):
            while status["next_run"] is None or (
                datetime.fromisoformat(status["next_run"]) != following
            ):
                await asyncio.sleep(0.1)
                status = (await api.get("/api/auto-update")).json()["data"]
    stack.down()


async def test_a_maintenance_window_holds_the_update_until_it_opens(
    api, lab, lab_engine, images, clock
):
    # given a container policy (GraphQL) with a window that opens in two hours
    stack = lab.stacks.create(
        "au6", compose_text=stack_text(images, "au/app:1.0.0", {"purpose": "window"})
    )
    stack.up()
    app = stack.container("app").name
    opens = (clock.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    closes = opens + timedelta(hours=1)
    window = f"{opens:%H:%M}-{closes:%H:%M}"
    set_policy = await gql(
        api,
        """mutation($c: String!, $w: String!) { setAutoUpdatePolicy(input: {
          entityType: CONTAINER, entityId: $c, level: PATCH, maintenanceWindow: $w
        }) { __typename ... on AutoUpdatePolicy { level maintenanceWindow } } }""",
        c=app,
        w=window,
    )
    assert set_policy["setAutoUpdatePolicy"] == {
        "__typename": "AutoUpdatePolicy",
        "level": "PATCH",
        "maintenanceWindow": window,
    }

    # when a run comes before the window opens, it is held with the opening
    plan = by_container((await rest_run(api, dry_run=True))["decisions"])[app]
    assert plan["reason"] == "outside_window"
    assert plan["level_source"] == "container"
    assert datetime.fromisoformat(plan["waiting_until"]) == opens
    status = (await api.get("/api/auto-update")).json()["data"]
    async with asyncio.timeout(30):
        while status["next_run"] is None or (
            datetime.fromisoformat(status["next_run"]) != opens
        ):
            await asyncio.sleep(0.1)
            status = (await api.get("/api/auto-update")).json()["data"]

    # then the scheduler starts a run when the window opens, and it updates it
    clock.set(opens + timedelta(seconds=1))
    async with asyncio.timeout(60):
        while status["last_run"]["trigger"] != "window":
            await asyncio.sleep(0.1)
            status = (await api.get("/api/auto-update")).json()["data"]
    op = await wait_done(api, status["last_run"]["operation_id"])
    assert op["status"] == "complete", op
    assert running_tag(lab_engine, app) == "1.0.1"
    removed = await api.delete(
        "/api/auto-update/policies/container", params={"entity_id": app}
    )
    assert removed.status_code == 200, removed.text
    stack.down()


async def test_two_runs_asked_for_at_once_do_not_overlap(api, images):
    # given no run in progress
    status = (await api.get("/api/auto-update")).json()["data"]
    assert status["running_operation_id"] is None

    # when two runs are asked for at once (a person's and a script's)
    answers = await asyncio.gather(
        *(api.post("/api/auto-update/run", json={"dry_run": False}) for _ in range(2))
    )

    # then one starts and the other is refused while it plans (runs never
    # overlap): a second run would race the first for the same containers
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [200, 409], [answer.text for answer in answers]
    [started] = [a.json()["data"] for a in answers if a.status_code == 200]
    [refused] = [a.json()["error"] for a in answers if a.status_code == 409]
    assert refused["code"] == "CONFLICT"
    assert "in progress" in refused["message"]
    await wait_done(api, started["operation_id"])
    ops = (await api.get("/api/operations", params={"type": "auto_update"})).json()
    ids = {op["operation_id"] for op in ops["data"]}
    assert started["operation_id"] in ids
