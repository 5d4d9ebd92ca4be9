"""An operation's claims are given back before it is reported finished.

A client that reads `complete` from `GET /api/operations/{id}` must be able to
act on the container at once, even while the follow-up work that runs after
the end (the re-check of the updated container) is still going on.

Deterministic: the re-check waits for the test to let it go, so it is still
running when the rollback is asked for.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from services.checks.model import CheckResult
from services.checks.service import CheckService
from services.config import Settings
from tests.support.api import FAST_HEALTH, wait_done
from tests.support.server import live_server

pytestmark = pytest.mark.lab


async def test_a_rollback_right_after_complete_is_accepted(
    lab_images, lab_engine, tmp_path, monkeypatch
):
    for tag in ("1.0.0", "1.1.0"):
        lab_images.build("clmdone/app", tag)
    name = "clmdone-app"
    lab_engine.run_container(name, lab_images.ref("clmdone/app", "1.0.0"))

    entered = asyncio.Event()
    release = asyncio.Event()
    check_one = CheckService.check_one

    async def held_check(
        self: CheckService, container: str, host: str = "local"
    ) -> CheckResult:
        entered.set()
        await release.wait()
        return await check_one(self, container, host)

    monkeypatch.setattr(CheckService, "check_one", held_check)
    settings = Settings(
        _env_file=None,
        db_path=tmp_path / "d.db",
        docker_host=lab_engine.docker_host,
        scripts_dir=tmp_path / "scripts",
    )
    try:
        async with (
            live_server(settings) as live,
            httpx.AsyncClient(base_url=live.url, timeout=120) as api,
        ):
            assert (await api.put("/api/policies", json=FAST_HEALTH)).is_success
            started = await api.post(
                "/api/update", json={"container": name, "version": "1.1.0"}
            )
            assert started.status_code == 200, started.text
            op = await wait_done(api, started.json()["data"]["operation_id"])
            assert op["status"] == "complete", op
            # the follow-up re-check is running (and held) now
            await asyncio.wait_for(entered.wait(), timeout=60)

            rollback = await api.post(
                "/api/rollback", json={"operation_id": op["operation_id"]}
            )

            assert rollback.status_code == 200, rollback.text
            release.set()
            done = await wait_done(api, rollback.json()["data"]["operation_id"])
            assert done["status"] == "complete", done
            [info] = lab_engine.inspect(name)
            assert info["Config"]["Image"].endswith("clmdone/app:1.0.0")
    finally:
        release.set()
        lab_engine.remove_container(name)
