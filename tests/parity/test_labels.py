"""Label changes against the lab: byte-exact compose edits, recreate, rollback."""

from __future__ import annotations

import json

import pytest

from tests.support.api import lab_api, wait_done

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def registry(lab_images, lab_registry):
    lab_images.build_many("lbl/app", ["1.0.0", "1.1.0"])
    return lab_registry.host


@pytest.fixture(scope="module")
async def api(registry, lab_engine, tmp_path_factory):

    root = tmp_path_factory.mktemp("lbl")
    scripts = root / "scripts"
    scripts.mkdir()
    for name, code in (("ok.sh", 0), ("no.sh", 1)):
        path = scripts / name
        path.write_text(f"#!/bin/sh\necho checked $CONTAINER_NAME\nexit {code}\n")
        path.chmod(0o755)
    (root / "outside.sh").write_text("#!/bin/sh\nexit 0\n")
    (root / "outside.sh").chmod(0o755)
    async with lab_api(root, lab_engine.docker_host, scripts_dir=scripts) as client:
        yield client


def labels_of(lab_engine, name: str) -> dict[str, str]:
    [info] = lab_engine.inspect(name)
    return info["Config"]["Labels"]


MAP_STYLE = """\
# labels in map style; comments and quoting must survive
services:
  app:
    image: {r}/lbl/app:1.0.0   # pinned by hand
    network_mode: none
    labels:
      docksmith.ignore: "true"   # keep me out of checks
      com.example.team: 'ops'
  other:
    image: {r}/lbl/app:1.0.0
    network_mode: none
"""

LIST_STYLE = """\
services:
  app:
    image: {r}/lbl/app:1.0.0
    network_mode: none
    labels:
      - docksmith.allow-prerelease=true
      - docksmith.version-pin-major=true
      - com.example.team=ops
"""


async def test_set_labels_changes_only_those_lines_and_recreates(
    api, lab, lab_engine, registry
):
    stack = lab.stacks.create("lbl1", compose_text=MAP_STYLE.format(r=registry))
    stack.up()
    before = stack.read_text()
    name = stack.container("app").name
    old_id = stack.container("app").id
    other_id = stack.container("other").id

    seen = (await api.get(f"/api/labels/{name}")).json()["data"]
    assert seen["compose_labels"] == {"docksmith.ignore": "true"}
    assert seen["labels"]["com.example.team"] == "ops"
    assert seen["compose_file"] == str(stack.compose_path)

    response = await api.post(
        "/api/labels/set",
        json={
            "container": name,
            "labels": {
                "docksmith.ignore": "false",
                "docksmith.version-pin-major": "true",
            },
        },
    )
    assert response.status_code == 200, response.text
    started = response.json()["data"]
    assert (started["operation"], started["container"]) == ("set", name)
    op = await wait_done(api, started["operation_id"])

    assert op["status"] == "complete", op
    assert op["operation_type"] == "label_change"
    assert stack.read_text() == before.replace(
        'docksmith.ignore: "true"', 'docksmith.ignore: "false"'
    ).replace(
        "      com.example.team: 'ops'\n",
        "      com.example.team: 'ops'\n      docksmith.version-pin-major: \"true\"\n",
    )
    assert stack.container("app").id != old_id
    assert stack.container("other").id == other_id
    labels = labels_of(lab_engine, name)
    assert labels["docksmith.ignore"] == "false"
    assert labels["docksmith.version-pin-major"] == "true"
    stack.down()


async def test_remove_labels_in_list_style_and_roll_back(
    api, lab, lab_engine, registry
):
    stack = lab.stacks.create("lbl2", compose_text=LIST_STYLE.format(r=registry))
    stack.up()
    before = stack.read_text()
    name = stack.container("app").name
    old_id = stack.container("app").id

    response = await api.post(
        "/api/labels/remove",
        json={"container_name": name, "label_names": ["docksmith.allow-prerelease"]},
    )
    assert response.status_code == 200, response.text
    op = await wait_done(api, response.json()["data"]["operation_id"])
    assert op["status"] == "complete", op
    assert stack.read_text() == before.replace(
        "      - docksmith.allow-prerelease=true\n", ""
    )
    assert stack.container("app").id != old_id
    assert "docksmith.allow-prerelease" not in labels_of(lab_engine, name)

    rollback = await api.post(
        "/api/rollback", json={"operation_id": op["operation_id"]}
    )
    assert rollback.status_code == 200, rollback.text
    undone = await wait_done(api, rollback.json()["data"]["operation_id"])
    assert undone["status"] == "complete", undone
    assert undone["rollback_of"] == op["operation_id"]
    assert stack.read_text() == before.replace(
        "      - docksmith.allow-prerelease=true\n", ""
    ).replace(
        "      - com.example.team=ops\n",
        "      - com.example.team=ops\n      - docksmith.allow-prerelease=true\n",
    )
    assert labels_of(lab_engine, name)["docksmith.allow-prerelease"] == "true"
    again = await api.post("/api/rollback", json={"operation_id": op["operation_id"]})
    assert again.status_code == 409
    stack.down()


