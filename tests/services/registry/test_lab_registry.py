"""The registry client against a real registry (distribution 2.8) in the lab."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from resolvers.registry import RegistryTags, list_registry_tags
from services.auth.principal import SYSTEM, Principal
from services.registry.cache import MemoryCacheStore, RegistryCacheStore
from services.registry.client import RegistryClient
from services.registry.errors import (
    RegistryNotFoundError,
    RegistryUnauthorizedError,
)
from services.registry.manifests import Platform
from services.store import CacheRepository, Store
from services.store.registry_cache import StoreRegistryCache
from tests.lab.registry import LabRegistry
from tests.services.registry.labutil import (
    basic_auths,
    docker_config,
    push_tags,
    unique_repo,
)

LABELS = {
    "org.opencontainers.image.version": "2.4.1",
    "org.opencontainers.image.source": "https://example.invalid/lab/app",
}


@dataclass(frozen=True)
class Ctx:
    registry: RegistryClient
    principal: Principal = SYSTEM


async def test_anonymous_tags_digests_and_labels(
    lab_registry: LabRegistry, fast_options
):
    repo = unique_repo("anon")
    digests = push_tags(lab_registry.api, repo, ["1.0.0", "1.1.0", "latest"], LABELS)
    image = f"{lab_registry.host}/{repo}"

    async with RegistryClient(fast_options) as client:
        tags = await client.list_tags(image)
        digest = await client.get_digest(f"{image}:1.1.0")
        by_tag = await client.get_tag_digests(image, ["1.0.0", "latest", "9.9.9"])
        labels = await client.get_image_labels(f"{image}:1.1.0")

        assert sorted(tags) == ["1.0.0", "1.1.0", "latest"]
        assert digest == lab_registry.api.manifest_digest(repo, "1.1.0")
        assert digest == digests["1.1.0"]
        assert by_tag == {"1.0.0": digest, "latest": digest}
        assert labels == LABELS
        with pytest.raises(RegistryNotFoundError) as missing:
            await client.list_tags(f"{lab_registry.host}/nobody/here")
        assert missing.value.registry == lab_registry.host
        assert missing.value.status == 404
        with pytest.raises(RegistryNotFoundError, match=r"manifest 0\.0\.1"):
            await client.get_digest(f"{image}:0.0.1")


async def test_many_tags_arrive_complete(lab_registry: LabRegistry, fast_options):
    # distribution 2.8 ignores `n` on tags/list (tag pagination came in 3.0) and
    # sends no Link header: the client must take the one full page as complete.
    # Link-header paging is proven on the recorded Docker Hub and GHCR exchanges.
    repo = unique_repo("pages")
    tags = [f"1.{i}.0" for i in range(120)]
    push_tags(lab_registry.api, repo, tags)
    options = dataclasses.replace(fast_options, page_size=7)

    async with RegistryClient(options) as client:
        listed = await client.list_tags(f"{lab_registry.host}/{repo}")
        requests = client.request_count[lab_registry.host]

    assert sorted(listed) == sorted(tags)
    assert len(listed) == len(set(listed)) == 120
    assert requests == 1


async def test_a_tag_list_is_cached_as_one_string(
    lab_registry: LabRegistry, fast_options
):
    """As a list, each tag cost a str object for as long as answers are
    cached; the cache (and its store) keeps the list as lines, and every
    caller still gets a list of its own in the registry's order."""
    repo = unique_repo("lines")
    tags = ["1.0.0", "1.1.0", "2.0.0-rc.1", "latest"]
    push_tags(lab_registry.api, repo, tags)
    image = f"{lab_registry.host}/{repo}"
    store = MemoryCacheStore()

    async with RegistryClient(fast_options, store=store) as client:
        first = await client.list_tags(image)
        again = await client.list_tags(image)
    assert sorted(first) == sorted(tags)
    assert again == first
    assert again is not first
    [entry] = [e for k, e in store.entries.items() if k.endswith(repo)]
    assert isinstance(entry.value, str)
    assert entry.value.split("\n") == first

    # Another process reads the stored lines and asks the registry nothing.
    async with RegistryClient(fast_options, store=store) as client:
        assert await client.list_tags(image) == first
        assert client.request_count == {}


async def test_multi_arch_index_and_platform_digest(
    lab_registry: LabRegistry, fast_options
):
    repo = unique_repo("multi")
    pushed = lab_registry.api.push_index(
        repo, "3.0", platforms=("linux/amd64", "linux/arm64"), labels=LABELS
    )
    ref = f"{lab_registry.host}/{repo}:3.0"

    async with RegistryClient(fast_options) as client:
        index = await client.get_digest(ref)
        arm = await client.get_digest(ref, Platform.parse("linux/arm64"))
        amd = await client.get_digest(ref, Platform.parse("linux/amd64"))
        both = await client.get_manifest_digests(ref, Platform.parse("linux/arm64/v8"))
        labels = await client.get_image_labels(ref, Platform.parse("linux/arm64"))
        with pytest.raises(RegistryNotFoundError, match="linux/s390x"):
            await client.get_digest(ref, Platform.parse("linux/s390x"))

    assert index == pushed.digest
    assert arm == pushed.platforms["linux/arm64"]
    assert amd == pushed.platforms["linux/amd64"]
    assert arm != amd
    assert (both.digest, both.platform_digest) == (pushed.digest, arm)
    assert labels == LABELS


