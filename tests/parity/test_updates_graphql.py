"""The update engine's GraphQL edge: the same actions as tests/parity/test_updates.py."""

from __future__ import annotations

import httpx
import pytest

from tests.parity.test_updates import running_image, stack_text
from tests.support.api import gql, subscription_events, wait_done
from tests.support.server import live_server

pytestmark = pytest.mark.lab

BATCH = """
mutation($items: [BatchUpdateItem!]!) {
  updateContainers(input: {containers: $items}) {
    __typename
    ... on BatchUpdateStarted { batchGroupId operations { stack containers operationId queued } skipped { container reason } }
    ... on UserError { message code }
  }
}"""
ROLLBACK = """
mutation($id: String!) {
  rollbackOperation(input: {operationId: $id}) {
    __typename
    ... on OperationStarted { operationId }
    ... on UserError { message code }
  }
}"""
FIX = """
mutation($c: String!) {
  fixComposeMismatch(input: {container: $c}) {
    __typename
    ... on OperationStarted { operationId }
    ... on UserError { message code }
  }
}"""
POLICY = """
mutation {
  setRollbackPolicy(
    input: {entityType: GLOBAL, healthTimeoutSeconds: 20, stabilityWindowSeconds: 1}
  ) {
    __typename
    ... on RollbackPolicy { entityType autoRollbackEnabled stabilityWindowSeconds }
    ... on UserError { message code }
  }
}"""


@pytest.fixture(scope="module")
def images(lab_images, lab_registry):
    lab_images.build_many("gql/app", ["1.0.0", "1.1.0", "2.0.0"])
    return lab_registry.host


@pytest.fixture(scope="module")
async def live(images, lab_engine, tmp_path_factory):
    from services.config import Settings

    root = tmp_path_factory.mktemp("gqlupd")
    settings = Settings(
        _env_file=None,
        db_path=root / "d.db",
        docker_host=lab_engine.docker_host,
        scripts_dir=root / "scripts",
    )
    async with live_server(settings) as server:
        yield server


@pytest.fixture(scope="module")
async def api(live):
    async with httpx.AsyncClient(base_url=live.url, timeout=120) as client:
        body = (await client.post("/graphql", json={"query": POLICY})).json()
        assert body["data"]["setRollbackPolicy"] == {
            "__typename": "RollbackPolicy",
            "entityType": "GLOBAL",
            "autoRollbackEnabled": False,
            "stabilityWindowSeconds": 1,
        }
        yield client


async def test_batch_rollback_and_policies(api, lab, lab_engine, images):
    stack = lab.stacks.create(
        "gql1", compose_text=stack_text(images, "gql/app:1.0.0", other="gql/app:1.0.0")
    )
    stack.up()
    before = stack.read_text()
    app, other = stack.container("app").name, stack.container("other").name
    data = await gql(
        api,
        BATCH,
        items=[
            {"container": app, "version": "2.0.0"},
            {"container": other, "version": "1.1.0"},
        ],
    )
    started = data["updateContainers"]
    assert started["__typename"] == "BatchUpdateStarted"
    [stack_op] = started["operations"]
    op = await wait_done(api, stack_op["operationId"])
    assert op["status"] == "complete", op
    assert running_image(lab_engine, app)[0].endswith("gql/app:2.0.0")

    policies = await gql(
        api,
        "{ policies { containers { container canRollback lastOperationId } policies { entityType } } }",
    )
    rollbackable = {c["container"]: c for c in policies["policies"]["containers"]}
    assert rollbackable[app]["canRollback"] is True
    assert rollbackable[app]["lastOperationId"] == stack_op["operationId"]

    rolled = (await gql(api, ROLLBACK, id=stack_op["operationId"]))["rollbackOperation"]
    assert rolled["__typename"] == "OperationStarted"
    rolled_op = await wait_done(api, rolled["operationId"])
    assert rolled_op["status"] == "complete", (
        rolled_op["error_message"],
        rolled_op["log"],
    )
    assert stack.read_text() == before
    assert running_image(lab_engine, app)[0].endswith("gql/app:1.0.0")
    again = (await gql(api, ROLLBACK, id=stack_op["operationId"]))["rollbackOperation"]
    assert again["code"] == "CONFLICT"
    stack.down()


async def test_fix_mismatch_and_operation_progress_subscription(
    api, live, lab, lab_engine, images
):
    stack = lab.stacks.create(
        "gql2", compose_text=stack_text(images, "gql/app:1.0.0", other="gql/app:1.0.0")
    )
    stack.up()
    name = stack.container("app").name
    stack.write_text(stack.read_text().replace('gql/app:1.0.0"', 'gql/app:1.1.0"'))
    fixed = (await gql(api, FIX, c=name))["fixComposeMismatch"]
    assert fixed["__typename"] == "OperationStarted"

    query = (
        "subscription($id: String!) { operationProgress(operationId: $id) { "
        "__typename ... on OperationProgress { stage progress } "
        "... on OperationFinished { status error } } }"
    )
    events = await subscription_events(
        live.ws_url + "/graphql",
        query,
        "operationProgress",
        variables={"id": fixed["operationId"]},
    )
    # the stream opens with the operation's state wherever it is, then every
    # later event (tests/services/operations/test_follow.py pins the no-gap
    # rule), and ends with the final event
    assert events[-1] == {
        "__typename": "OperationFinished",
        "status": "COMPLETE",
        "error": None,
    }
    assert len(events) >= 2
    assert all(e["__typename"] == "OperationProgress" for e in events[:-1])
    op = await wait_done(api, fixed["operationId"])
    assert op["status"] == "complete", op
    assert running_image(lab_engine, name)[0].endswith("gql/app:1.1.0")
    stack.down()


async def test_errors_come_back_as_union_members(api, images):
    batch = (await gql(api, BATCH, items=[{"container": "ghost"}]))["updateContainers"]
    assert batch["__typename"] == "NotFoundError"
    rollback = (await gql(api, ROLLBACK, id="op_missing"))["rollbackOperation"]
    assert rollback["__typename"] == "NotFoundError"
    bad_policy = (
        await api.post(
            "/graphql",
            json={
                "query": "mutation { setRollbackPolicy(input: {entityType: PLANET}) "
                "{ __typename } }"
            },
        )
    ).json()
    # a closed set is an enum: GraphQL validation refuses the value itself
    assert "PLANET" in bad_policy["errors"][0]["message"]
