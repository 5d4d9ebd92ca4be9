"""Retries, Retry-After, breaker and timeouts, through a fault-injecting proxy
in front of the real lab registry."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Iterator

import pytest

from services.registry.client import RegistryClient
from services.registry.errors import (
    RegistryCircuitOpenError,
    RegistryRateLimitExceededError,
    RegistryUnreachableError,
)
from services.registry.options import RegistryOptions
from services.registry.resilience import BreakerPolicy, RetryPolicy
from services.registry.session import SHARD
from tests.lab.fault_proxy import Fault, FaultProxy
from tests.lab.registry import LabRegistry
from tests.services.registry.labutil import push_tags, unique_repo


@pytest.fixture(scope="module")
def seeded(lab_registry: LabRegistry) -> tuple[str, str]:
    repo = unique_repo("faults")
    digests = push_tags(lab_registry.api, repo, ["1.0", "2.0"])
    return repo, digests["2.0"]


@pytest.fixture
def proxy(lab_registry: LabRegistry) -> Iterator[FaultProxy]:
    with FaultProxy(lab_registry.url) as proxy:
        yield proxy


async def test_429_retry_after_is_honoured(proxy, seeded, fast_options):
    repo, _ = seeded
    proxy.script(Fault.status_code(429, retry_after=0.3, match="/tags/list"))

    async with RegistryClient(fast_options) as client:
        began = time.monotonic()
        tags = await client.list_tags(f"{proxy.host}/{repo}")
        elapsed = time.monotonic() - began

    assert sorted(tags) == ["1.0", "2.0"]
    assert [r.status for r in proxy.requests_to("/tags/list")] == [429, 200]
    assert elapsed >= 0.3


async def test_retry_after_beyond_the_cap_fails_at_once(proxy, seeded, fast_options):
    repo, _ = seeded
    proxy.script(Fault.status_code(429, retry_after=3600))

    async with RegistryClient(fast_options) as client:
        began = time.monotonic()
        with pytest.raises(RegistryRateLimitExceededError) as limited:
            await client.list_tags(f"{proxy.host}/{repo}")

    assert time.monotonic() - began < 1
    assert limited.value.retry_after == 3600
    assert limited.value.registry == proxy.host
    assert len(proxy.log) == 1


async def test_500s_and_resets_are_retried(proxy, seeded, fast_options):
    repo, digest = seeded
    proxy.script(Fault.status_code(500), Fault.reset())

    async with RegistryClient(fast_options) as client:
        got = await client.get_digest(f"{proxy.host}/{repo}:2.0")

    assert got == digest
    assert [r.fault for r in proxy.log] == ["status", "reset", "forward"]


async def test_persistent_failure_is_a_typed_error_after_all_attempts(
    proxy, seeded, fast_options
):
    repo, _ = seeded
    proxy.reset_script(default=Fault.status_code(503))

    async with RegistryClient(fast_options) as client:
        with pytest.raises(RegistryUnreachableError, match="unavailable") as failed:
            await client.list_tags(f"{proxy.host}/{repo}")

    assert failed.value.registry == proxy.host
    assert len(proxy.log) == fast_options.retry.attempts


async def test_breaker_opens_fails_fast_then_recovers(proxy, seeded, fast_options):
    repo, digest = seeded
    proxy.reset_script(default=Fault.reset())
    options = dataclasses.replace(
        fast_options,
        retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02),
        breaker=BreakerPolicy(failure_threshold=2, reset_after=0.4),
    )
    image = f"{proxy.host}/{repo}"

    async with RegistryClient(options) as client:
        for tag in ("1.0", "2.0"):
            with pytest.raises(RegistryUnreachableError):
                await client.get_digest(f"{image}:{tag}")
        assert len(proxy.log) == 4
        with pytest.raises(RegistryCircuitOpenError, match="circuit breaker is open"):
            await client.get_digest(f"{image}:2.0")
        assert len(proxy.log) == 4  # failed fast, nothing sent

        proxy.reset_script(default=Fault.forward())
        await asyncio.sleep(0.45)
        assert await client.get_digest(f"{image}:2.0") == digest
        assert sorted(await client.list_tags(image)) == ["1.0", "2.0"]


async def test_slow_registry_times_out(proxy, seeded, fast_options):
    repo, _ = seeded
    proxy.script(Fault.slow(3.0))
    options = dataclasses.replace(
        fast_options, timeout=0.4, retry=RetryPolicy(attempts=1)
    )

    async with RegistryClient(options) as client:
        began = time.monotonic()
        with pytest.raises(RegistryUnreachableError, match="timed out"):
            await client.list_tags(f"{proxy.host}/{repo}")

    assert time.monotonic() - began < 2


async def test_slow_first_answer_then_a_fast_retry(proxy, seeded, fast_options):
    repo, _ = seeded
    proxy.script(Fault.slow(2.0))
    options = dataclasses.replace(fast_options, timeout=0.4)

    async with RegistryClient(options) as client:
        tags = await client.list_tags(f"{proxy.host}/{repo}")

    assert sorted(tags) == ["1.0", "2.0"]


async def test_per_host_concurrency_limit(proxy, seeded, fast_options):
    repo, _ = seeded
    tags = [f"c{i}" for i in range(12)]
    # Slow every manifest HEAD so requests pile up at the limit.
    proxy.reset_script(default=Fault.slow(0.15))
    options = dataclasses.replace(fast_options, concurrency_per_host=3)

    async with RegistryClient(options) as client:
        began = time.monotonic()
        await client.get_tag_digests(f"{proxy.host}/{repo}", tags)
        elapsed = time.monotonic() - began

    # 12 requests, 3 at a time, 0.15 s each: at least 4 rounds.
    assert len(proxy.log) == 12
    assert elapsed >= 0.55


async def test_a_host_limit_overrides_the_default(proxy, seeded, fast_options):
    repo, _ = seeded
    tags = [f"h{i}" for i in range(12)]
    proxy.reset_script(default=Fault.slow(0.15))
    options = dataclasses.replace(
        fast_options, concurrency_per_host=32, host_concurrency={proxy.host: 3}
    )

    async with RegistryClient(options) as client:
        began = time.monotonic()
        await client.get_tag_digests(f"{proxy.host}/{repo}", tags)
        elapsed = time.monotonic() - began

    # 12 requests, 3 at a time, 0.15 s each: at least 4 rounds.
    assert len(proxy.log) == 12
    assert elapsed >= 0.55


def test_docker_hub_endpoints_share_the_docker_io_limit():
    options = RegistryOptions(
        concurrency_per_host=32, host_concurrency={"docker.io": 8}
    )
    assert options.concurrency_for("registry-1.docker.io", "docker.io") == 8
    assert options.concurrency_for("auth.docker.io", "docker.io") == 8
    assert options.concurrency_for("ghcr.io", "ghcr.io") == 32
    assert RegistryOptions().concurrency_for("127.0.0.1:5000") == 32


async def test_the_client_tells_each_images_host_limit():
    options = RegistryOptions(
        concurrency_per_host=5,
        host_concurrency={"docker.io": 2, "ghcr.io": 3, "127.0.0.1:5001": 4},
    )
    async with RegistryClient(options) as client:
        assert client.concurrency_for("nginx:1.27") == 2
        assert client.concurrency_for("ghcr.io/team/app") == 3
        assert client.concurrency_for("127.0.0.1:5001/team/app:1") == 4
        assert client.concurrency_for("127.0.0.1:5000/team/app:1") == 5


async def test_requests_spread_over_small_connection_pools(proxy, seeded, fast_options):
    repo, _ = seeded
    tags = [f"s{i}" for i in range(32)]
    proxy.reset_script(default=Fault.slow(0.5))
    options = dataclasses.replace(fast_options, concurrency_per_host=32)

    async with RegistryClient(options) as client:
        session = client._session
        task = asyncio.create_task(client.get_tag_digests(f"{proxy.host}/{repo}", tags))
        async with asyncio.timeout(10):
            while sum(session._in_flight) < 32:
                await asyncio.sleep(0.01)
        # 32 at once, SHARD per pool: no pool holds more connections than it scans cheaply
        assert session._in_flight == [SHARD] * (32 // SHARD)
        await task
    assert len(proxy.log) == 32