async def test_htpasswd_basic_auth(
    lab_auth_registry: LabRegistry, fast_options, tmp_path
):
    repo = unique_repo("basic")
    push_tags(lab_auth_registry.api, repo, ["1.0", "2.0"])
    image = f"{lab_auth_registry.host}/{repo}"
    assert lab_auth_registry.username
    assert lab_auth_registry.password
    good = docker_config(
        tmp_path / "good",
        basic_auths(
            lab_auth_registry.host,
            lab_auth_registry.username,
            lab_auth_registry.password,
        ),
    )
    bad = docker_config(
        tmp_path / "bad",
        basic_auths(lab_auth_registry.host, lab_auth_registry.username, "wrong-pw"),
    )

    async with RegistryClient(
        dataclasses.replace(fast_options, docker_config=good)
    ) as c:
        assert sorted(await c.list_tags(image)) == ["1.0", "2.0"]
        assert await c.get_digest(
            f"{image}:2.0"
        ) == lab_auth_registry.api.manifest_digest(repo, "2.0")
        # The Basic challenge is remembered: later calls authenticate up front.
        assert c.request_count[lab_auth_registry.host] == 3
    async with RegistryClient(
        dataclasses.replace(fast_options, docker_config=bad)
    ) as c:
        with pytest.raises(RegistryUnauthorizedError) as denied:
            await c.list_tags(image)
        assert "wrong-pw" not in str(denied.value)
    async with RegistryClient(fast_options) as c:
        with pytest.raises(RegistryUnauthorizedError, match="requires a login"):
            await c.list_tags(image)


async def test_fifty_containers_on_five_repositories_ask_five_times(
    lab_registry: LabRegistry, fast_options
):
    repos = [unique_repo("fleet") for _ in range(5)]
    for repo in repos:
        push_tags(lab_registry.api, repo, ["1.0", "1.1"], {"repo": repo})
    containers = [f"{lab_registry.host}/{repos[i % 5]}:1.0" for i in range(50)]

    async with RegistryClient(fast_options) as client:
        results = await asyncio.gather(*(client.list_tags(c) for c in containers))
        tag_requests = client.request_count[lab_registry.host]
        digests = await asyncio.gather(*(client.get_digest(c) for c in containers))
        after_digests = client.request_count[lab_registry.host]
        # A second check within CACHE_TTL asks nothing at all.
        await asyncio.gather(*(client.list_tags(c) for c in containers))
        again = client.request_count[lab_registry.host]

    assert all(sorted(r) == ["1.0", "1.1"] for r in results)
    assert tag_requests == 5
    assert len(set(digests)) == 5
    assert after_digests - tag_requests == 5
    assert again == after_digests


@pytest.fixture(params=["memory", "database"])
async def cache_store(request, tmp_path) -> AsyncIterator[RegistryCacheStore]:
    """The tests' stand-in, and the server's own: the store's SQLite table."""
    if request.param == "memory":
        yield MemoryCacheStore()
        return
    store = Store(f"sqlite://{tmp_path / 'cache.db'}")
    await store.open()
    try:
        yield StoreRegistryCache(CacheRepository(store))
    finally:
        await store.close()


async def test_persisted_cache_survives_a_restart(
    lab_registry: LabRegistry, fast_options, cache_store: RegistryCacheStore
):
    repo, single = unique_repo("persist"), unique_repo("persist-one")
    push_tags(lab_registry.api, repo, ["1", "2"])
    # One tag whose text alone reads as JSON (a number).
    push_tags(lab_registry.api, single, ["1.0"])
    image, one = f"{lab_registry.host}/{repo}", f"{lab_registry.host}/{single}"

    async with RegistryClient(fast_options, store=cache_store) as first:
        tags = await first.list_tags(image)
        one_tag = await first.list_tags(one)
        digest = await first.get_digest(f"{image}:2")
    assert one_tag == ["1.0"]
    async with RegistryClient(fast_options, store=cache_store) as second:
        assert await second.list_tags(image) == tags
        assert await second.list_tags(one) == one_tag
        assert await second.get_digest(f"{image}:2") == digest
        assert second.request_count == {}
        await second.clear_cache()
        assert await cache_store.load_all() == {}
        assert await second.list_tags(image) == tags
        assert second.request_count == {lab_registry.host: 1}


async def test_resolver_lists_tags(lab_registry: LabRegistry, fast_options):
    repo = unique_repo("resolver")
    push_tags(lab_registry.api, repo, ["v1", "v2"])
    image = f"{lab_registry.host}/{repo}:v1"

    async with RegistryClient(fast_options) as client:
        result = await list_registry_tags(Ctx(client), image=image)

    assert result == RegistryTags(image_ref=image, tags=result.tags, count=2)
    assert sorted(result.tags) == ["v1", "v2"]