async def test_typed_fields_and_no_restart(api, lab, lab_engine, registry):
    stack = lab.stacks.create("lbl3", compose_text=LIST_STYLE.format(r=registry))
    stack.up()
    before = stack.read_text()
    name = stack.container("app").name
    old_id = stack.container("app").id
    response = await api.post(
        "/api/labels/set",
        json={
            "container_name": name,
            "version_pin_major": False,
            "version_pin_minor": True,
            "tag_regex": "^1\\.",
            "no_restart": True,
        },
    )
    assert response.status_code == 200, response.text
    op = await wait_done(api, response.json()["data"]["operation_id"])
    assert op["status"] == "complete", op
    assert stack.read_text() == before.replace(
        "      - docksmith.version-pin-major=true\n", ""
    ).replace(
        "      - com.example.team=ops\n",
        "      - com.example.team=ops\n"
        "      - docksmith.version-pin-minor=true\n"
        "      - docksmith.tag-regex=^1\\.\n",
    )
    assert stack.container("app").id == old_id  # no_restart: not recreated
    stack.down()


async def test_a_typed_auto_rollback_removes_the_older_spelling_only_when_there(
    api, lab, lab_engine, registry
):
    """The typed field replaces both spellings of the label; the older one,
    when absent, is no part of the change (its record listed it as
    `docksmith.auto_rollback: unset → unset`)."""
    compose = LIST_STYLE.format(r=registry) + (
        "  old:\n"
        f"    image: {registry}/lbl/app:1.0.0\n"
        "    network_mode: none\n"
        "    labels:\n"
        "      - docksmith.auto_rollback=false\n"
    )
    stack = lab.stacks.create("lbl6", compose_text=compose)
    stack.up()
    recorded = {}
    for service in ("app", "old"):
        response = await api.post(
            "/api/labels/set",
            json={
                "container_name": stack.container(service).name,
                "auto_rollback": "true",
                "no_restart": True,
            },
        )
        assert response.status_code == 200, response.text
        op = await wait_done(api, response.json()["data"]["operation_id"])
        assert op["status"] == "complete", op
        [detail] = op["batch_details"]
        recorded[service] = (json.loads(op["new_version"]), detail["remove"])
    assert recorded == {
        "app": ({"docksmith.auto-rollback": "true"}, []),
        "old": (
            {"docksmith.auto-rollback": "true", "docksmith.auto_rollback": ""},
            ["docksmith.auto_rollback"],
        ),
    }
    assert "docksmith.auto_rollback" not in stack.read_text()
    stack.down()


async def test_invalid_values_are_refused_before_anything_changes(
    api, lab, lab_engine, registry
):
    stack = lab.stacks.create("lbl4", compose_text=LIST_STYLE.format(r=registry))
    stack.up()
    before = stack.read_text()
    name = stack.container("app").name
    cases = [
        ({"labels": {"docksmith.tag-regex": "(unclosed"}}, "regex"),
        ({"labels": {"docksmith.version-pin-minor": "maybe"}}, "true or false"),
        ({"version_min": "2.0.0", "version_max": "1.0.0"}, "above"),
        ({"script": "../outside.sh"}, "outside the scripts folder"),
        ({"labels": {"docksmith.post-update": "exec:rm -rf /"}}, "ALLOW_EXEC_ACTIONS"),
        ({"labels": {"docksmith.post-update": "reboot:now"}}, "must be one of"),
        ({}, "no labels specified"),
    ]
    for body, reason in cases:
        response = await api.post("/api/labels/set", json={"container": name, **body})
        assert response.status_code == 400, (body, response.text)
        assert reason in response.json()["error"]["message"], (body, response.text)
    missing = await api.post(
        "/api/labels/set", json={"container": "ghost", "ignore": True}
    )
    assert missing.status_code == 404
    empty = await api.post("/api/labels/remove", json={"container": name, "labels": []})
    assert empty.status_code == 400
    assert stack.read_text() == before
    stack.down()


