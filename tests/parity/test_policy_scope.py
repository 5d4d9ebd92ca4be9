"""`policyScope`: what decides auto-update and auto-rollback for the host, a
stack or a container, against the lab (real engine and compose CLI), with
policies set through the same mutations the web UI uses."""

from __future__ import annotations

import pytest

from tests.support.api import gql, lab_api

pytestmark = pytest.mark.lab

SCOPE = """
query($type: PolicyEntityType!, $id: String!) {
  policyScope(entityType: $type, entityId: $id) {
    entityType entityId host stack problems
    autoUpdatePolicy { level minAge maintenanceWindow }
    rollbackPolicy { autoRollbackEnabled healthTimeoutSeconds }
    autoUpdate {
      level levelSource minAge minAgeSource
      maintenanceWindow maintenanceWindowSource
    }
    rollback { autoRollback source healthTimeoutSeconds stabilityWindowSeconds }
    docksmithItself
    containers {
      container problems docksmithItself
      autoUpdate { level levelSource }
      rollback { autoRollback source }
    }
  }
}"""
SET_AUTO = """
mutation($input: SetAutoUpdatePolicyInput!) {
  setAutoUpdatePolicy(input: $input) {
    __typename ... on UserError { message code }
  }
}"""
SET_ROLLBACK = """
mutation($input: SetRollbackPolicyInput!) {
  setRollbackPolicy(input: $input) {
    __typename ... on UserError { message code }
  }
}"""


@pytest.fixture(scope="module")
def image(lab_images, lab_registry):
    lab_images.build("ps/app", "1.0.0")
    return f"{lab_registry.host}/ps/app:1.0.0"


@pytest.fixture(scope="module")
def own():
    """Which container the server takes for Docksmith's own."""
    return {"id": None}


@pytest.fixture(scope="module")
async def api(lab_engine, tmp_path_factory, own):
    async def find_self() -> str | None:
        return own["id"]

    async with lab_api(
        tmp_path_factory.mktemp("scope"),
        lab_engine.docker_host,
        context={"find_self": find_self},
    ) as c:
        yield c


@pytest.fixture(scope="module")
def stack(lab, image):
    created = lab.stacks.create(
        "pscope",
        compose_text=f"""\
services:
  labelled:
    image: {image}
    network_mode: none
    labels:
      docksmith.auto-update: patch
      docksmith.auto-rollback: "false"
  plain:
    image: {image}
    network_mode: none
  broken:
    image: {image}
    network_mode: none
    labels:
      docksmith.auto-update: sometimes
""",
    )
    created.up()
    yield created
    created.down()


async def scope(api, kind: str, name: str = "") -> dict:
    return (await gql(api, SCOPE, type=kind, id=name))["policyScope"]


async def set_policies(api, *inputs: tuple[str, dict]) -> None:
    for mutation, value in inputs:
        answer = await gql(api, mutation, input=value)
        [result] = answer.values()
        assert result["__typename"] in ("AutoUpdatePolicy", "RollbackPolicy"), result


async def test_each_setting_names_the_level_that_decides(api, stack):
    # given policies at every level and a label on one container
    await set_policies(
        api,
        (SET_AUTO, {"entityType": "GLOBAL", "level": "MAJOR", "minAge": "2d"}),
        (
            SET_AUTO,
            {
                "entityType": "STACK",
                "entityId": "pscope",
                "level": "MINOR",
                "maintenanceWindow": "sun 01:00-05:00",
            },
        ),
        (
            SET_ROLLBACK,
            {
                "entityType": "STACK",
                "entityId": "pscope",
                "autoRollback": True,
                "healthTimeoutSeconds": 45,
            },
        ),
    )
    labelled = stack.container("labelled").name
    plain = stack.container("plain").name

    # when the container scopes are read
    one = await scope(api, "CONTAINER", labelled)
    two = await scope(api, "CONTAINER", plain)

    # then each setting says where it came from: label, stack, global
    assert one["stack"] == "pscope"
    assert one["autoUpdatePolicy"] is None  # nothing stored for the container
    assert one["autoUpdate"] == {
        "level": "PATCH",
        "levelSource": "LABEL",
        "minAge": "2d",
        "minAgeSource": "GLOBAL",
        "maintenanceWindow": "sun 01:00-05:00",
        "maintenanceWindowSource": "STACK",
    }
    assert one["rollback"] == {
        "autoRollback": False,
        "source": "LABEL",
        "healthTimeoutSeconds": 45,
        "stabilityWindowSeconds": 10,  # a new policy starts from the defaults
    }
    assert two["autoUpdate"]["level"] == "MINOR"
    assert two["autoUpdate"]["levelSource"] == "STACK"
    assert two["rollback"]["autoRollback"] is True
    assert two["rollback"]["source"] == "STACK"
    assert two["problems"] == []

    # when the container gets a policy of its own
    await set_policies(
        api,
        (SET_AUTO, {"entityType": "CONTAINER", "entityId": plain, "minAge": "0"}),
    )
    two = await scope(api, "CONTAINER", plain)

    # then it decides the setting it sets, and the rest still comes from above
    assert two["autoUpdatePolicy"] == {
        "level": None,
        "minAge": "0",
        "maintenanceWindow": None,
    }
    assert (two["autoUpdate"]["minAge"], two["autoUpdate"]["minAgeSource"]) == (
        "0",
        "CONTAINER",
    )
    assert two["autoUpdate"]["levelSource"] == "STACK"

    # and the stack and global scopes show their own policies
    stack_scope = await scope(api, "STACK", "pscope")
    assert stack_scope["autoUpdatePolicy"]["level"] == "MINOR"
    assert stack_scope["rollbackPolicy"]["healthTimeoutSeconds"] == 45
    assert stack_scope["autoUpdate"]["minAgeSource"] == "GLOBAL"
    everywhere = await scope(api, "GLOBAL")
    assert everywhere["autoUpdatePolicy"]["level"] == "MAJOR"
    assert everywhere["autoUpdate"]["levelSource"] == "GLOBAL"
    assert everywhere["rollback"]["source"] == "GLOBAL"


