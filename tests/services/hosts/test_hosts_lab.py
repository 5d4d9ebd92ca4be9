"""Two real engines: the lab's (host `local`, unix socket) and a second one
reached as tcp://127.0.0.1:<port> with mutual TLS (host `b`), certificates
made by the test."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from resolvers import checks as check_resolvers
from resolvers.context import open_app_context
from services.events import EventKind
from services.hosts.registry import HostStatus
from tests.lab.engine import LabEngine
from tests.lab.images import ImageBuilder
from tests.lab.registry import LabRegistry
from tests.lab.tls import TlsFiles, make_tls

NAME = "twin"


@pytest.fixture(scope="module")
def tls_engine(lab_engine, tmp_path_factory):
    files = make_tls(tmp_path_factory.mktemp("tls"))
    engine = LabEngine(tls=files)
    engine.start()
    yield engine, files
    engine.close()


@pytest.fixture(scope="module")
def counted_registry(lab_engine):
    """A registry of this module's own whose access log counts requests."""
    registry = LabRegistry()
    registry.start(access_log=True)
    yield registry
    registry.close()


@pytest.fixture(scope="module")
def twins(lab_engine, tls_engine, counted_registry):
    """A container named `twin` on each engine, both on twin:1.0 (2.0 exists)."""
    engine_b, _ = tls_engine
    images = ImageBuilder(lab_engine, counted_registry)
    old = images.build(NAME, "1.0")
    images.build(NAME, "2.0")
    engine_b.docker("pull", old.ref, timeout=120)
    ids = {
        "local": lab_engine.run_container(NAME, old.ref, command=["sleep", "3600"]),
        "b": engine_b.run_container(NAME, old.ref, command=["sleep", "3600"]),
    }
    yield ids
    lab_engine.remove_container(NAME)


def host_folder(root: Path, files: TlsFiles, *, client: bool = True) -> Path:
    folder = root / "b"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("ca.pem", "cert.pem", "key.pem") if client else ("ca.pem",):
        shutil.copy(files.client_dir / name, folder / name)
    return root


def tag_lists(registry: LabRegistry) -> int:
    return registry.log_path.read_text().count(f"/v2/{NAME}/tags/list")


async def test_two_hosts_one_check_same_names_apart(
    settings_factory, tmp_path, lab_engine, tls_engine, counted_registry, twins
):
    engine_b, files = tls_engine
    settings = settings_factory(
        docker_host=lab_engine.docker_host,
        docker_hosts=f"b=tcp://127.0.0.1:{engine_b.tcp_port}",
        hosts_dir=host_folder(tmp_path / "hosts", files),
    )
    async with open_app_context(
        settings, background_checks=False, background_updates=False
    ) as ctx:
        before = tag_lists(counted_registry)
        run = await ctx.checks.run(refresh=True)
        found = {r.host: r for r in run.results if r.name == NAME}
        assert set(found) == {"local", "b"}
        assert {h: r.id for h, r in found.items()} == twins
        for result in found.values():
            assert result.update_available, result
            assert result.latest_version == "2.0"
        # One repository on two hosts: one tag list.
        assert tag_lists(counted_registry) - before == 1
        assert found["b"].read_only_reason is not None
        assert found["local"].read_only_reason is None
        assert ctx.hosts.state("b").status is HostStatus.UP

        # One container is looked up on its host; the default is `local`.
        assert (await check_resolvers.get_container(ctx, name=NAME)).id == twins[
            "local"
        ]
        on_b = await check_resolvers.recheck_container(ctx, name=NAME, host="b")
        assert (on_b.host, on_b.id) == ("b", twins["b"])
        only_b = await check_resolvers.list_containers(
            ctx, filter=check_resolvers.ContainerFilter(host="b")
        )
        assert [(r.host, r.name) for r in only_b] == [("b", NAME)]
        history = await ctx.repos.history.checks(container=NAME, host="b")
        assert history
        assert {h.host for h in history} == {"b"}

        async with ctx.events.subscribe({EventKind.HOST_STATUS}) as events:
            with engine_b.stopped():
                down = await ctx.checks.run()
                assert [r.host for r in down.results if r.name == NAME] == ["local"]
                state = ctx.hosts.state("b")
                assert state.status is HostStatus.DOWN
                assert state.error
                event = await asyncio.wait_for(anext(aiter(events)), 30)
                assert event.payload["host"] == "b"
                assert event.payload["status"] == "down"
            back = await ctx.checks.run()
            assert {r.host for r in back.results if r.name == NAME} == {"local", "b"}
            assert ctx.hosts.state("b").status is HostStatus.UP


async def test_tls_is_verified_both_ways(settings_factory, tmp_path, tls_engine):
    engine_b, files = tls_engine
    url = f"tcp://127.0.0.1:{engine_b.tcp_port}"
    # Without a client certificate the engine refuses us.
    settings = settings_factory(
        docker_hosts=f"b={url}",
        hosts_dir=host_folder(tmp_path / "no-client", files, client=False),
    )
    async with open_app_context(
        settings, background_checks=False, background_updates=False
    ) as ctx:
        state = await ctx.hosts.test("b")
        assert state.status is HostStatus.DOWN
    # A CA that did not sign the engine's certificate: we refuse the engine.
    stranger = make_tls(tmp_path / "stranger")
    settings = settings_factory(
        docker_hosts=f"b={url}",
        hosts_dir=host_folder(tmp_path / "wrong-ca", stranger),
    )
    async with open_app_context(
        settings, background_checks=False, background_updates=False
    ) as ctx:
        state = await ctx.hosts.test("b")
        assert state.status is HostStatus.DOWN
        assert state.error
    settings = settings_factory(
        docker_hosts=f"b={url}", hosts_dir=host_folder(tmp_path / "good", files)
    )
    async with open_app_context(
        settings, background_checks=False, background_updates=False
    ) as ctx:
        state = await ctx.hosts.test("b")
        assert state.status is HostStatus.UP
        assert state.engine_version
