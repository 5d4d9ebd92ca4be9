"""Prune through both edges on a private engine (pruning the shared one would
take other tests' images and containers with it)."""

from __future__ import annotations

import httpx
import pytest

from tests.lab.images import ImageBuilder
from tests.lab.procs import short_tmpdir
from tests.lab.stacks import StackFactory
from tests.support.api import gql
from tests.support.server import live_server

pytestmark = pytest.mark.lab

PROJECT = "com.docker.compose.project"
PRUNE = """
mutation($stacks: Boolean!) {
  %s(input: {includeStacks: $stacks}) {
    __typename
    ... on Pruned { kind deleted count spaceReclaimed protected }
    ... on UserError { message code }
  }
}"""
PRUNE_IMAGES = """
mutation($all: Boolean!, $stacks: Boolean!) {
  pruneImages(input: {all: $all, includeStacks: $stacks}) {
    __typename
    ... on Pruned { deleted count spaceReclaimed protected }
    ... on UserError { message code }
  }
}"""
PRUNE_SYSTEM = """
mutation {
  pruneSystem(input: {all: true, volumes: true}) {
    __typename
    ... on SystemPruned {
      spaceReclaimed
      containers { count deleted }
      images { count deleted protected }
      networks { count deleted }
      volumes { count deleted }
    }
  }
}"""


@pytest.fixture(scope="module")
def engine(private_lab_engine):
    return private_lab_engine


@pytest.fixture(scope="module")
def images(engine):
    return ImageBuilder(engine, None)


@pytest.fixture
def stacks(engine):
    factory = StackFactory(engine, short_tmpdir("prune-st"))
    yield factory
    factory.close()


@pytest.fixture
async def client(settings_factory, engine):
    settings = settings_factory(docker_host=engine.docker_host)
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=60) as http,
    ):
        yield http


def exists(engine, kind: str, name: str) -> bool:
    return engine.docker(kind, "inspect", name, check=False).returncode == 0


def stack_running(stack) -> bool:
    return [c.state for c in stack.ps()] == ["running"]


async def test_containers_prune_spares_stack_containers(client, engine, images, stacks):
    # given a stopped standalone container and a stack with a stopped service
    image = images.build("prune/app", "1", push=False)
    stack = stacks.up(
        "keep",
        {
            "web": {"image": image.ref, "stop_grace_period": "1s"},
            "job": {"image": image.ref, "stop_grace_period": "1s"},
        },
    )
    stack.compose("stop", "job")
    job = stack.container("job").name
    engine.docker("create", "--name", "prune-loose", image.ref)
    loose_id = engine.inspect("prune-loose")[0]["Id"]

    # when
    response = await client.post("/api/prune/containers")

    # then only the standalone one went, and it is really gone
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["items_deleted"] == [loose_id]
    assert data["count"] == 1
    assert data["message"] == "Pruned 1 containers"
    assert data["protected"] == [job]
    assert not exists(engine, "container", "prune-loose")
    assert exists(engine, "container", job)
    assert stack.container("web").state == "running"

    # and asked to, GraphQL prunes the stack's stopped container too
    result = (await gql(client, PRUNE % "pruneContainers", stacks=True))[
        "pruneContainers"
    ]
    assert result["count"] == 1
    assert not exists(engine, "container", job)
    assert stack.container("web").state == "running"


async def test_images_prune_frees_dangling_then_unused(client, engine, images):
    # given an image whose tag moved on (dangling) and an unused tagged image
    old = images.build("prune/moving", "1", push=False, version="old")
    new = images.build("prune/moving", "1", push=False, version="new")
    unused = images.build("prune/unused", "1", push=False)
    assert old.image_id != new.image_id

    dangling = await client.post("/api/prune/images")
    data = dangling.json()["data"]
    assert old.image_id in data["items_deleted"]
    assert data["space_reclaimed"] > 0
    assert not exists(engine, "image", old.image_id)
    assert exists(engine, "image", unused.ref)

    everything = await gql(client, PRUNE_IMAGES, all=True, stacks=False)
    result = everything["pruneImages"]
    assert {new.image_id, unused.image_id} <= set(result["deleted"])
    assert result["spaceReclaimed"] > 0
    assert not exists(engine, "image", unused.ref)
    assert not exists(engine, "image", new.ref)


async def test_images_a_stack_references_by_tag_survive(client, engine, images, stacks):
    # given a stack running v1 whose tag has since been rebuilt (pulled, not
    # yet rolled out): the new image is unused, but the stack references it
    first = images.build("prune/stacked", "1", push=False, version="a")
    stack = stacks.up(
        "tagged", {"app": {"image": first.ref, "stop_grace_period": "1s"}}
    )
    pending = images.build("prune/stacked", "1", push=False, version="b")
    loose = images.build("prune/loose", "1", push=False)

    response = await client.post("/api/prune/images", params={"all": "true"})

    data = response.json()["data"]
    assert loose.image_id in data["items_deleted"]
    assert pending.image_id not in data["items_deleted"]
    assert data["protected"] == [pending.ref]
    assert data["space_reclaimed"] > 0
    assert exists(engine, "image", pending.ref)
    assert exists(engine, "image", first.image_id)  # in use by the stack
    assert not exists(engine, "image", loose.ref)
    assert stack_running(stack)

    # and even with stacks included: a configured tag never goes
    forced = await gql(client, PRUNE_IMAGES, all=True, stacks=True)
    assert pending.image_id not in forced["pruneImages"]["deleted"]
    assert forced["pruneImages"]["protected"] == [pending.ref]
    assert exists(engine, "image", pending.ref)
    assert stack_running(stack)


