"""`/metrics`' instruments are counted in plain Python (services/metrics) and
become prometheus_client families at scrape time; the page is the one
prometheus_client's own Histogram, Gauge and Counter give for the same events."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    enable_created_metrics,
)
from prometheus_client.exposition import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from resolvers.context import open_app_context
from services.checks.service import CheckRun
from services.metrics import (
    CHECK_BUCKETS,
    OPERATION_BUCKETS,
    Metrics,
    MetricsPage,
    StateSources,
    operation_outcome,
)
from services.notify.model import DeliveryOutcome
from services.operations import OperationStatus, OperationType
from services.store.records import OperationRecord

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _run(seconds: float) -> CheckRun:
    return CheckRun(
        results=[], started_at=T0, finished_at=T0 + timedelta(seconds=seconds)
    )


def _operation(
    kind: str, status: str, seconds: float | None, **extra
) -> OperationRecord:
    return OperationRecord(
        operation_id=f"op-{kind}-{status}-{seconds}",
        operation_type=OperationType(kind),
        status=OperationStatus(status),
        container_name="web",
        started_at=T0 if seconds is not None else None,
        completed_at=T0 + timedelta(seconds=seconds) if seconds is not None else None,
        **extra,
    )


RUNS = [_run(s) for s in (0.2, 0.5, 7, 7, 599.9, 1000)]
OPERATIONS = [
    _operation("update", "complete", 12),
    _operation("update", "failed", 3, rollback_occurred=True),
    _operation("restart", "complete", 0.5),
    _operation("update", "complete", 2000),
    _operation("rollback", "failed", None),
]
DELIVERIES = [
    ("env-1", DeliveryOutcome.SUCCESS),
    ("env-2", DeliveryOutcome.TIMEOUT),
    ("env-1", DeliveryOutcome.SUCCESS),
]


def _reference_page(runs=RUNS, operations_=OPERATIONS, deliveries_=DELIVERIES) -> str:
    """The instruments as prometheus_client counted them before."""
    registry = CollectorRegistry(auto_describe=True)
    duration = Histogram(
        "docksmith_check_duration_seconds",
        "How long a full check run took.",
        buckets=CHECK_BUCKETS,
        registry=registry,
    )
    last = Gauge(
        "docksmith_check_last_success_timestamp_seconds",
        "When the last full check run finished (Unix time).",
        registry=registry,
    )
    operations = Counter(
        "docksmith_operations",
        "Finished operations by type and outcome.",
        ["type", "outcome"],
        registry=registry,
    )
    op_duration = Histogram(
        "docksmith_operation_duration_seconds",
        "How long finished operations took, by type.",
        ["type"],
        buckets=OPERATION_BUCKETS,
        registry=registry,
    )
    deliveries = Counter(
        "docksmith_notification_deliveries",
        "Notification deliveries by channel id and outcome.",
        ["channel", "outcome"],
        registry=registry,
    )
    for run in runs:
        duration.observe((run.finished_at - run.started_at).total_seconds())
        last.set(run.finished_at.timestamp())
    for record in operations_:
        operations.labels(
            type=record.operation_type, outcome=operation_outcome(record)
        ).inc()
        if record.started_at and record.completed_at:
            op_duration.labels(type=record.operation_type).observe(
                (record.completed_at - record.started_at).total_seconds()
            )
    for channel, outcome in deliveries_:
        deliveries.labels(channel=channel, outcome=str(outcome)).inc()
    return generate_latest(registry).decode()


def _page(metrics: Metrics, *, created_series: bool = True) -> str:
    state = StateSources(
        results=list,
        registry_requests=lambda: {("registry.lan", "success"): 3},
        rate_limits=lambda: {"docker.io": {"remaining": 97}},
        bus_dropped=lambda: 0,
        bus_subscribers=lambda: 2,
        engine_up=lambda: True,
    )
    page = MetricsPage(metrics, state, created_series).render()
    assert page.media_type.startswith("text/plain")
    return page.body.decode()


def _without_creation_times(text: str) -> str:
    return re.sub(r"(_created(\{[^}]*\})?) \S+", r"\1 T", text)


def _counted() -> Metrics:
    metrics = Metrics()
    for run in RUNS:
        metrics.check_finished(run)
    for record in OPERATIONS:
        metrics.operation_finished(record)
    for channel, outcome in DELIVERIES:
        metrics.delivery(channel, outcome)
    return metrics


def test_the_instruments_page_is_prometheus_clients_own():
    page = _page(_counted())
    reference = _reference_page()
    assert _without_creation_times(page).startswith(_without_creation_times(reference))
    # The state families follow, and the whole page parses.
    families = {f.name for f in text_string_to_metric_families(page)}
    assert {"docksmith_registry_requests", "docksmith_docker_up"} <= families


def test_an_empty_page_is_prometheus_clients_own_and_series_are_dated_when_first_counted():
    times = iter([100.0, 200.0, 300.0])
    metrics = Metrics(clock=lambda: next(times))
    assert _without_creation_times(_page(metrics)).startswith(
        _without_creation_times(_reference_page([], [], []))
    )
    metrics.operation_finished(_operation("update", "complete", 1))
    page = _page(metrics)
    assert "docksmith_check_duration_seconds_created 100.0" in page
    assert 'docksmith_operations_created{outcome="success",type="update"} 200.0' in page
    assert 'docksmith_operation_duration_seconds_created{type="update"} 300.0' in page


def test_without_created_series_the_page_is_prometheus_clients_own_without_them():
    page = _page(_counted(), created_series=False)
    # What prometheus_client's instruments give under
    # PROMETHEUS_DISABLE_CREATED_SERIES (its process-wide switch).
    disable_created_metrics()
    try:
        reference = _reference_page()
    finally:
        enable_created_metrics()
    assert "_created" not in page
    assert page.startswith(reference)


async def test_prometheus_disable_created_series_reaches_the_page(
    monkeypatch, settings_factory
):
    async def page() -> str:
        async with open_app_context(
            settings_factory(), background_checks=False, background_updates=False
        ) as ctx:
            return ctx.metrics.render().body.decode()

    assert "docksmith_check_duration_seconds_created" in await page()
    monkeypatch.setenv("PROMETHEUS_DISABLE_CREATED_SERIES", "true")
    without = await page()
    assert "docksmith_check_duration_seconds_count 0.0" in without
    assert "_created" not in without
