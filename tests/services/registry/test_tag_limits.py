"""A repository with more tags than configured is reported, not guessed at;
long tag lists are decided without stalling the event loop."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from services.checks.evaluate import OFF_LOOP_TAGS, evaluate
from services.checks.model import ContainerStatus
from services.config import Settings
from services.registry.client import RegistryClient
from services.registry.errors import RegistryTagLimitError
from services.registry.options import RegistryOptions
from services.versioning import clear_parse_cache
from tests.services.checks.test_evaluate import NOW, FakeRegistry, facts
from tests.services.registry.labutil import push_tags, unique_repo
from tests.services.registry.replay import Recording


@pytest.mark.lab
async def test_more_tags_than_the_cap_is_a_clear_error(lab_registry, fast_options):
    repo = unique_repo("cap")
    push_tags(lab_registry.api, repo, [f"1.{i}.0" for i in range(60)])
    options = dataclasses.replace(fast_options, max_tags=50)
    image = f"{lab_registry.host}/{repo}"

    async with RegistryClient(options) as client:
        with pytest.raises(RegistryTagLimitError, match="REGISTRY_MAX_TAGS") as err:
            await client.list_tags(image)
        asked = client.request_count[lab_registry.host]
        # the refusal is remembered for the TTL: no second walk of the pages
        with pytest.raises(RegistryTagLimitError):
            await client.list_tags(image)
        assert client.request_count[lab_registry.host] == asked
    assert "more than 50 tags" in err.value.message

    async with RegistryClient(dataclasses.replace(options, max_tags=60)) as client:
        assert len(await client.list_tags(image)) == 60


async def test_more_pages_than_the_cap_is_a_clear_error(fast_options):
    recording = Recording.load("dockerhub_nginx.json")
    options = dataclasses.replace(fast_options, page_size=100, max_pages=1)
    async with RegistryClient(options, transport=recording.transport) as client:
        with pytest.raises(RegistryTagLimitError, match="REGISTRY_MAX_TAG_PAGES"):
            await client.list_tags("nginx")


def test_caps_come_from_the_settings(tmp_path):
    settings = Settings(
        _env_file=None,
        db_path=tmp_path / "d.db",
        registry_max_tags=7,
        registry_max_tag_pages=3,
    )
    options = RegistryOptions.from_settings(settings)
    assert (options.max_tags, options.max_pages) == (7, 3)


async def test_a_capped_repository_marks_its_containers_with_the_reason():
    class Capped(FakeRegistry):
        async def list_tags(self, image):
            raise RegistryTagLimitError(
                "registry.lan:5000", "team/app lists more than 50000 tags; ..."
            )

    result = await evaluate(facts("1.0.0"), Capped({}), NOW)
    assert result.status is ContainerStatus.ERROR
    assert "more than 50000 tags" in result.error


@pytest.mark.parametrize("tag", ["1.0.0", "latest"])
async def test_long_tag_lists_are_decided_off_the_event_loop(tag):
    tags = {f"1.{i // 1000}.{i % 1000}": 1 for i in range(OFF_LOOP_TAGS * 5)}
    tags["latest"] = 1
    clear_parse_cache()
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0)
            ticks += 1

    running = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    before = ticks
    # The fake registry answers without suspending: any tick during the
    # evaluation means the loop was free while the tags were parsed.
    result = await evaluate(facts(tag), FakeRegistry(tags), NOW)
    during = ticks - before
    running.cancel()
    assert result.status is not ContainerStatus.ERROR, result.error
    assert during > 0
