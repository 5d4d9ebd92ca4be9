"""Two real engines: the lab's (host `local`, unix socket) and a second one
reached as tcp://127.0.0.1:<port> with mutual TLS (host `b`), certificates
made by the test."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from resolvers import autoupdate as autoupdate_resolvers
from resolvers import checks as check_resolvers
from resolvers import containers as container_resolvers
from resolvers import labels as label_resolvers
from resolvers import restarts as restart_resolvers
from resolvers import scripts as script_resolvers
from resolvers import updates as update_resolvers
from resolvers.context import open_app_context
from services.errors import ConflictError, InvalidInputError, NotFoundError
from services.events import EventKind
from services.hosts.registry import HostStatus
from services.store.records import OperationRecord, QueuedOperationRecord
from services.updates.state import MemberKind, MemberState, MemberStatus
from tests.lab.engine import LabEngine
from tests.lab.images import ImageBuilder
from tests.lab.registry import LabRegistry
from tests.lab.tls import TlsFiles, make_tls
from tests.services.hosts.probe import down_reason, probed
from tests.support.server import live_server

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


async def test_tls_is_verified_both_ways(
    settings_factory, tmp_path, tls_engine, lab_registry
):
    engine_b, files = tls_engine
    url = f"tcp://127.0.0.1:{engine_b.tcp_port}"
    # Without a client certificate the engine refuses us.
    settings = settings_factory(
        docker_hosts=f"b={url}",
        hosts_dir=host_folder(tmp_path / "no-client", files, client=False),
    )
    error = await down_reason(settings, "b")
    # The error says what to fix, not the SSL library's nested repr, and
    # says it first: the engine answered, it is not "not reachable".
    assert error.startswith(
        f"Docker engine at {url} asks for a TLS client certificate: put cert.pem "
        "and key.pem"
    ), error
    assert "HTTPSConnectionPool" not in error
    # A CA that did not sign the engine's certificate: we refuse the engine.
    stranger = make_tls(tmp_path / "stranger")
    settings = settings_factory(
        docker_hosts=f"b={url}",
        hosts_dir=host_folder(tmp_path / "wrong-ca", stranger),
    )
    error = await down_reason(settings, "b")
    assert error.startswith(f"Docker engine at {url} is not trusted: "), error
    assert str(tmp_path / "wrong-ca" / "b" / "ca.pem") in error
    assert "HTTPSConnectionPool" not in error
    # A client certificate the engine's CA did not sign: the engine refuses it.
    mixed = host_folder(tmp_path / "mixed", files)
    for name in ("cert.pem", "key.pem"):
        shutil.copy(stranger.client_dir / name, mixed / "b" / name)
    settings = settings_factory(docker_hosts=f"b={url}", hosts_dir=mixed)
    error = await down_reason(settings, "b")
    # The refusal reaches us as the engine's alert, or (TLS 1.3, a loaded
    # machine) as a bare close: both name the certificate to fix.
    assert error.startswith(
        (
            f"Docker engine at {url} refused the TLS client certificate ",
            f"Docker engine at {url} closed the TLS connection, as it does when "
            "it refuses the TLS client certificate ",
        )
    ), error
    assert str(mixed / "b" / "cert.pem") in error
    # Plain HTTP where TLS was expected (a registry's port here): said so.
    settings = settings_factory(
        docker_hosts=f"b=tcp://{lab_registry.host}",
        hosts_dir=host_folder(tmp_path / "plain", files),
    )
    error = await down_reason(settings, "b")
    assert error.startswith(
        f"Docker engine at tcp://{lab_registry.host} does not answer TLS: "
    ), error
    settings = settings_factory(
        docker_hosts=f"b={url}", hosts_dir=host_folder(tmp_path / "good", files)
    )
    state = await probed(settings, "b")
    assert state.status is HostStatus.UP
    assert state.engine_version


@pytest.fixture(scope="module")
def pairs(lab_engine, tls_engine, counted_registry):
    """`pair` on each engine (standalone, pair:1.0; 2.0 exists) and, on host
    b only, `pair-app`, a container of a compose project whose files are on b."""
    engine_b, _ = tls_engine
    images = ImageBuilder(lab_engine, counted_registry)
    old = images.build("pair", "1.0")
    images.build("pair", "2.0")
    engine_b.docker("pull", old.ref, timeout=120)
    compose = {
        "com.docker.compose.project": "app",
        "com.docker.compose.service": "pair",
        "com.docker.compose.project.config_files": "/srv/app/compose.yaml",
        "com.docker.compose.project.working_dir": "/srv/app",
    }
    ids = {
        "local": lab_engine.run_container("pair", old.ref, command=["sleep", "3600"]),
        "b": engine_b.run_container("pair", old.ref, command=["sleep", "3600"]),
        "b-app": engine_b.run_container(
            "pair-app", old.ref, labels=compose, command=["sleep", "3600"]
        ),
    }
    yield old, ids
    lab_engine.remove_container("pair")
    engine_b.remove_container("pair")
    engine_b.remove_container("pair-app")


async def finished(ctx, operation_id: str, timeout: float = 120):
    """The operation once it completed (a direct action may answer first)."""
    async with asyncio.timeout(timeout):
        while True:
            record = await ctx.repos.operations.get(operation_id)
            if record.status in ("complete", "failed"):
                assert record.status == "complete", record.error_message
                return record
            await asyncio.sleep(0.2)


def running_image(engine: LabEngine, name: str) -> str:
    return engine.inspect(name)[0]["Config"]["Image"]


async def test_operations_act_on_their_containers_host_only(
    settings_factory, tmp_path, lab_engine, tls_engine, pairs
):
    engine_b, files = tls_engine
    old, ids = pairs
    settings = settings_factory(
        docker_host=lab_engine.docker_host,
        docker_hosts=f"b=tcp://127.0.0.1:{engine_b.tcp_port}",
        hosts_dir=host_folder(tmp_path / "hosts", files),
    )
    async with open_app_context(
        settings, background_checks=False, background_auto_updates=False
    ) as ctx:
        # b's own container policy: a short health gate (and proof that
        # policies are looked up on the container's host).
        await ctx.repos.policies.set(
            "container",
            "pair",
            {"health_timeout_seconds": 30, "stability_window_seconds": 1},
            host="b",
        )
        await ctx.checks.run(refresh=True)
        claims = ctx.updates.queue.claims
        # `pair` of local is held by something else: b's `pair` is another
        # container and may still be updated.
        claims.take(["pair"], "op_someone_else")
        with pytest.raises(ConflictError, match="op_someone_else"):
            await update_resolvers.update_container(ctx, container="pair")
        record = await update_resolvers.update_container(
            ctx, container="pair", host="b"
        )
        assert record.host == "b"
        assert claims.holder("pair", "b") == record.operation_id
        assert claims.holder("pair") == "op_someone_else"
        assert await ctx.updates.queue.scheduler.wait_idle(120)
        done = await ctx.repos.operations.get(record.operation_id)
        assert done.status == "complete", done.error_message
        assert done.host == "b"
        assert running_image(engine_b, "pair") == old.ref.replace(":1.0", ":2.0")
        # The default host's `pair` is untouched.
        assert lab_engine.inspect("pair")[0]["Id"] == ids["local"]
        assert running_image(lab_engine, "pair") == old.ref
        assert claims.holder("pair", "b") is None
        logged = await ctx.repos.history.updates(container="pair", host="b")
        assert [(u.host, u.success) for u in logged] == [("b", True)]
        assert await ctx.repos.history.updates(container="pair", host="local") == []
        claims.release(["pair"], "op_someone_else")

        # The rollback overview lists b's update under b (and only there).
        overview = await update_resolvers.get_policies(ctx)
        assert [
            (i.host, i.can_rollback, i.last_operation_id)
            for i in overview.containers
            if i.container == "pair"
        ] == [("b", True, record.operation_id)]
        on_local = await update_resolvers.get_policies(ctx, host="local")
        assert "pair" not in {i.container for i in on_local.containers}

        # The rollback goes back on b too.
        back = await update_resolvers.rollback_operation(
            ctx, operation_id=record.operation_id
        )
        assert back.host == "b"
        assert await ctx.updates.queue.scheduler.wait_idle(120)
        back = await ctx.repos.operations.get(back.operation_id)
        assert back.status == "complete", back.error_message
        assert running_image(engine_b, "pair") == old.ref
        assert lab_engine.inspect("pair")[0]["Id"] == ids["local"]
        overview = await update_resolvers.get_policies(ctx, host="b")
        assert [(i.container, i.can_rollback) for i in overview.containers] == [
            ("pair", False)
        ]

        # A compose container of a host whose files are out of reach: refused
        # with the reason, nothing queued.
        with pytest.raises(InvalidInputError, match="read-only for compose edits"):
            await update_resolvers.update_container(
                ctx, container="pair-app", host="b", version="2.0"
            )
        assert claims.holder("pair-app", "b") is None
        # An unknown host is refused before anything runs.
        with pytest.raises(NotFoundError, match="host not found"):
            await update_resolvers.update_container(ctx, container="pair", host="c")


async def test_container_actions_restarts_and_labels_on_their_host(
    settings_factory, tmp_path, lab_engine, tls_engine, pairs
):
    engine_b, files = tls_engine
    old, ids = pairs
    engine_b.run_container("pair-gone", old.ref, command=["sleep", "3600"])
    settings = settings_factory(
        docker_host=lab_engine.docker_host,
        docker_hosts=f"b=tcp://127.0.0.1:{engine_b.tcp_port}",
        hosts_dir=host_folder(tmp_path / "hosts", files),
    )
    async with open_app_context(
        settings, background_checks=False, background_auto_updates=False
    ) as ctx:
        claims = ctx.updates.queue.claims

        def running(engine: LabEngine) -> bool:
            return engine.inspect("pair")[0]["State"]["Running"]

        # Something holds b's `pair`: actions on it wait, local's is free.
        claims.take(["pair"], "op_on_b", host="b")
        with pytest.raises(ConflictError, match="op_on_b"):
            await container_resolvers.stop_container(ctx, name="pair", host="b")
        with pytest.raises(ConflictError, match="op_on_b"):
            await restart_resolvers.restart_container(ctx, container="pair", host="b")
        done = await container_resolvers.restart_container(
            ctx, name="pair", grace_seconds=0
        )
        assert (await finished(ctx, done.operation_id)).host == "local"
        assert running(lab_engine)
        assert running(engine_b)
        claims.release(["pair"], "op_on_b", host="b")

        # Stop and start act on b's `pair` only, recorded on b.
        stopped = await container_resolvers.stop_container(
            ctx, name="pair", grace_seconds=0, host="b"
        )
        assert (await finished(ctx, stopped.operation_id)).host == "b"
        assert not running(engine_b)
        assert running(lab_engine)
        started = await container_resolvers.start_container(ctx, name="pair", host="b")
        await finished(ctx, started.operation_id)
        assert running(engine_b)

        # A queued restart (with its health gate) runs on b.
        record = await restart_resolvers.restart_container(
            ctx, container="pair", host="b"
        )
        assert record.host == "b"
        assert await ctx.updates.queue.scheduler.wait_idle(120)
        record = await ctx.repos.operations.get(record.operation_id)
        assert record.status == "complete", record.error_message
        assert lab_engine.inspect("pair")[0]["Id"] == ids["local"]

        # Removal: `pair-gone` exists on b only.
        with pytest.raises(NotFoundError):
            await container_resolvers.remove_container(
                ctx, name="pair-gone", force=True
            )
        removed = await container_resolvers.remove_container(
            ctx, name="pair-gone", force=True, host="b"
        )
        await finished(ctx, removed.operation_id)
        assert engine_b.docker("ps", "-aq", "--filter", "name=^pair-gone$").stdout == ""

        # Labels live in compose files, which b's are out of reach of.
        with pytest.raises(InvalidInputError, match="host b"):
            await label_resolvers.set_labels(
                ctx, container="pair-app", labels={"docksmith.ignore": "true"}, host="b"
            )
        assert claims.holders("b") == {}


async def test_a_down_host_delays_only_its_own_interrupted_operations(
    settings_factory, tmp_path, lab_engine, tls_engine
):
    engine_b, files = tls_engine
    settings = settings_factory(
        docker_host=lab_engine.docker_host,
        docker_hosts=f"b=tcp://127.0.0.1:{engine_b.tcp_port}",
        hosts_dir=host_folder(tmp_path / "hosts", files),
    )
    quiet = {
        "background_checks": False,
        "background_updates": False,
        "background_auto_updates": False,
        "notify": False,
    }
    now = datetime.now(UTC)
    # given on each host: an update a killed server left while it pulled, and
    # an operation queued behind it (a kind that fails at once when it runs)
    async with open_app_context(settings, **quiet) as ctx:
        for host in ("local", "b"):
            member = MemberState(
                container_name=f"ghost-{host}",
                kind=MemberKind.STANDALONE,
                status=MemberStatus.IN_PROGRESS,
            )
            await ctx.repos.operations.create(
                OperationRecord(
                    operation_id=f"op_left_{host}",
                    operation_type="update",
                    status="pulling_image",
                    container_name=member.container_name,
                    batch_details=[member.as_dict()],
                    started_at=now,
                    host=host,
                )
            )
            await ctx.repos.operations.create(
                OperationRecord(
                    operation_id=f"op_queued_{host}",
                    operation_type="update",
                    status="queued",
                    container_name=f"waiting-{host}",
                    started_at=now,
                    host=host,
                )
            )
            await ctx.repos.queue.push(
                QueuedOperationRecord(
                    operation_id=f"op_queued_{host}",
                    stack_name=f"container:waiting-{host}",
                    operation_type="update",
                    containers=[f"waiting-{host}"],
                    queued_at=now,
                    payload={"kind": "not-a-kind"},
                    host=host,
                )
            )

    async def status(ctx, operation_id: str) -> str:
        return (await ctx.repos.operations.get(operation_id)).status

    async def until_finished(ctx, operation_id: str) -> OperationRecord:
        async with asyncio.timeout(60):
            while (await status(ctx, operation_id)) not in ("complete", "failed"):
                await asyncio.sleep(0.1)
        return await ctx.repos.operations.get(operation_id)

    # when Docksmith starts again while host b's engine is down
    async with open_app_context(settings, **quiet) as ctx:
        try:
            with engine_b.stopped():
                await ctx.updates.start(retry_seconds=0.2)
                # then local's interrupted update is settled and its queue runs
                left = await until_finished(ctx, "op_left_local")
                assert "interrupted by restart" in (left.error_message or "")
                ran = await until_finished(ctx, "op_queued_local")
                assert "unknown operation kind" in (ran.error_message or "")
                # while b's wait, unsettled, and its queued work holds its claim
                assert await status(ctx, "op_left_b") == "pulling_image"
                assert await status(ctx, "op_queued_b") == "queued"
                claims = ctx.updates.queue.claims
                assert claims.holder("waiting-b", "b") == "op_queued_b"
            # and b's are settled, then run, once its engine answers
            left = await until_finished(ctx, "op_left_b")
            assert "interrupted by restart" in (left.error_message or "")
            ran = await until_finished(ctx, "op_queued_b")
            assert "unknown operation kind" in (ran.error_message or "")
        finally:
            await ctx.updates.close()


async def test_logs_stats_inspect_and_explorer_read_the_containers_host(
    settings_factory, tmp_path, lab_engine, tls_engine, twins
):
    """The Container screen's and the Explorer's calls, on both edges, look
    at the host they name (the same name on `local` is another container)."""
    engine_b, files = tls_engine
    old = lab_engine.inspect(NAME)[0]["Config"]["Image"]
    engine_b.run_container(
        "speaker", old, command=["sh", "-c", "echo said on b; exec sleep 3600"]
    )
    engine_b.docker("volume", "create", "only-on-b", timeout=30)
    settings = settings_factory(
        docker_host=lab_engine.docker_host,
        docker_hosts=f"b=tcp://127.0.0.1:{engine_b.tcp_port}",
        hosts_dir=host_folder(tmp_path / "hosts", files),
    )
    try:
        async with (
            live_server(settings) as live,
            httpx.AsyncClient(base_url=live.url, timeout=120) as api,
        ):

            async def get(path: str, **params: str) -> dict:
                response = await api.get(f"/api{path}", params=params)
                assert response.status_code == 200, response.text
                return response.json()["data"]

            async def graphql(query: str, **variables: object) -> dict:
                body = (
                    await api.post(
                        "/graphql", json={"query": query, "variables": variables}
                    )
                ).json()
                assert "errors" not in body, body
                return body["data"]

            assert (await get(f"/containers/{NAME}/inspect", host="b"))["id"] == twins[
                "b"
            ]
            assert (await get(f"/containers/{NAME}/inspect"))["id"] == twins["local"]
            assert (await get("/containers/speaker/stats", host="b"))[
                "cpu_percent"
            ] >= 0
            async with asyncio.timeout(60):
                while (
                    "said on b"
                    not in (await get("/containers/speaker/logs", host="b"))["logs"]
                ):
                    await asyncio.sleep(0.2)
            # `speaker` exists on b only.
            missing = await api.get("/api/containers/speaker/logs")
            assert missing.status_code == 404, missing.text
            unknown = await api.get(f"/api/containers/{NAME}/inspect?host=c")
            assert unknown.status_code == 404
            assert unknown.json()["error"]["message"] == "host not found: c"

            explorer_b = await get("/explorer", host="b")
            assert {c["name"] for c in explorer_b["containers"]} >= {NAME, "speaker"}
            assert "speaker" not in {
                c["name"] for c in (await get("/explorer"))["containers"]
            }
            volumes_b = {
                v["name"] for v in (await get("/volumes", host="b"))["volumes"]
            }
            assert "only-on-b" in volumes_b
            assert "only-on-b" not in {
                v["name"] for v in (await get("/volumes"))["volumes"]
            }
            images_b = (await get("/images", host="b"))["images"]
            assert any(old in i["tags"] for i in images_b), images_b
            assert (await get("/networks", host="b"))["count"] >= 1

            data = await graphql(
                """query($n: String!, $h: String) {
                  containerInspect(name: $n, host: $h) { id }
                  containerLogs(name: "speaker", host: $h) { logs }
                  containerStats(name: "speaker", host: $h) { memoryUsage }
                  volumes(withSizes: false, host: $h) { name }
                  explorer(host: $h) { containers { name } }
                  containerTagOptions(name: $n, host: $h) { currentTag }
                }""",
                n=NAME,
                h="b",
            )
            assert data["containerInspect"]["id"] == twins["b"]
            assert "said on b" in data["containerLogs"]["logs"]
            assert data["containerStats"]["memoryUsage"] > 0
            assert "only-on-b" in {v["name"] for v in data["volumes"]}
            assert "speaker" in {c["name"] for c in data["explorer"]["containers"]}
            assert data["containerTagOptions"]["currentTag"] == "1.0"

        # The followed log and the stats stream come from b too.
        async with open_app_context(
            settings, background_checks=False, background_updates=False
        ) as ctx:
            lines = container_resolvers.stream_logs(ctx, name="speaker", host="b")
            first = await asyncio.wait_for(anext(lines), 60)
            await lines.aclose()
            assert "said on b" in first.text
            samples = container_resolvers.stream_stats(ctx, name="speaker", host="b")
            sample = await asyncio.wait_for(anext(samples), 60)
            await samples.aclose()
            assert sample.read_at is not None

            # A script is assigned to b's `speaker`, which local does not have.
            scripts_dir = settings.scripts_dir
            scripts_dir.mkdir(parents=True, exist_ok=True)
            (scripts_dir / "gate.sh").write_text("#!/bin/sh\nexit 0\n")
            (scripts_dir / "gate.sh").chmod(0o755)
            with pytest.raises(NotFoundError):
                await script_resolvers.assign_script(
                    ctx, container="speaker", script="gate.sh"
                )
            row = await script_resolvers.assign_script(
                ctx, container="speaker", script="gate.sh", host="b"
            )
            assert (row.host, row.container_name) == ("b", "speaker")
            assert await ctx.repos.scripts.get("speaker") is None
            await script_resolvers.unassign_script(ctx, container="speaker", host="b")
            assert await ctx.repos.scripts.all() == []
    finally:
        engine_b.remove_container("speaker")
        engine_b.docker("volume", "rm", "only-on-b", timeout=30, check=False)


async def test_auto_updates_plan_and_run_on_every_host(
    settings_factory, tmp_path, lab_engine, tls_engine, twins
):
    """`auto` on both hosts; only b's has a policy that takes it. The run
    updates b's `auto` on b and leaves local's alone."""
    engine_b, files = tls_engine
    old = lab_engine.inspect(NAME)[0]["Config"]["Image"]
    new = old.replace(":1.0", ":2.0")
    ids = {
        "local": lab_engine.run_container("auto", old, command=["sleep", "3600"]),
        "b": engine_b.run_container("auto", old, command=["sleep", "3600"]),
    }
    settings = settings_factory(
        docker_host=lab_engine.docker_host,
        docker_hosts=f"b=tcp://127.0.0.1:{engine_b.tcp_port}",
        hosts_dir=host_folder(tmp_path / "hosts", files),
    )
    try:
        async with open_app_context(
            settings, background_checks=False, background_auto_updates=False
        ) as ctx:
            await ctx.repos.policies.set(
                "global",
                "",
                {"health_timeout_seconds": 30, "stability_window_seconds": 1},
            )
            # A container policy is its host's: this one is b's `auto` only.
            policy = await autoupdate_resolvers.set_auto_update_policy(
                ctx, entity_type="container", entity_id="auto", level="major", host="b"
            )
            assert policy.host == "b"
            plan = await ctx.auto_updates.run(dry_run=True)
            mine = {(d.host, d.container): d for d in plan.decisions}
            assert mine["b", "auto"].included, mine["b", "auto"]
            assert mine["b", "auto"].candidate_tag == "2.0"
            assert not mine["local", "auto"].included
            assert mine["local", "auto"].reason == "policy_off"
            assert ctx.auto_updates.last_decision("auto", "b") == mine["b", "auto"]

            run = await ctx.auto_updates.run(dry_run=False)
            [taken] = [d for d in run.decisions if d.included]
            assert (taken.host, taken.container) == ("b", "auto")
            assert taken.operation_id
            await ctx.auto_updates.wait()
            update = await ctx.repos.operations.get(taken.operation_id)
            assert (update.host, update.status) == ("b", "complete"), (
                update.error_message
            )
            assert running_image(engine_b, "auto") == new
            assert lab_engine.inspect("auto")[0]["Id"] == ids["local"]
            assert running_image(lab_engine, "auto") == old
            summary = await ctx.repos.operations.get(run.operation_id)
            [outcome] = [d for d in summary.batch_details or [] if d.get("included")]
            assert (outcome["host"], outcome["outcome"]) == ("b", "complete")
    finally:
        lab_engine.remove_container("auto")
        engine_b.remove_container("auto")