async def test_blocking_script_fails_the_change_and_leaves_the_file(
    api, lab, lab_engine, registry
):
    compose = LIST_STYLE.format(r=registry).replace(
        "      - com.example.team=ops\n",
        "      - com.example.team=ops\n      - docksmith.pre-update-check=no.sh\n",
    )
    stack = lab.stacks.create("lbl5", compose_text=compose)
    stack.up()
    before = stack.read_text()
    name = stack.container("app").name
    old_id = stack.container("app").id
    started = (
        await api.post("/api/labels/set", json={"container": name, "ignore": True})
    ).json()["data"]
    op = await wait_done(api, started["operation_id"])
    assert op["status"] == "failed"
    assert f"checked {name}" in op["error_message"]
    assert stack.read_text() == before
    assert stack.container("app").id == old_id
    forced = (
        await api.post(
            "/api/labels/set", json={"container": name, "ignore": True, "force": True}
        )
    ).json()["data"]
    op = await wait_done(api, forced["operation_id"])
    assert op["status"] == "complete", op
    assert "docksmith.ignore=true" in stack.read_text()
    stack.down()


async def test_graphql_labels(api, lab, lab_engine, registry):
    stack = lab.stacks.create("lbl6", compose_text=MAP_STYLE.format(r=registry))
    stack.up()
    name = stack.container("app").name
    query = """query($c: String!) { containerLabels(name: $c) {
        container composeLabels { key value } composeFile service } }"""
    body = (
        await api.post("/graphql", json={"query": query, "variables": {"c": name}})
    ).json()
    found = body["data"]["containerLabels"]
    assert found["composeLabels"] == [{"key": "docksmith.ignore", "value": "true"}]
    assert found["service"] == "app"
    mutation = """mutation($c: String!) {
        setLabels(
            input: {container: $c, typed: {ignore: false, versionPinPatch: true}}
        ) {
          __typename ... on OperationStarted { operationId }
          ... on UserError { message } } }"""
    body = (
        await api.post("/graphql", json={"query": mutation, "variables": {"c": name}})
    ).json()
    result = body["data"]["setLabels"]
    assert result["__typename"] == "OperationStarted", body
    op = await wait_done(api, result["operationId"])
    assert op["status"] == "complete", op
    text = stack.read_text()
    assert "docksmith.ignore" not in text
    assert 'docksmith.version-pin-patch: "true"' in text
    remove = """mutation($c: String!) {
        removeLabels(input: {container: $c, labels: ["com.example.team"]}) {
          __typename ... on UserError { message } } }"""
    body = (
        await api.post("/graphql", json={"query": remove, "variables": {"c": "ghost"}})
    ).json()
    assert body["data"]["removeLabels"]["__typename"] == "NotFoundError"
    stack.down()


VALIDATE = """query($input: ValidateLabelsInput!) {
  validateLabels(input: $input) { valid problems { label message } } }"""


async def test_validate_labels_says_per_label_what_set_labels_would_refuse(
    api, lab_stack_factory, lab_engine, registry
):
    # given a compose container with docksmith.version-pin-major set
    stack = lab_stack_factory.create("lblv", compose_text=LIST_STYLE.format(r=registry))
    stack.up()
    before = stack.read_text()
    name = stack.container("app").name
    old_id = stack.container("app").id

    async def validate(**fields: object) -> dict:
        body = (
            await api.post(
                "/graphql",
                json={
                    "query": VALIDATE,
                    "variables": {"input": {"container": name, **fields}},
                },
            )
        ).json()
        assert "errors" not in body, body
        return body["data"]["validateLabels"]

    # when two labels are wrong at once, each is named with its own reason
    bad = await validate(
        typed={"versionMin": "banana", "tagRegex": "(", "ignore": True},
        labels=[{"key": "docksmith.allow-latest", "value": "maybe"}],
    )
    assert bad["valid"] is False
    by_label = {p["label"]: p["message"] for p in bad["problems"]}
    assert set(by_label) == {
        "docksmith.version-min",
        "docksmith.tag-regex",
        "docksmith.allow-latest",
    }
    assert "not a version" in by_label["docksmith.version-min"]
    assert "regex" in by_label["docksmith.tag-regex"]

    # a change valid label by label but not as a whole (min above max) is
    # refused without a label to blame
    whole = await validate(typed={"versionMin": "3.0.0", "versionMax": "2.0.0"})
    assert whole["valid"] is False
    assert [p["label"] for p in whole["problems"]] == [None]
    assert "above" in whole["problems"][0]["message"]

    # a valid change is valid, and validating changed nothing
    good = await validate(typed={"versionPinMajor": False, "versionMax": "2.0.0"})
    assert good == {"valid": True, "problems": []}
    assert stack.read_text() == before
    assert stack.container("app").id == old_id

    # an unknown container is a NOT_FOUND error, as for setLabels
    body = (
        await api.post(
            "/graphql",
            json={"query": VALIDATE, "variables": {"input": {"container": "nope-x"}}},
        )
    ).json()
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


