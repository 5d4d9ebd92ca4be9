"""The host registry's bookkeeping: sources, saved hosts, status changes.
(The connections are small fakes; tests/lab_tests/test_hosts.py uses real
engines.)"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from services.errors import ConflictError, InvalidInputError, NotFoundError
from services.events import EventBus, EventKind
from services.hosts.config import default_host
from services.hosts.registry import HostRegistry, HostStatus


class FakeConnection:
    def __init__(self, up: bool = True) -> None:
        self.up = up
        self.closed = False

    async def ping(self) -> bool:
        return self.up

    async def version(self) -> str:
        if not self.up:
            raise OSError("connection refused")
        return "20.10.24"

    async def close(self) -> None:
        self.closed = True


class MemorySettings:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        return self.values.get(key)

    async def set(self, key: str, value: str) -> None:
        self.values[key] = value


def registry(tmp_path: Path, saved: MemorySettings, bus: EventBus, configured=""):
    return HostRegistry(
        default_host("unix:///tmp/none.sock"),
        configured=configured,
        hosts_dir=tmp_path,
        connect=lambda spec: FakeConnection(),
        saved=saved,
        events=bus,
    )


async def test_api_hosts_are_saved_without_material_and_come_back(tmp_path: Path):
    saved, bus = MemorySettings(), EventBus()
    hosts = registry(tmp_path, saved, bus, configured="box=unix:///tmp/box.sock")
    await hosts.add("other", "unix:///tmp/other.sock")
    assert hosts.names == ["local", "box", "other"]
    assert "unix:///tmp/other.sock" in saved.values["docker_hosts"]

    again = registry(tmp_path, saved, bus, configured="box=unix:///tmp/box.sock")
    await again.load()
    assert again.names == ["local", "box", "other"]

    with pytest.raises(ConflictError, match="defined by DOCKER_HOSTS"):
        await again.remove("box")
    with pytest.raises(ConflictError, match="default engine"):
        await again.remove("local")
    with pytest.raises(ConflictError, match="already exists"):
        await again.add("box", "unix:///tmp/x.sock")
    with pytest.raises(InvalidInputError, match=r"ca\.pem is missing"):
        await again.add("nas", "tcp://127.0.0.1:2376")
    connection = again.connection("other")
    await again.remove("other")
    assert connection.closed
    assert again.names == ["local", "box"]
    with pytest.raises(NotFoundError, match="host not found: other"):
        again.spec("other")
    with pytest.raises(InvalidInputError, match="invalid host name"):
        again.spec("../x")


async def test_a_status_change_is_published_once(tmp_path: Path):
    bus = EventBus()
    hosts = registry(tmp_path, MemorySettings(), bus, configured="box=unix:///b.sock")
    async with bus.subscribe({EventKind.HOST_STATUS}) as events:
        hosts.connection("box").up = False
        assert (await hosts.test("box")).status is HostStatus.DOWN
        assert (await hosts.test("box")).status is HostStatus.DOWN
        hosts.connection("box").up = True
        state = await hosts.test("box")
        assert state.status is HostStatus.UP
        assert state.engine_version == "20.10.24"
        seen = [
            (await asyncio.wait_for(anext(aiter(events)), 5)).payload for _ in range(2)
        ]
    assert [(e["host"], e["status"]) for e in seen] == [("box", "down"), ("box", "up")]
    assert seen[0]["error"] == "connection refused"
