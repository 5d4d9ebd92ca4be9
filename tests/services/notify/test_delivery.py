"""Notifications delivered by real Apprise (json:// and form://) and the real
webhook client to a real HTTP receiver on 127.0.0.1, with the store on SQLite.

Check runs here are data (`CheckRun` of `CheckResult`s): what the checker
hands its observers. The lab tests (tests/e2e/test_notify_lab.py) drive the
same path from real checks and updates.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from datetime import UTC, datetime, timedelta

import pytest

from services.checks.model import CheckResult, ContainerStatus
from services.checks.service import CheckRun
from services.errors import ConflictError, InvalidInputError
from services.notify.channels import ChannelSpec
from services.notify.model import (
    ChangeLevel,
    DeliveryOutcome,
    NotificationEvent,
)
from services.notify.service import NotificationService, NotifyConfig
from services.store import SettingsRepository, Store
from services.store.channels import ChannelRepository
from services.store.records import OperationRecord
from tests.support.db import migrated_sqlite_url
from tests.support.receiver import receiver

NOW = datetime(2026, 12, 6, 4, 0, tzinfo=UTC)


def result(
    name, *, stack="web", latest="1.1.0", change="minor", status=None, image=None
):
    return CheckResult(
        name=name,
        id=f"id-{name}",
        image=image or f"127.0.0.1:5000/{name}:1.0.0",
        status=status or ContainerStatus.UPDATE_AVAILABLE,
        checked_at=NOW,
        stack=stack,
        current_version="1.0.0",
        latest_version=latest,
        latest_tag=latest,
        change_type=change,
    )


def run(*results):
    return CheckRun(results=list(results), started_at=NOW, finished_at=NOW)


@pytest.fixture
async def store(tmp_path):
    opened = Store(migrated_sqlite_url(tmp_path / "notify.db"))
    await opened.open()
    yield opened
    await opened.close()


@pytest.fixture
async def make_service(store):
    opened: list[NotificationService] = []
    outcomes: list[tuple[str, DeliveryOutcome]] = []

    async def make(**config) -> NotificationService:
        service = NotificationService(
            NotifyConfig(**{"timeout": 5.0, "webhook_backoff": 0.05, **config}),
            channels=ChannelRepository(store),
            settings=SettingsRepository(store),
            clock=lambda: NOW,
            on_delivery=lambda channel, outcome: outcomes.append((channel, outcome)),
        )
        await service.start()
        opened.append(service)
        return service

    make.outcomes = outcomes  # type: ignore[attr-defined]
    yield make
    for service in opened:
        await service.close()


async def test_env_channel_gets_one_digest_per_run_and_each_candidate_once(
    make_service,
):
    with receiver() as rx:
        service = await make_service(urls=(f"json://{rx.url}/hook",))

        service.check_finished(
            run(result("api", change="patch", latest="1.0.1"), result("db"))
        )
        [sent] = await rx.wait_for(lambda r: len(r) == 1)
        doc = sent.json()
        assert doc["title"] == "Docksmith: 2 new updates available"
        assert "**api** (web): 1.0.0 → 1.0.1 [patch]" in doc["message"]
        assert "**db** (web): 1.0.0 → 1.1.0 [minor]" in doc["message"]

        # The same candidates again: nothing new to say.
        service.check_finished(
            run(result("api", change="patch", latest="1.0.1"), result("db"))
        )
        # db's candidate changes: only db is announced.
        service.check_finished(
            run(
                result("api", change="patch", latest="1.0.1"),
                result("db", latest="1.2.0"),
            )
        )
        requests = await rx.wait_for(lambda r: len(r) == 2)
        second = requests[1].json()
        assert second["title"] == "Docksmith: 1 new update available"
        assert "**db**" in second["message"]
        assert "api" not in second["message"]
        status = service.get_channel("env-1").status
        assert status is not None
        assert status.outcome is DeliveryOutcome.SUCCESS


async def test_what_was_announced_survives_a_restart(make_service):
    with receiver() as rx:
        first = await make_service(urls=(f"json://{rx.url}/a",))
        first.check_finished(run(result("api")))
        await rx.wait_for(lambda r: len(r) == 1)
        await first.close()

        second = await make_service(urls=(f"json://{rx.url}/a",))
        second.check_finished(run(result("api")))
        # A registry error keeps the announcement; up to date forgets it.
        second.check_finished(run(result("api", status=ContainerStatus.ERROR)))
        second.check_finished(run(result("api")))
        second.check_finished(run(result("api", status=ContainerStatus.UP_TO_DATE)))
        second.check_finished(run(result("api")))
        requests = await rx.wait_for(lambda r: len(r) == 2)
        assert "**api**" in requests[1].json()["message"]
        assert len(rx.requests) == 2


async def test_api_channel_filters_by_change_stack_and_event(make_service):
    with receiver() as rx:
        service = await make_service()
        view = await service.add_channel(
            ChannelSpec(
                name="ops",
                url=f"form://{rx.url}/ops",
                events=(NotificationEvent.UPDATES_FOUND,),
                min_change=ChangeLevel.MINOR,
                include_stacks=("web",),
                exclude_containers=("cache",),
            )
        )
        assert view.channel.masked_url == "form://********"
        service.operation_finished(
            OperationRecord("op_1", "update", "complete", "api", stack_name="web")
        )
        service.check_finished(
            run(
                result("api", change="patch", latest="1.0.1"),
                result("db", change="major", latest="2.0.0"),
                result("cache", change="major", latest="2.0.0"),
                result("other", stack="mail", change="major", latest="2.0.0"),
            )
        )
        [sent] = await rx.wait_for(lambda r: len(r) == 1)
        assert sent.path == "/ops"
        body = sent.body.decode()
        assert "db" in body
        assert "api" not in body
        assert "cache" not in body
        assert "other" not in body


async def test_channel_templates_and_validation(make_service):
    service = await make_service()
    with pytest.raises(InvalidInputError, match="unknown variable"):
        await service.add_channel(
            ChannelSpec(name="x", url="json://127.0.0.1:9/", title_template="$nope")
        )
    with pytest.raises(InvalidInputError) as bad:
        await service.add_channel(
            ChannelSpec(name="x", url="nosuchservice://secret-token@host/")
        )
    assert "secret-token" not in bad.value.message
    with pytest.raises(InvalidInputError, match="not a valid Docker name"):
        await service.add_channel(
            ChannelSpec(name="x", url="json://127.0.0.1:9/", include_stacks=("a b",))
        )
    with receiver() as rx:
        await service.add_channel(
            ChannelSpec(
                name="short",
                url=f"json://{rx.url}/t",
                title_template="[$count] $summary",
                body_template="$details\n-- docksmith",
            )
        )
        with pytest.raises(ConflictError):
            await service.add_channel(
                ChannelSpec(name="short", url=f"json://{rx.url}/t")
            )
        service.check_finished(run(result("api")))
        [sent] = await rx.wait_for(lambda r: len(r) == 1)
        assert sent.json()["title"] == "[1] 1 new update available"
        assert sent.json()["message"].endswith("-- docksmith")


async def test_webhook_is_signed_and_retried_with_backoff(make_service):
    secret = "s3cret"
    with receiver() as rx:
        rx.statuses["/wh"] = [503, 500]
        service = await make_service(
            webhook_url=f"http://{rx.url}/wh", webhook_secret=secret
        )
        service.operation_finished(
            OperationRecord(
                "op_2",
                "update",
                "failed",
                "api",
                stack_name="web",
                error_message="health check failed",
                rollback_occurred=True,
            )
        )
        requests = await rx.wait_for(lambda r: len(r) == 3)
        # The receiver's side: verify the raw body before trusting it.
        for request in requests:
            expected = (
                "sha256="
                + hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
            )
            assert hmac.compare_digest(
                request.headers["X-Docksmith-Signature"], expected
            )
        assert len({r.headers["X-Docksmith-Delivery"] for r in requests}) == 1
        doc = requests[-1].json()
        assert doc["event"] == "operation_finished"
        assert doc["severity"] == "warning"
        assert (
            doc["summary"] == "update of api failed and was rolled back automatically"
        )
        assert doc["data"]["error"] == "health check failed"
        assert doc["containers"][0]["container"] == "api"
        await _until(lambda: service.get_channel("webhook").status is not None)
        assert service.get_channel("webhook").status.outcome is DeliveryOutcome.SUCCESS


async def test_webhook_gives_up_and_shows_why(make_service):
    with receiver() as rx:
        rx.statuses["/down"] = [503, 503, 503, 503]
        service = await make_service(
            webhook_url=f"http://{rx.url}/down", webhook_attempts=2
        )
        service.engine_changed(False)
        await _until(lambda: service.get_channel("webhook").status is not None)
        status = service.get_channel("webhook").status
        assert status.outcome is DeliveryOutcome.FAILURE
        assert status.error == "the receiver answered HTTP 503 (after 2 attempts)"
        assert len(rx.requests) == 2
        assert "signature" not in {k.lower() for k in rx.requests[0].headers}


async def test_a_dead_channel_delays_nobody_and_cannot_pile_up(make_service):
    with receiver() as rx:
        rx.delays["/slow"] = 60
        service = await make_service(
            # rto: Apprise's own read timeout (4 s by default) would end the
            # stuck delivery before the test is done looking.
            urls=(f"json://{rx.url}/slow?rto=300", f"json://{rx.url}/fast"),
            timeout=120.0,
            queue_size=3,
        )

        def fast():
            return [x for x in rx.requests if x.path == "/fast"]

        for index in range(10):
            started = time.monotonic()
            service.check_finished(run(result("api", latest=f"1.0.{index + 1}")))
            assert time.monotonic() - started < 0.5  # reporting only queues
            # The fast channel gets each notice while the slow one is stuck.
            await rx.wait_for(lambda r, n=index + 1: len(fast()) == n)
        assert "/slow" in rx.arrived
        assert not [x for x in rx.requests if x.path == "/slow"]
        # The slow lane holds one in flight and three queued; the rest dropped.
        dropped = [
            o
            for c, o in make_service.outcomes
            if c == "env-1" and o is DeliveryOutcome.DROPPED
        ]
        assert len(dropped) == 6
        assert service.get_channel("env-1").status.outcome is DeliveryOutcome.DROPPED
        assert service.get_channel("env-2").status.outcome is DeliveryOutcome.SUCCESS


async def test_test_endpoint_reports_a_timeout(make_service):
    with receiver() as rx:
        rx.delays["/slow"] = 30
        service = await make_service(urls=(f"json://{rx.url}/slow",), timeout=0.5)
        started = time.monotonic()
        [view] = await service.test("env-1")
        assert time.monotonic() - started < 15
        assert view.status.outcome in (DeliveryOutcome.TIMEOUT, DeliveryOutcome.FAILURE)
        assert view.status.event is NotificationEvent.TEST


async def test_env_channels_are_read_only_and_secrets_never_logged(
    make_service, caplog
):
    token = "tk_0123456789abcdef"
    with receiver() as rx:
        rx.statuses["/"] = [500]
        caplog.set_level(logging.DEBUG)
        service = await make_service(urls=(f"json://user:{token}@{rx.url}/{token}",))
        [view] = service.list_channels()
        assert view.channel.masked_url == "json://********"
        with pytest.raises(ConflictError, match="environment"):
            await service.remove_channel("env-1")
        [tested] = await service.test()
        assert tested.status.outcome is DeliveryOutcome.FAILURE
        assert token not in (tested.status.error or "")
    assert rx.requests, "the test notification was sent"
    assert token not in caplog.text


async def test_registry_failing_for_n_runs_is_announced_once_then_recovery(
    make_service,
):
    with receiver() as rx:
        service = await make_service(urls=(f"json://{rx.url}/r",), check_failures=3)
        down = result(
            "api",
            status=ContainerStatus.ERROR,
            image="ghcr.io/acme/api:1.0.0",
        )
        down = CheckResult(
            **{**_fields(down), "error": "cannot reach ghcr.io (ConnectError)"}
        )
        for _ in range(5):
            service.check_finished(run(down))
        service.check_finished(
            run(
                result(
                    "api",
                    status=ContainerStatus.UP_TO_DATE,
                    image="ghcr.io/acme/api:1.0.0",
                )
            )
        )
        requests = await rx.wait_for(lambda r: len(r) == 2)
        assert requests[0].json()["title"] == (
            "Docksmith: registry ghcr.io failed 3 checks in a row"
        )
        assert "ConnectError" in requests[0].json()["message"]
        assert (
            requests[1].json()["title"] == "Docksmith: registry ghcr.io answers again"
        )


def _fields(r: CheckResult) -> dict:
    return {f: getattr(r, f) for f in r.__dataclass_fields__}


async def _until(predicate, timeout: float = 30) -> None:
    import asyncio

    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition never held"
        await asyncio.sleep(0.02)


def test_timestamps_are_utc():
    assert NOW.utcoffset() == timedelta(0)


@pytest.mark.lab
async def test_engine_going_away_and_back_is_announced_once_each(
    make_service, lab_engine, tmp_path
):
    from services.docker import DockerSdkEngine
    from services.notify.watch import EngineWatch

    socket = tmp_path / "engine.sock"  # a link to the lab engine, made and cut
    engine = DockerSdkEngine(f"unix://{socket}")
    with receiver() as rx:
        service = await make_service(urls=(f"json://{rx.url}/engine",))
        watch = EngineWatch(engine.ping, interval=1, on_change=service.engine_changed)
        try:
            assert await watch.probe() is False
            assert await watch.probe() is False
            socket.symlink_to(lab_engine.docker_host.removeprefix("unix://"))
            assert await watch.probe() is True
            assert await watch.probe() is True
        finally:
            await engine.close()
        requests = await rx.wait_for(lambda r: len(r) == 2)
        assert [r.json()["title"] for r in requests] == [
            "Docksmith: the Docker engine is unreachable",
            "Docksmith: the Docker engine is reachable again",
        ]
        assert [r.json()["type"] for r in requests] == ["failure", "success"]


async def test_a_channel_stored_by_a_newer_version_still_loads_with_the_others(
    store, make_service, caplog
):
    """An event or minimum change this version does not know (a newer
    Docksmith stored it) no longer stops the notifier from starting: the
    unknown event is dropped and the unknown minimum reads as none."""
    repo = ChannelRepository(store)
    await repo.create(
        "ch_new",
        {
            "name": "future",
            "url": "json://127.0.0.1:9/hook",
            "events": ["updates_found", "image_scanned"],
            "min_change": "build",
        },
    )
    await repo.create("ch_old", {"name": "plain", "url": "json://127.0.0.1:9/x"})
    service = await make_service()
    channels = {v.channel.name: v.channel for v in service.list_channels()}
    assert sorted(channels) == ["future", "plain"]
    assert channels["future"].filter.events == frozenset(
        {NotificationEvent.UPDATES_FOUND}
    )
    assert channels["future"].filter.min_change is None
    assert "'image_scanned'" in caplog.text
    assert "'build'" in caplog.text
