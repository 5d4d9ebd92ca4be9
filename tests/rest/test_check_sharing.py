"""Concurrent on-demand checks share one run: the registry is asked once per
repository, not once per caller (real engine and registry)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from services.config import Settings
from tests.support.server import live_server

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def container(lab_engine, lab_images):
    lab_images.build_many("share/app", ["1.0.0", "1.1.0"])
    lab_engine.run_container("share-app", lab_images.ref("share/app", "1.0.0"))
    yield "share-app"
    lab_engine.remove_container("share-app")


async def test_fifty_concurrent_checks_make_one_run(
    container, lab_engine, lab_registry, tmp_path
):
    settings = Settings(
        _env_file=None,
        db_path=tmp_path / "d.db",
        docker_host=lab_engine.docker_host,
        scripts_dir=tmp_path / "scripts",
    )
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=120) as client,
    ):

        def asked() -> int:
            return live.ctx.registry.request_count.get(lab_registry.host, 0)

        # given what one check costs
        first = await client.get("/api/check")
        assert first.status_code == 200, first.text
        names = [c["name"] for c in first.json()["data"]["containers"]]
        assert container in names
        one_run = asked()
        assert one_run > 0

        # when fifty callers check at once
        answers = await asyncio.gather(*(client.get("/api/check") for _ in range(50)))

        # then all are answered from (at most) a couple of shared runs
        assert {a.status_code for a in answers} == {200}
        fifty = asked() - one_run
        assert fifty <= 2 * one_run, (one_run, fifty)
