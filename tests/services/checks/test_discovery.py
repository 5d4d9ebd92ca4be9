"""Discovery against the lab engine: one read per kind of engine state, the
same facts per-image inspects would give, compose projects parsed once."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from services.checks.compose_cache import ComposeProjectCache
from services.checks.discovery import discover
from services.docker import DockerSdkEngine

pytestmark = pytest.mark.lab


class CountingEngine:
    """The real adapter, with a tally of the engine reads discovery makes."""

    def __init__(self, engine: DockerSdkEngine, *, hide_from_list: str = "") -> None:
        self.engine = engine
        self.hide = hide_from_list
        self.calls: list[str] = []

    async def list_containers(self, *, include_stopped: bool = True):
        self.calls.append("list_containers")
        return await self.engine.list_containers(include_stopped=include_stopped)

    async def list_images(self, *, with_users: bool = True):
        self.calls.append("list_images")
        found = await self.engine.list_images(with_users=with_users)
        return [i for i in found if not (self.hide and i.id == self.hide)]

    async def get_image(self, ref_or_id: str):
        self.calls.append(f"get_image {ref_or_id}")
        return await self.engine.get_image(ref_or_id)


class StackCache(ComposeProjectCache):
    """Counts only the loads of the world's own stack: the lab engine is
    shared, so other tests' compose containers may be discovered too."""

    def __init__(self, stack: Path) -> None:
        super().__init__()
        self.stack = stack
        self.stack_loads = 0

    def get_or_load(self, key, load):
        def counted():
            project = load()
            if any(Path(p).is_relative_to(self.stack) for p in project.sources):
                self.stack_loads += 1
            return project

        return super().get_or_load(key, counted)


@pytest.fixture(scope="module")
def world(lab_engine, lab_images, tmp_path_factory):
    stack = tmp_path_factory.mktemp("disco-stack")
    a = lab_images.build("disco/a", "1.0.0", labels={"org.example": "a"})
    b = lab_images.build("disco/b", "2.0.0", labels={"org.example": "b"})
    (stack / "compose.yaml").write_text(
        f"services:\n  web:\n    image: {b.ref}\n    network_mode: none\n"
    )
    names = []
    for i, image in enumerate((a, a, b)):
        name = f"disco-{i}"
        labels = {}
        if i == 2:
            labels = {
                "com.docker.compose.project": "disco",
                "com.docker.compose.service": "web",
                "com.docker.compose.project.working_dir": str(stack),
                "com.docker.compose.project.config_files": str(stack / "compose.yaml"),
            }
        lab_engine.docker("create", "--network", "none", "--name", name, *(
            a for k, v in labels.items() for a in ("--label", f"{k}={v}")
        ), image.ref)  # fmt: skip
        names.append(name)
    yield {"a": a, "b": b, "stack": stack, "names": names}
    for name in names:
        lab_engine.remove_container(name)


@pytest.fixture
async def engine(lab_engine):
    adapter = DockerSdkEngine(lab_engine.docker_host)
    yield adapter
    await adapter.close()


async def test_one_container_list_and_one_image_list_per_discovery(engine, world):
    counting = CountingEngine(engine)
    facts = {f.name: f for f in await discover(counting)}
    assert counting.calls == ["list_containers", "list_images"]
    # the list gives what an inspect of each image gives
    for name in world["names"]:
        inspected = await engine.get_image(facts[name].image_id)
        assert facts[name].repo_digests == inspected.repo_digests
        assert dict(facts[name].image_labels) == dict(inspected.labels)
    assert facts["disco-0"].image_labels["org.example"] == "a"
    assert any(world["a"].digest in d for d in facts["disco-0"].repo_digests)


async def test_facts_hold_the_engines_label_maps_without_copies(engine, world):
    """A container's labels reach its facts (and from there its check
    result) as the engine's answer gave them, and the containers of one
    image share its labels: copies cost a dict per container per check."""
    summaries = {c.name: c for c in await engine.list_containers()}
    facts = {f.name: f for f in await discover(engine)}
    assert facts["disco-0"].image_labels is facts["disco-1"].image_labels
    assert facts["disco-0"].image_labels["org.example"] == "a"
    for name in world["names"]:
        assert facts[name].labels == summaries[name].labels
    assert facts["disco-2"].labels["com.docker.compose.service"] == "web"


async def test_an_image_the_list_does_not_show_is_inspected(engine, world):
    b_id = world["b"].image_id
    counting = CountingEngine(engine, hide_from_list=b_id)
    facts = {f.name: f for f in await discover(counting)}
    assert counting.calls == ["list_containers", "list_images", f"get_image {b_id}"]
    assert facts["disco-2"].image_labels["org.example"] == "b"
    assert facts["disco-2"].repo_digests


async def test_compose_projects_are_parsed_once_while_unchanged(engine, world):
    compose = world["stack"] / "compose.yaml"
    old = time.time() - 60
    os.utime(compose, (old, old))
    cache = StackCache(world["stack"])
    first = {f.name: f for f in await discover(engine, compose_cache=cache)}
    again = {f.name: f for f in await discover(engine, compose_cache=cache)}
    assert cache.stack_loads == 1
    assert first["disco-2"].compose == again["disco-2"].compose
    assert again["disco-2"].compose.image == world["b"].ref

    # an edit (another size and mtime) is seen by the next discovery
    compose.write_text(compose.read_text().replace("2.0.0", "2.0.1"))
    os.utime(compose, (old + 1, old + 1))
    edited = {f.name: f for f in await discover(engine, compose_cache=cache)}
    assert cache.stack_loads == 2
    assert edited["disco-2"].compose.image == world["b"].ref.replace("2.0.0", "2.0.1")

    # a .env appearing next to it can change interpolation: loaded again
    dotenv = world["stack"] / ".env"
    dotenv.write_text("UNUSED=1\n")
    os.utime(dotenv, (old, old))
    try:
        await discover(engine, compose_cache=cache)
        assert cache.stack_loads == 3
        await discover(engine, compose_cache=cache)
        assert cache.stack_loads == 3
    finally:
        dotenv.unlink()
        compose.write_text(compose.read_text().replace("2.0.1", "2.0.0"))


async def test_a_file_written_just_now_is_read_again(engine, world):
    compose = world["stack"] / "compose.yaml"
    compose.write_text(compose.read_text())  # mtime: now
    cache = StackCache(world["stack"])
    await discover(engine, compose_cache=cache)
    await discover(engine, compose_cache=cache)
    assert cache.stack_loads == 2


async def test_a_project_that_fails_to_load_is_reported_every_time(
    engine, world, tmp_path
):
    compose = world["stack"] / "compose.yaml"
    text = compose.read_text()
    compose.write_text("services: [not, a, mapping\n")
    os.utime(compose, (time.time() - 60, time.time() - 60))
    cache = StackCache(world["stack"])
    try:
        for _ in range(2):
            facts = {f.name: f for f in await discover(engine, compose_cache=cache)}
            assert facts["disco-2"].compose.error
        assert cache.stack_loads == 0
    finally:
        compose.write_text(text)
