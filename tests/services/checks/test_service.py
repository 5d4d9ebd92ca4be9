"""Run orchestration: coalescing, progress events, persistence across restarts."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from services.checks.model import ContainerStatus
from services.checks.prechecks import PreUpdateChecker
from services.checks.service import CheckService
from services.errors import DockerUnavailableError
from services.events import EventBus, EventKind
from services.registry.references import ImageReference
from services.store import HistoryRepository, SettingsRepository, Store
from tests.services.checks.test_evaluate import FakeRegistry, facts
from tests.support.db import migrated_sqlite_url


class CountingRegistry(FakeRegistry):
    cleared = 0

    async def clear_cache(self) -> None:
        self.cleared += 1


@pytest.fixture
async def store(tmp_path):
    opened = Store(migrated_sqlite_url(tmp_path / "checks.db"))
    await opened.open()
    yield opened
    await opened.close()


def make_service(store, bus, registry, *, discover=None, interval=timedelta(hours=1)):
    runs = []

    async def default_discover():
        runs.append(1)
        await asyncio.sleep(0.05)
        return [facts("1.0.0")]

    async def no_assignment(name, host):
        return None

    service = CheckService(
        discover=discover or default_discover,
        registry=registry,
        prechecks=PreUpdateChecker(Path("/nonexistent"), no_assignment),
        settings=SettingsRepository(store),
        history=HistoryRepository(store),
        events=bus,
        interval=interval,
    )
    return service, runs


async def _until(condition, timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_progress_events_and_results(store):
    bus = EventBus()
    service, _ = make_service(store, bus, CountingRegistry({"1.0.0": 1, "1.1.0": 2}))
    async with bus.subscribe([EventKind.CHECK_PROGRESS]) as sub:
        run = await service.run(refresh=True)
        stages = []
        while not sub.queue.empty():
            stages.append(sub.queue.get_nowait().payload)
    assert [s["stage"] for s in stages] == [
        "discovering",
        "checking",
        "checking",
        "complete",
    ]
    assert stages[-1]["percent"] == 100
    assert stages[2]["container_name"] == "app"
    assert run.updates_available == 1
    assert service.state.last_cache_refresh is not None
    assert service._registry.cleared == 1


async def test_triggers_during_a_run_coalesce_into_one_follow_up(store):
    bus = EventBus()
    service, runs = make_service(store, bus, CountingRegistry({"1.0.0": 1}))
    await service.start()
    await asyncio.sleep(0.01)  # the start-up run is in progress
    for _ in range(5):
        service.trigger()
    await _until(lambda: len(runs) >= 2 and not service.state.checking)
    await asyncio.sleep(0.2)  # room for a wrong third run to show up
    await service.stop()
    assert len(runs) == 2  # start-up run + one follow-up for all five triggers
    assert service.state.last_background_run is not None
    assert service.next_check == service.state.last_background_run + timedelta(hours=1)


async def test_results_survive_a_restart(store):
    bus = EventBus()
    service, _ = make_service(store, bus, CountingRegistry({"1.0.0": 1, "2.0.0": 2}))
    await service.run(background=True)
    again, _ = make_service(store, bus, CountingRegistry({}))
    await again.load()
    [result] = again.state.results
    assert result.status is ContainerStatus.UPDATE_AVAILABLE
    assert result.latest_version == "2.0.0"
    assert again.state.last_background_run == service.state.last_background_run


async def test_a_failing_discovery_does_not_stop_the_loop(store):
    bus = EventBus()
    calls = []

    async def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise DockerUnavailableError("Docker engine is not reachable")
        return [facts("1.0.0")]

    service, _ = make_service(
        store, bus, CountingRegistry({"1.0.0": 1}), discover=flaky
    )
    await service.start()
    await _until(lambda: len(calls) == 1 and not service.state.checking)
    service.trigger()
    await _until(lambda: len(service.state.results) == 1)
    await service.stop()
    assert len(calls) == 2
    assert len(service.state.results) == 1


async def test_check_one_prefers_an_exact_name_over_an_id_prefix(store):
    from dataclasses import replace

    other = replace(facts("1.0.0"), name="other", id="db" + "0" * 62)
    named = replace(facts("2.0.0", running=2), name="db", id="f" * 64)

    async def both():
        return [other, named]

    service, _ = make_service(
        store, EventBus(), CountingRegistry({"1.0.0": 1, "2.0.0": 2}), discover=both
    )
    result = await service.check_one("db")
    assert (result.name, result.current_version) == ("db", "2.0.0")
    by_prefix = await service.check_one("db000")
    assert by_prefix.name == "other"


async def test_check_one_refuses_an_ambiguous_id_prefix(store):
    from dataclasses import replace

    from services.errors import InvalidInputError

    first = replace(facts("1.0.0"), name="first", id="ab12" + "0" * 60)
    second = replace(facts("1.0.0"), name="second", id="ab13" + "0" * 60)

    async def both():
        return [first, second]

    service, _ = make_service(
        store, EventBus(), CountingRegistry({"1.0.0": 1}), discover=both
    )
    with pytest.raises(InvalidInputError, match="first, second"):
        await service.check_one("ab1")
    assert (await service.check_one("ab13")).name == "second"


async def test_a_run_reads_script_assignments_once_for_all_containers(store, tmp_path):
    from dataclasses import replace

    (tmp_path / "ok.sh").write_text("#!/bin/sh\nexit 0\n")
    (tmp_path / "ok.sh").chmod(0o755)
    many = [replace(facts("1.0.0"), name=f"app{i}", id=f"{i:064x}") for i in range(20)]
    lookups: list[str] = []
    snapshots: list[int] = []

    async def one_at_a_time(name, host):
        lookups.append(name)
        return "ok.sh" if name == "app3" else None

    async def all_at_once():
        snapshots.append(1)
        return {("local", "app3"): "ok.sh"}

    async def discover():
        return many

    service = CheckService(
        discover=discover,
        registry=CountingRegistry({"1.0.0": 1, "2.0.0": 2}),
        prechecks=PreUpdateChecker(
            tmp_path, one_at_a_time, all_assignments=all_at_once
        ),
        settings=SettingsRepository(store),
        history=HistoryRepository(store),
        events=EventBus(),
        interval=timedelta(hours=1),
    )
    run = await service.run()
    assert snapshots == [1]
    assert lookups == []
    checked = {r.name: r for r in run.results}
    assert checked["app3"].pre_update_check is not None
    assert checked["app3"].pre_update_check.passed
    assert checked["app3"].pre_update_check.source == "assignment"
    assert all(r.pre_update_check is None for n, r in checked.items() if n != "app3")
    # a single re-check still asks for its own assignment
    await service.check_one("app3")
    assert lookups == ["app3"]


async def test_concurrent_on_demand_checks_share_one_run(store):
    bus = EventBus()
    registry = CountingRegistry({"1.0.0": 1, "1.1.0": 2})
    service, runs = make_service(store, bus, registry)
    results = await asyncio.gather(*(service.run(refresh=True) for _ in range(50)))
    assert len(runs) == 1
    assert registry.cleared == 1
    assert all(r is results[0] for r in results)
    # once it is over, the next request makes a fresh run
    await service.run(refresh=True)
    assert len(runs) == 2


async def test_a_caller_going_away_does_not_cancel_the_shared_run(store):
    service, runs = make_service(store, EventBus(), CountingRegistry({"1.0.0": 1}))
    first = asyncio.create_task(service.run(refresh=True))
    second = asyncio.create_task(service.run(refresh=True))
    await _until(lambda: runs)
    first.cancel()
    run = await second
    assert run.results
    assert len(runs) == 1
    with pytest.raises(asyncio.CancelledError):
        await first


async def test_stop_cancels_a_shared_run_in_flight(store):
    started = asyncio.Event()

    async def slow():
        started.set()
        await asyncio.sleep(3600)
        return []

    service, _ = make_service(store, EventBus(), CountingRegistry({}), discover=slow)
    caller = asyncio.create_task(service.run(refresh=True))
    await started.wait()
    await service.stop()
    with pytest.raises(asyncio.CancelledError):
        await caller
    assert not service.state.checking


class InFlightRegistry(CountingRegistry):
    """Counts the tag lists in flight per registry host the first time each
    repository is asked (later asks are cache hits in the real client)."""

    def __init__(self, tags: dict[str, int]) -> None:
        super().__init__(tags)
        self.asked: Counter[str] = Counter()
        self.in_flight: Counter[str] = Counter()
        self.most: Counter[str] = Counter()

    async def list_tags(self, image: ImageReference) -> list[str]:
        self.asked[image.name] += 1
        if self.asked[image.name] == 1:
            self.in_flight[image.registry] += 1
            self.most[image.registry] = max(
                self.most[image.registry], self.in_flight[image.registry]
            )
            for _ in range(3):  # a request's round trips
                await asyncio.sleep(0)
            self.in_flight[image.registry] -= 1
        return await super().list_tags(image)


async def test_prefetch_keeps_each_registry_host_to_its_concurrency(store):
    many = [
        replace(facts("1.0.0", image=f"{host}/team/r{n}:1.0.0"), name=f"{host[0]}{n}")
        for host, count in (("one.example", 50), ("two.example", 10))
        for n in range(count)
    ]

    async def discover():
        return many

    registry = InFlightRegistry({"1.0.0": 1, "2.0.0": 2})
    service, _ = make_service(store, EventBus(), registry, discover=discover)
    run = await service.run(refresh=True)
    assert len(run.results) == 60
    # every repository asked, each host never past its limit (the fake's 4)
    assert {name for name, n in registry.asked.items() if n >= 1} == {
        f"{f.image.rsplit(':', 1)[0]}" for f in many
    }
    assert registry.most == {"one.example": 4, "two.example": 4}
