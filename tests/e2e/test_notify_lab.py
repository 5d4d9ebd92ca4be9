"""Notifications and metrics from real checks and updates in the lab: the
server's NOTIFY_URLS (Apprise json://) and signed webhook deliver to a real
receiver on 127.0.0.1, and `/metrics` is read with Prometheus' own parser.
"""

from __future__ import annotations

import hashlib
import hmac

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.support.api import lab_api, wait_done
from tests.support.receiver import receiver

pytestmark = pytest.mark.lab

SECRET = "lab-webhook-secret"
BROKEN_HEALTH = (
    "HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD test -f /nonexistent"
)


@pytest.fixture(scope="module")
def images(lab_images, lab_registry):
    lab_images.build_many("ntf/app", ["1.0.0", "1.1.0"])
    lab_images.build("ntf/guard", "1.0.0")
    lab_images.build("ntf/guard", "1.0.1", healthcheck=BROKEN_HEALTH)
    return lab_registry.host


@pytest.fixture(scope="module")
def rx():
    with receiver() as started:
        # The slow channel holds every delivery until the test releases it.
        started.delays["/slow"] = 300
        yield started


@pytest.fixture(scope="module")
async def api(images, rx, lab_engine, tmp_path_factory):
    async with lab_api(
        tmp_path_factory.mktemp("ntf"),
        lab_engine.docker_host,
        notify_urls=f"json://{rx.url}/all, json://{rx.url}/slow?rto=200",
        notify_webhook_url=f"http://{rx.url}/hook",
        notify_webhook_secret=SECRET,
        notify_timeout="120s",
    ) as client:
        yield client


@pytest.fixture(scope="module")
def stack(lab, images):
    r = images
    compose = f"""services:
  web:
    image: {r}/ntf/app:1.0.0
    network_mode: none
  guarded:
    image: {r}/ntf/guard:1.0.0
    network_mode: none
    labels:
      docksmith.auto_rollback: "true"
"""
    created = lab.stacks.create("ntf", compose_text=compose)
    created.up()
    yield created
    created.down()


def at(rx, path):
    return [r for r in rx.requests if r.path == path]


async def test_check_digest_update_and_rollback_notices_and_metrics(
    api, rx, stack, images
):
    web = stack.container("web").name
    guarded = stack.container("guarded").name

    # A check finds both containers' updates: one digest, each container once.
    check = await api.get("/api/check")
    assert check.status_code == 200, check.text
    await rx.wait_for(lambda r: len(at(rx, "/all")) == 1)
    [digest] = at(rx, "/all")
    doc = digest.json()
    assert doc["title"] == "Docksmith: 2 new updates available"
    assert f"**{web}** (ntf): 1.0.0 → 1.1.0 [minor]" in doc["message"]
    assert f"**{guarded}** (ntf): 1.0.0 → 1.0.1 [patch]" in doc["message"]

    # The slow channel is now stuck on that digest; nothing below waits for it.
    await rx.wait_for(lambda r: "/slow" in rx.arrived)
    again = await api.get("/api/check")
    assert again.status_code == 200

    started = (
        await api.post("/api/update", json={"container": web, "version": "1.1.0"})
    ).json()["data"]
    op = await wait_done(api, started["operation_id"])
    assert op["status"] == "complete", op
    done = await rx.wait_for(lambda r: len(at(rx, "/all")) == 2)
    finished = [r for r in done if r.path == "/all"][1].json()
    assert finished["title"] == (
        f"Docksmith: update of {web} succeeded (1.0.0 → 1.1.0)"
    )
    assert finished["type"] == "success"

    failing = (
        await api.post("/api/update", json={"container": guarded, "version": "1.0.1"})
    ).json()["data"]
    op = await wait_done(api, failing["operation_id"])
    assert op["status"] == "failed"
    assert op["rollback_occurred"] is True
    await rx.wait_for(lambda r: len(at(rx, "/all")) == 3)
    rolled = at(rx, "/all")[2].json()
    assert rolled["title"] == (
        f"Docksmith: update of {guarded} failed and was rolled back automatically"
    )
    assert rolled["type"] == "warning"
    assert "health check failed" in rolled["message"]

    # Still stuck: the checks and updates above never waited on it.
    assert not [r for r in rx.requests if r.path == "/slow"]
    slow = next(
        c
        for c in (await api.get("/api/notifications/channels")).json()["data"]
        if c["id"] == "env-2"
    )
    assert slow["last_delivery"] is None

    # The webhook got the same events, each signed over its raw body.
    hooks = await rx.wait_for(lambda r: len(at(rx, "/hook")) >= 3)
    hooks = [r for r in hooks if r.path == "/hook"]
    for hook in hooks:
        expected = (
            "sha256=" + hmac.new(SECRET.encode(), hook.body, hashlib.sha256).hexdigest()
        )
        assert hmac.compare_digest(hook.headers["X-Docksmith-Signature"], expected)
    events = [h.json()["event"] for h in hooks]
    assert events[:3] == ["updates_found", "operation_finished", "operation_finished"]
    assert hooks[2].json()["data"]["rolled_back"] is True

    metrics = await api.get("/metrics")
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(metrics.text)}
    for name in (
        "docksmith_containers",
        "docksmith_updates_available",
        "docksmith_container_update_available",
        "docksmith_check_duration_seconds",
        "docksmith_check_last_success_timestamp_seconds",
        "docksmith_registry_requests",
        "docksmith_registry_rate_limit_remaining",
        "docksmith_operations",
        "docksmith_operation_duration_seconds",
        "docksmith_notification_deliveries",
        "docksmith_event_bus_dropped",
        "docksmith_event_subscribers",
    ):
        assert name in families, name

    def samples(name, suffix=""):
        return [s for s in families[name].samples if s.name == name + suffix]

    operations = {
        (s.labels["type"], s.labels["outcome"]): s.value
        for s in samples("docksmith_operations", "_total")
    }
    assert operations[("update", "success")] >= 1
    assert operations[("update", "rolled_back")] >= 1
    [count] = samples("docksmith_check_duration_seconds", "_count")
    assert count.value >= 2
    [last] = samples("docksmith_check_last_success_timestamp_seconds")
    assert last.value > 0
    assert any(
        s.labels == {"host": images, "outcome": "success"} and s.value > 0
        for s in samples("docksmith_registry_requests", "_total")
    )
    deliveries = {
        (s.labels["channel"], s.labels["outcome"]): s.value
        for s in samples("docksmith_notification_deliveries", "_total")
    }
    assert deliveries[("env-1", "success")] >= 3
    assert deliveries[("webhook", "success")] >= 3
    # Per-container only in its own family; the guarded container still has
    # its update (it was rolled back), web has none after its update.
    per_container = samples("docksmith_container_update_available")
    assert {s.labels["container"] for s in per_container} >= {guarded}
    assert web not in {s.labels["container"] for s in per_container}

    rx.release.set()
    await rx.wait_for(lambda r: len(at(rx, "/slow")) >= 1)