TAG_OPTIONS = """query($name: String!) {
  containerTagOptions(name: $name) {
    container currentTag constraints { key value }
    tags { tag allowed excludedBy current }
  } }"""


async def test_container_tag_options_grey_out_what_the_labels_exclude(
    api, lab_stack_factory, lab_images, registry
):
    # given a container on 1.0.0 pinned to its major line, with 1.5.0 and 2.0.0 out
    lab_images.build_many("lbl/tags", ["1.0.0", "1.5.0", "2.0.0"])
    stack = lab_stack_factory.create(
        "lblt",
        compose_text=f"""\
services:
  app:
    image: {registry}/lbl/tags:1.0.0
    network_mode: none
    labels:
      docksmith.version-pin-major: "true"
""",
    )
    stack.up()
    name = stack.container("app").name

    body = (
        await api.post(
            "/graphql", json={"query": TAG_OPTIONS, "variables": {"name": name}}
        )
    ).json()
    assert "errors" not in body, body
    found = body["data"]["containerTagOptions"]
    assert found["currentTag"] == "1.0.0"
    assert found["constraints"] == [
        {"key": "docksmith.version-pin-major", "value": "true"}
    ]
    tags = {t["tag"]: t for t in found["tags"]}
    assert [t["tag"] for t in found["tags"]] == ["2.0.0", "1.5.0", "1.0.0"]
    assert tags["1.5.0"]["allowed"] is True
    assert tags["1.0.0"]["current"] is True
    assert tags["2.0.0"]["allowed"] is False
    assert "docksmith.version-pin-major" in tags["2.0.0"]["excludedBy"]

    # an unknown container is null, not an error
    body = (
        await api.post(
            "/graphql", json={"query": TAG_OPTIONS, "variables": {"name": "nope-x"}}
        )
    ).json()
    assert body == {"data": {"containerTagOptions": None}}


async def test_a_label_change_refuses_to_recreate_onto_an_image_edited_by_hand(
    api, lab, lab_engine, registry
):
    # The file was moved to 1.1.0 by hand, without `up`: recreating for the
    # label would have switched the image too, unchecked and unannounced.
    stack = lab.stacks.create("lbl9", compose_text=MAP_STYLE.format(r=registry))
    stack.up()
    name = stack.container("app").name
    old_id = stack.container("app").id
    edited = stack.read_text().replace("lbl/app:1.0.0   #", "lbl/app:1.1.0   #")
    stack.write_text(edited)

    started = (
        await api.post(
            "/api/labels/set",
            json={"container": name, "labels": {"com.example.team": "dev"}},
        )
    ).json()["data"]
    op = await wait_done(api, started["operation_id"])
    assert op["status"] == "failed", op
    assert f"{registry}/lbl/app:1.1.0" in op["error_message"]
    assert f"runs {registry}/lbl/app:1.0.0" in op["error_message"]
    assert stack.read_text() == edited
    assert stack.container("app").id == old_id

    # Without a recreate nothing runs the file's image: the labels are written.
    started = (
        await api.post(
            "/api/labels/set",
            json={
                "container": name,
                "labels": {"com.example.team": "dev"},
                "no_restart": True,
            },
        )
    ).json()["data"]
    op = await wait_done(api, started["operation_id"])
    assert op["status"] == "complete", op
    assert "com.example.team: 'dev'" in stack.read_text()
    assert stack.container("app").id == old_id
    stack.down()