async def test_a_stack_lists_what_decides_for_each_of_its_containers(api, stack):
    # given the stack's containers in the last check, and a stack policy
    response = await api.get("/api/check")
    assert response.status_code == 200, response.text
    await set_policies(
        api,
        (SET_AUTO, {"entityType": "STACK", "entityId": "pscope", "level": "MINOR"}),
    )

    # when the stack's scope is read
    members = {
        c["container"]: c for c in (await scope(api, "STACK", "pscope"))["containers"]
    }

    # then each container's labels count: a label, the stack, a wrong value
    labelled = members[stack.container("labelled").name]
    assert labelled["autoUpdate"] == {"level": "PATCH", "levelSource": "LABEL"}
    assert labelled["rollback"] == {"autoRollback": False, "source": "LABEL"}
    plain = members[stack.container("plain").name]
    assert plain["autoUpdate"] == {"level": "MINOR", "levelSource": "STACK"}
    broken = members[stack.container("broken").name]
    assert broken["autoUpdate"] is None
    assert "sometimes" in broken["problems"][0]
    assert len(members) == 3
    # only a stack lists its containers
    assert (await scope(api, "GLOBAL"))["containers"] == []


async def test_docksmith_itself_is_said_to_follow_only_its_own_label(api, stack, own):
    # given the server runs in `plain` (no label) and, later, in `labelled`
    response = await api.get("/api/check")
    assert response.status_code == 200, response.text
    plain, labelled = stack.container("plain"), stack.container("labelled")
    own["id"] = plain.id
    try:
        # then no policy is said to update it, as a run would skip it (SELF)
        assert (await scope(api, "CONTAINER", plain.name))["docksmithItself"] is True
        members = {
            c["container"]: c["docksmithItself"]
            for c in (await scope(api, "STACK", "pscope"))["containers"]
        }
        assert members[plain.name] is True
        assert members[labelled.name] is False

        # and its own label does include it
        own["id"] = labelled.id
        one = await scope(api, "CONTAINER", labelled.name)
        assert one["docksmithItself"] is False
    finally:
        own["id"] = None


async def test_a_wrong_label_is_a_problem_not_a_failed_query(api, stack):
    broken = await scope(api, "CONTAINER", stack.container("broken").name)

    assert broken["autoUpdate"] is None
    assert broken["rollback"] is not None
    [problem] = broken["problems"]
    assert "docksmith.auto-update" in problem
    assert "sometimes" in problem


@pytest.mark.parametrize(
    ("kind", "name", "code", "words"),
    [
        ("STACK", "", "BAD_REQUEST", "a stack policy needs the stack name"),
        ("CONTAINER", "no such!", "BAD_REQUEST", "is not a valid Docker name"),
        ("CONTAINER", "pscope-nobody", "NOT_FOUND", "pscope-nobody"),
    ],
)
async def test_bad_scope_is_a_clear_error(api, kind, name, code, words):
    body = (
        await api.post(
            "/graphql",
            json={"query": SCOPE, "variables": {"type": kind, "id": name}},
        )
    ).json()

    [error] = body["errors"]
    assert error["extensions"]["code"] == code, error
    assert words in error["message"], error