async def test_system_prune_keeps_the_tag_a_standalone_container_names(
    client, engine, images
):
    # given a standalone container on solo:1 whose tag has since moved to a
    # newer build (pulled, not rolled out): the container runs the old id
    first = images.build("prune/solo", "1", push=False, version="a")
    engine.run_container("prune-solo", first.ref, extra_args=["--stop-timeout", "1"])
    pending = images.build("prune/solo", "1", push=False, version="b")
    try:
        # when everything unused is pruned
        response = await client.post("/api/prune/system", params={"all": "true"})

        # then the tag the container is configured with is still there
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert pending.image_id not in data["deleted"]["images"]
        assert exists(engine, "image", pending.ref)
        assert exists(engine, "image", first.image_id)
    finally:
        engine.remove_container("prune-solo")


async def test_volumes_and_networks_prune_spare_stack_resources(client, engine, images):
    # given a volume holding data, and a volume and a network of a stack
    writer = images.build("prune/writer", "1", push=False)
    engine.docker("volume", "create", "prune-loose-vol")
    engine.docker("volume", "create", "--label", f"{PROJECT}=app", "prune-stack-vol")
    engine.docker(
        "run", "--rm", "--network", "none", "-v", "prune-loose-vol:/d",
        writer.ref, "/bin/sh", "-c", "echo some data > /d/file",
    )  # fmt: skip
    engine.docker("network", "create", "--internal", "prune-loose-net")
    engine.docker(
        "network", "create", "--internal", "--label", f"{PROJECT}=app", "prune-stack-net"
    )  # fmt: skip

    volumes = (await client.post("/api/prune/volumes")).json()["data"]
    assert "prune-loose-vol" in volumes["items_deleted"]
    assert volumes["protected"] == ["prune-stack-vol"]
    assert volumes["space_reclaimed"] > 0
    assert not exists(engine, "volume", "prune-loose-vol")
    assert exists(engine, "volume", "prune-stack-vol")

    networks = (await gql(client, PRUNE % "pruneNetworks", stacks=False))[
        "pruneNetworks"
    ]
    assert networks["deleted"] == ["prune-loose-net"]
    assert networks["protected"] == ["prune-stack-net"]
    assert not exists(engine, "network", "prune-loose-net")
    assert exists(engine, "network", "prune-stack-net")

    both = await gql(client, PRUNE % "pruneVolumes", stacks=True)
    assert both["pruneVolumes"]["deleted"] == ["prune-stack-vol"]
    nets = (await client.post("/api/prune/networks", params={"stacks": "1"})).json()
    assert nets["data"]["items_deleted"] == ["prune-stack-net"]


async def test_system_prune_reports_counts_and_keeps_stacks_running(
    client, engine, images, stacks
):
    # given one of everything unused, beside a running stack
    image = images.build("prune/sys", "1", push=False)
    stack = stacks.up("sys", {"app": {"image": image.ref, "stop_grace_period": "1s"}})
    extra = images.build("prune/sys-extra", "1", push=False)
    engine.docker("create", "--name", "prune-sys-c", extra.ref)
    engine.docker("volume", "create", "prune-sys-v")
    engine.docker("network", "create", "--internal", "prune-sys-n")

    # when (REST, seed shape)
    response = await client.post(
        "/api/prune/system", params={"all": "true", "volumes": "true"}
    )

    # then the counts match the ids, and everything named is gone
    assert response.status_code == 200
    data = response.json()["data"]
    for kind in ("containers", "images", "networks", "volumes"):
        assert data[f"{kind}_deleted"] == len(data["deleted"][kind])
    assert data["containers_deleted"] == 1
    assert data["volumes_deleted"] == 1
    assert data["networks_deleted"] == 1
    assert extra.image_id in data["deleted"]["images"]
    assert data["space_reclaimed"] > 0
    for kind, name in (
        ("container", "prune-sys-c"),
        ("volume", "prune-sys-v"),
        ("network", "prune-sys-n"),
        ("image", extra.ref),
    ):
        assert not exists(engine, kind, name)
    assert exists(engine, "image", image.ref)
    assert stack_running(stack)

    # and a second run through GraphQL finds nothing left to prune
    again = (await gql(client, PRUNE_SYSTEM))["pruneSystem"]
    assert again["__typename"] == "SystemPruned"
    assert again["containers"]["count"] == 0
    assert again["volumes"]["count"] == 0
    assert again["networks"]["count"] == 0
    assert stack_running(stack)
