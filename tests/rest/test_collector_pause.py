"""A big GraphQL answer is built with the cyclic collector held off
(rest/memory.py, services.memory.CollectorPause): its ~55,000 objects all
live until it is sent, so walking them is wasted work, and it was most of
the spread between a median and a slow answer."""

from __future__ import annotations

import gc
from datetime import UTC, datetime
from typing import Any

import httpx

from rest.app import create_app
from rest.memory import PauseCollectorForGraphQL
from services.checks.model import CheckResult, ContainerStatus
from services.checks.serialise import pack_results
from services.checks.service import KEY_RESULTS
from services.store.database import Store
from services.store.repositories import SettingsRepository
from tests.support.server import live_server

COUNT = 1000
QUERY = "{ containers { name status labels { key value } } }"


async def _store_results(settings: Any) -> None:
    """What a server restarts with after a check of COUNT containers."""
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    results = [
        CheckResult(
            name=f"c{i:04d}",
            id=f"{i:064x}",
            image=f"127.0.0.1:5000/r{i % 50}:1.0.0",
            status=ContainerStatus.UPDATE_AVAILABLE,
            checked_at=at,
            labels={f"label.{n}": f"value {i} {n}" for n in range(8)},
        )
        for i in range(COUNT)
    ]
    store = Store(settings.storage_url)
    await store.open()
    try:
        await SettingsRepository(store).set(KEY_RESULTS, pack_results(results))
    finally:
        await store.close()


async def test_a_big_graphql_answer_sets_off_no_collection(settings_factory):
    # given: a server answering from 1,000 stored results (~30 collections
    # of the youngest generation while the answer was built, before)
    settings = settings_factory()
    await _store_results(settings)
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=120) as client,
    ):
        await client.post("/graphql", json={"query": QUERY})  # warm
        gc.collect()  # the youngest generation starts empty
        gc.callbacks.append(seen)
        try:
            # when
            response = await client.post("/graphql", json={"query": QUERY})
        finally:
            gc.callbacks.remove(seen)

        # then: the whole answer, built and sent without a collection (one
        # may follow it, of what survived), and the collector on again
        assert len(response.json()["data"]["containers"]) == COUNT
        assert len(collections) <= 1, collections
        assert gc.isenabled()


def test_the_app_pauses_the_collector_for_graphql(settings_factory):
    app = create_app(settings_factory())
    assert PauseCollectorForGraphQL in [m.cls for m in app.user_middleware]
