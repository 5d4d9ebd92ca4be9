"""`GET /api/policies` keeps the seed's `containers` map (keyed by name, so
one host's: `local`, or the one `?host=` names) and adds `hosts`, every
host's rollback state keyed by host then name, so nothing is left out when
there are several hosts. Real server; the engines are absent sockets (a
standalone update's rollback state needs no engine to judge)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from services.config import Settings
from services.store.records import OperationRecord
from services.updates.state import MemberKind, MemberState, MemberStatus
from tests.support.server import live_server

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
async def api(tmp_path_factory):
    root = tmp_path_factory.mktemp("policies-hosts")
    settings = Settings(
        _env_file=None,
        db_path=root / "docksmith.db",
        docker_host=f"unix://{root}/local.sock",
        docker_hosts=f"b=unix://{root}/b.sock",
        scripts_dir=root / "scripts",
    )
    async with live_server(settings) as live:
        for host, old, new in (("local", "1.0", "1.1"), ("b", "2.0", "2.1")):
            member = MemberState(
                container_name="web",
                kind=MemberKind.STANDALONE,
                old_version=old,
                new_version=new,
                status=MemberStatus.COMPLETE,
                recreated=True,
            )
            await live.ctx.repos.operations.create(
                OperationRecord(
                    operation_id=f"op_web_{host}",
                    operation_type="update",
                    status="complete",
                    container_name="web",
                    host=host,
                    started_at=NOW,
                    batch_details=[member.as_dict()],
                )
            )
        async with httpx.AsyncClient(base_url=live.url, timeout=30) as client:
            yield client


def _versions(containers: dict) -> dict:
    return {
        name: (c["host"], c["old_version"], c["can_rollback"])
        for name, c in containers.items()
    }


async def test_without_host_containers_are_locals_and_hosts_has_every_host(api):
    response = await api.get("/api/policies")
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert _versions(data["containers"]) == {"web": ("local", "1.0", True)}
    assert {host: _versions(c) for host, c in data["hosts"].items()} == {
        "local": {"web": ("local", "1.0", True)},
        "b": {"web": ("b", "2.0", True)},
    }


async def test_with_host_both_hold_that_hosts_only(api):
    data = (await api.get("/api/policies", params={"host": "b"})).json()["data"]
    assert _versions(data["containers"]) == {"web": ("b", "2.0", True)}
    assert {host: _versions(c) for host, c in data["hosts"].items()} == {
        "b": {"web": ("b", "2.0", True)}
    }
