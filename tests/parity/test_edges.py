"""REST and GraphQL are two edges over one catalogue: the capability table
maps one onto the other, and the same scenarios, run through both with one
driver interface (tests/parity/drivers.py), end the same way, refusals
included (same code, same message)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from schema import build_schema
from tests.parity.capabilities import CAPABILITIES, GRAPHQL_ONLY, REST_ONLY
from tests.parity.drivers import Driver, GraphQLDriver, Outcome, RestDriver
from tests.support.api import gql, lab_api, wait_done

REPO = Path(__file__).resolve().parents[2]


def rest_operations() -> set[str]:
    document = json.loads((REPO / "rest" / "openapi.json").read_text())
    return {
        f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method in item
    }


def root_fields() -> set[str]:
    schema = build_schema()._schema
    roots = {
        "Query": schema.query_type,
        "Mutation": schema.mutation_type,
        "Subscription": schema.subscription_type,
    }
    return {f"{n}.{f}" for n, t in roots.items() if t for f in t.fields}


class TestCapabilityTable:
    def test_every_rest_operation_is_mapped(self):
        assert set(CAPABILITIES) | set(REST_ONLY) == rest_operations()
        assert not set(CAPABILITIES) & set(REST_ONLY)

    def test_every_mapped_field_exists(self):
        fields = root_fields()
        for operation, mapped in CAPABILITIES.items():
            for name in mapped:
                assert name in fields, f"{operation} -> {name}: no such field"

    def test_every_root_field_is_mapped_or_graphql_only(self):
        mapped = {name for names in CAPABILITIES.values() for name in names}
        assert root_fields() - mapped == set(GRAPHQL_ONLY)


@pytest.fixture(scope="module")
def world(lab, lab_images, lab_registry):
    lab_images.build_many("edges/app", ["1.0.0", "1.1.0"])
    r = lab_registry.host
    compose = "services:\n" + "".join(
        f"  {s}:\n    image: {r}/edges/app:1.0.0\n    network_mode: none\n"
        for s in ("rest", "graphql")
    )
    stack = lab.stacks.create("edges", compose_text=compose)
    stack.up()
    yield {
        "stack": "edges",
        "repository": f"{r}/edges/app",
        "rest": stack.container("rest").name,
        "graphql": stack.container("graphql").name,
    }
    stack.down()


@pytest.fixture(scope="module")
async def client(lab_engine, world, tmp_path_factory):
    root = tmp_path_factory.mktemp("edges")
    scripts = root / "scripts"
    scripts.mkdir()
    async with lab_api(root, lab_engine.docker_host, scripts_dir=scripts) as http:
        assert (await http.get("/api/check")).status_code == 200
        yield http


def drivers(client: httpx.AsyncClient) -> list[Driver]:
    return [RestDriver(client), GraphQLDriver(client)]


@dataclass(frozen=True)
class Refusal:
    """A request both edges must refuse with `code` and the same message."""

    name: str
    call: Callable[[Driver, dict[str, str]], Awaitable[Outcome]]
    code: str


REFUSALS = [
    Refusal("update an unknown container",
            lambda d, w: d.update_container("edges-nope"), "NOT_FOUND"),
    Refusal("update to a tag the registry lacks",
            lambda d, w: d.update_container(w["rest"], "9.9.9"), "NOT_FOUND"),
    Refusal("update a container without a name",
            lambda d, w: d.update_container(""), "BAD_REQUEST"),
    Refusal("set labels without a container",
            lambda d, w: d.set_labels("", {"docksmith.ignore": "true"}),
            "BAD_REQUEST"),
    Refusal("restart without a container",
            lambda d, w: d.restart(""), "BAD_REQUEST"),
    Refusal("assign an empty script",
            lambda d, w: d.assign_script(w["rest"], ""), "BAD_REQUEST"),
    Refusal("roll back an unknown operation",
            lambda d, w: d.rollback("op_nope"), "NOT_FOUND"),
    Refusal("look up an unknown operation",
            lambda d, w: d.operation("op_nope"), "NOT_FOUND"),
    Refusal("set labels on an unknown container",
            lambda d, w: d.set_labels("edges-nope", {"docksmith.ignore": "true"}),
            "NOT_FOUND"),
    Refusal("remove no labels",
            lambda d, w: d.remove_labels(w["rest"], []), "BAD_REQUEST"),
    Refusal("read labels of an unknown container",
            lambda d, w: d.container_labels("edges-nope"), "NOT_FOUND"),
    Refusal("restart an unknown container",
            lambda d, w: d.restart("edges-nope"), "NOT_FOUND"),
    Refusal("restart an unknown stack",
            lambda d, w: d.restart_stack("edges-nope"), "NOT_FOUND"),
    Refusal("stop with a timeout out of range",
            lambda d, w: d.stop_container(w["rest"], 100_000), "BAD_REQUEST"),
    Refusal("remove an unknown image",
            lambda d, w: d.remove_image("edges/nope:1"), "NOT_FOUND"),
    Refusal("list tags of a repository the registry lacks",
            lambda d, w: d.registry_tags(w["repository"] + "-nope"), "NOT_FOUND"),
    Refusal("assign a script outside SCRIPTS_DIR",
            lambda d, w: d.assign_script(w["rest"], "../outside.sh"), "BAD_REQUEST"),
    Refusal("a container policy without its container",
            lambda d, w: d.set_policy("container", ""), "BAD_REQUEST"),
]  # fmt: skip


@pytest.mark.lab
@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda r: r.name)
async def test_both_edges_refuse_alike(client, world, refusal):
    rest, graphql = [await refusal.call(d, world) for d in drivers(client)]
    assert rest.code == refusal.code, rest
    assert graphql.code == refusal.code, graphql
    if graphql.message is not None:  # a null lookup carries no message
        assert graphql.message == rest.message


@pytest.mark.lab
async def test_both_edges_read_alike(client, world):
    rest, graphql = drivers(client)
    for read in (
        lambda d: d.container_labels(world["rest"]),
        lambda d: d.registry_tags(world["repository"]),
    ):
        assert await read(rest) == await read(graphql)


@pytest.mark.lab
@pytest.mark.parametrize("edge", ["rest", "graphql"])
async def test_an_update_and_its_rollback_end_alike(client, world, edge):
    # each edge updates and rolls back its own container of the same stack
    driver = {d.edge: d for d in drivers(client)}[edge]
    container = world[edge]
    started = await driver.update_container(container, "1.1.0")
    assert started.ok, started
    done = await wait_done(client, started.data["operation_id"])
    assert (done["status"], done["new_version"]) == ("complete", "1.1.0"), done
    rollback = await driver.rollback(done["operation_id"])
    assert rollback.ok, rollback
    back = await wait_done(client, rollback.data["operation_id"])
    assert back["status"] == "complete", back
    assert (await driver.rollback(done["operation_id"])).code == "CONFLICT"


@pytest.mark.lab
@pytest.mark.parametrize(
    ("field", "label", "bad", "message"),
    [
        (
            "auto_update",
            "docksmith.auto-update",
            "sometimes",
            "docksmith.auto-update must be one of off, digest, patch, minor, "
            "major, not 'sometimes'",
        ),
        (
            "auto_rollback",
            "docksmith.auto-rollback",
            "maybe",
            "docksmith.auto-rollback must be true or false, not 'maybe'",
        ),
    ],
)
async def test_a_label_value_outside_its_set_is_refused_in_the_same_words(
    client, world, field, label, bad, message
):
    # REST takes the closed set as a typed field; GraphQL's typed field is an
    # enum (a value outside it cannot be sent), so its way to send one is the
    # label map. Both reach the label rules in services and say the same.
    rest, graphql = drivers(client)
    response = await client.post(
        "/api/labels/set", json={"container": world["rest"], field: bad}
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"] == {"message": message, "code": "BAD_REQUEST"}
    for driver in (rest, graphql):
        refused = await driver.set_labels(world[driver.edge], {label: bad})
        assert (refused.code, refused.message) == ("BAD_REQUEST", message)
    # The enum itself reaches the label: FALSE is "false", POLICIES removes it.
    checked = await gql(
        client,
        """query($input: ValidateLabelsInput!) {
            validateLabels(input: $input) { valid problems { label message } } }""",
        input={
            "container": world["graphql"],
            "typed": {"autoRollback": "FALSE", "autoUpdate": "POLICIES"},
        },
    )
    assert checked["validateLabels"] == {"valid": True, "problems": []}
