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
from services.updates.claims import ClaimRegistry


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


class SlowSettings(MemorySettings):
    """Saves only when `slow` is set, and says when a save has begun."""

    def __init__(self) -> None:
        super().__init__()
        self.slow = asyncio.Event()
        self.slow.set()
        self.saving = asyncio.Event()

    async def set(self, key: str, value: str) -> None:
        self.saving.set()
        await self.slow.wait()
        await super().set(key, value)


def registry(
    tmp_path: Path,
    saved: MemorySettings,
    bus: EventBus,
    configured="",
    claims: ClaimRegistry | None = None,
):
    return HostRegistry(
        default_host("unix:///tmp/none.sock"),
        configured=configured,
        hosts_dir=tmp_path,
        connect=lambda spec: FakeConnection(),
        saved=saved,
        events=bus,
        claims=claims or ClaimRegistry(),
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


async def test_a_host_whose_containers_an_operation_holds_is_not_removed(
    tmp_path: Path,
):
    # given an API host with a queued or running operation on one container
    claims = ClaimRegistry()
    hosts = registry(tmp_path, MemorySettings(), EventBus(), claims=claims)
    await hosts.add("nas", "unix:///tmp/nas.sock")
    claims.take(["web"], "op_1", host="nas")
    connection = hosts.connection("nas")

    # when it is removed, then it is refused and the connection stays open
    with pytest.raises(ConflictError, match=r"web \(op_1\)"):
        await hosts.remove("nas")
    assert not connection.closed
    assert hosts.names == ["local", "nas"]

    # a namesake on another host is no reason to keep it
    claims.release(["web"], "op_1", host="nas")
    claims.take(["web"], "op_2")
    await hosts.remove("nas")
    assert connection.closed
    assert hosts.names == ["local"]


async def test_no_operation_starts_on_a_host_while_it_is_removed(tmp_path: Path):
    claims = ClaimRegistry()
    saved = SlowSettings()
    hosts = registry(tmp_path, saved, EventBus(), claims=claims)
    await hosts.add("nas", "unix:///tmp/nas.sock")
    saved.slow.clear()
    saved.saving.clear()
    removing = asyncio.create_task(hosts.remove("nas"))
    await saved.saving.wait()
    with pytest.raises(ConflictError, match="removal"):
        claims.take(["web"], "op_1", host="nas")
    saved.slow.set()
    await removing
    claims.take(["web"], "op_1")  # other hosts were never held up


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
