"""The Docker adapter against the lab's private engine."""

from __future__ import annotations

import json

import pytest

from services.docker import DockerSdkEngine
from services.errors import DockerUnavailableError, InvalidInputError, NotFoundError

pytestmark = pytest.mark.lab


@pytest.fixture
async def engine(lab_engine):
    adapter = DockerSdkEngine(lab_engine.docker_host)
    yield adapter
    await adapter.close()


@pytest.fixture(scope="module")
def running_container(lab_engine, lab_images):
    image = lab_images.build("adapter/app", "1.0.0", push=False)
    lab_engine.run_container(
        "adapter-app", image.ref, labels={"docksmith.ignore": "true", "team": "ops"}
    )
    yield "adapter-app"
    lab_engine.remove_container("adapter-app")


async def test_ping_and_engine_info(engine):
    assert await engine.ping() is True
    info = await engine.info()
    assert info.api_version.startswith("1.")
    assert info.platform.startswith("linux/")


async def test_lists_and_gets_containers_with_labels(engine, running_container):
    containers = {c.name: c for c in await engine.list_containers()}
    app = containers[running_container]
    assert app.state == "running"
    assert app.labels["team"] == "ops"
    assert app.image.endswith("adapter/app:1.0.0")
    same = await engine.get_container(app.id[:12])
    assert same.name == running_container
    assert same.created is not None


async def test_unknown_container_is_not_found(engine):
    with pytest.raises(NotFoundError, match="container not found: nope"):
        await engine.get_container("nope")


async def test_engine_going_away_and_coming_back(engine, lab_engine):
    assert await engine.ping()
    with lab_engine.stopped():
        assert await engine.ping() is False
        with pytest.raises(DockerUnavailableError, match="not reachable"):
            await engine.list_containers()
    # the adapter reconnects by itself once the engine is back
    assert await engine.ping() is True
    assert isinstance(await engine.list_containers(), list)


async def test_no_engine_at_all_is_reported_not_raised(tmp_path):
    adapter = DockerSdkEngine(f"unix://{tmp_path}/absent.sock")
    assert await adapter.ping() is False
    with pytest.raises(DockerUnavailableError):
        await adapter.info()


async def test_list_keeps_the_configured_image_after_its_tag_moved(
    engine, lab_engine, lab_images
):
    old = lab_images.build("adapter/moving", "latest", push=False)
    lab_engine.run_container("adapter-moving", old.ref)
    try:
        # the tag now names another image; the engine lists the container by image id
        lab_images.build("adapter/moving", "latest", push=False, version="2")
        _, raw = lab_engine.api("GET", "/containers/json?all=1")
        [row] = [r for r in json.loads(raw) if "/adapter-moving" in r["Names"]]
        assert row["Image"] == old.image_id  # the list no longer names the tag
        listed = {c.name: c for c in await engine.list_containers()}["adapter-moving"]
        assert listed.image == old.ref
        assert listed.image_id == old.image_id
    finally:
        lab_engine.remove_container("adapter-moving")


@pytest.mark.parametrize(
    "name",
    ["x/../{c}", "../{c}", "{c}/../{c}", "/{c}", "{c}/", "./{c}", "-{c}", "{c} "],
)
async def test_a_name_that_is_a_path_never_reaches_the_engine(
    engine, running_container, name
):
    # The engine's URL would collapse `x/../name` to `name`: refused first.
    with pytest.raises(InvalidInputError, match="not a valid Docker name"):
        await engine.inspect_container(name.format(c=running_container))
    with pytest.raises(InvalidInputError, match="not a valid Docker name"):
        await engine.get_container(name.format(c=running_container))
    with pytest.raises(InvalidInputError, match="not a valid Docker name"):
        await engine.stop_container(name.format(c=running_container))
    assert (await engine.inspect_container(running_container)).name == running_container


async def test_image_references_are_checked_before_the_engine(engine):
    with pytest.raises(InvalidInputError):
        await engine.remove_image("../images/busybox")
    with pytest.raises(InvalidInputError, match="too long"):
        await engine.get_image("a" * 100_000)


async def test_listed_containers_share_their_repeated_label_strings(
    engine, lab_engine, lab_images
):
    # Two services of one compose project: the same keys, and the project's
    # values, in every row of the engine's list.
    image = lab_images.build("adapter/shared", "1.0.0", push=False)
    labels = {
        "com.docker.compose.project": "sharedproject",
        "com.docker.compose.project.working_dir": "/srv/stacks/sharedproject",
    }
    names = ["adapter-shared-1", "adapter-shared-2"]
    args = [a for k, v in labels.items() for a in ("--label", f"{k}={v}")]
    for name in names:
        lab_engine.docker(
            "create", "--network", "none", "--name", name, *args, image.ref
        )
    try:
        listed = {c.name: c for c in await engine.list_containers()}
        one, two = (listed[n] for n in names)
        assert dict(one.labels) == dict(two.labels) == labels
        for (k1, v1), (k2, v2) in zip(
            one.labels.items(), two.labels.items(), strict=True
        ):
            assert k1 is k2
            assert v1 is v2
        assert one.image_id is two.image_id
    finally:
        for name in names:
            lab_engine.remove_container(name)


async def test_the_engine_lists_only_the_labels_asked_for(
    engine, lab_engine, lab_images
):
    image = lab_images.build("adapter/filtered", "1.0.0", push=False)
    made = {
        "flt-app": {"com.docker.compose.project": "flt", "tier": "web"},
        "flt-db": {"com.docker.compose.project": "flt", "tier": "db"},
        "flt2-app": {"com.docker.compose.project": "flt2", "tier": "web"},
        # a value that holds the one asked for is another value
        "flt-x-app": {"com.docker.compose.project": "flt-x", "tier": "web"},
        "flt-loner": {"tier": "web"},
    }
    for name, labels in made.items():
        args = [a for k, v in labels.items() for a in ("--label", f"{k}={v}")]
        lab_engine.docker(
            "create", "--network", "none", "--name", name, *args, image.ref
        )
    try:

        async def names(**kw):
            return sorted(c.name for c in await engine.list_containers(**kw))

        flt = {"com.docker.compose.project": "flt"}
        assert await names(labels=flt) == ["flt-app", "flt-db"]
        # every label asked for, not any
        assert await names(labels={**flt, "tier": "web"}) == ["flt-app"]
        assert await names(labels={"com.docker.compose.project": "fl"}) == []
        # None: the label with any value
        assert await names(labels={"tier": None}) == [
            "flt-app",
            "flt-db",
            "flt-loner",
            "flt-x-app",
            "flt2-app",
        ]
        assert await names(labels={**flt, "tier": None}) == ["flt-app", "flt-db"]
        # created, not started: listed only with include_stopped
        assert await names(labels=flt, include_stopped=False) == []
    finally:
        for name in made:
            lab_engine.remove_container(name)
