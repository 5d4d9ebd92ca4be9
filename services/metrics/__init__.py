"""Prometheus metrics, in a registry the composition root creates and owns
(the library's process-wide default registry is never used).

Two halves: `Metrics` holds the instruments updated as things happen (a
check run ends, an operation ends, a notification is delivered);
`StateCollector` reads what Docksmith already knows (the last check's
results, the registry client's counters, the event bus) at scrape time, so
nothing is counted twice. Labels stay bounded: hosts, statuses, change
types, operation types, channel ids; the only per-container family is
`docksmith_container_update_available`.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.metrics_core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from services.checks.model import CheckResult, ContainerStatus
from services.checks.service import CheckRun
from services.notify.model import ChangeLevel, DeliveryOutcome
from services.store.records import OperationRecord

__all__ = [
    "CONTENT_TYPE",
    "Exposition",
    "Metrics",
    "StateCollector",
    "StateSources",
    "render",
]

CONTENT_TYPE = CONTENT_TYPE_LATEST
# A check of a few containers takes a second, of two thousand a minute.
_CHECK_BUCKETS = (0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
# An update pulls an image and waits for a health check: seconds to minutes.
_OPERATION_BUCKETS = (1, 5, 10, 30, 60, 120, 300, 600, 1800)


@dataclass(frozen=True, slots=True)
class Exposition:
    body: bytes
    media_type: str = CONTENT_TYPE


def render(registry: CollectorRegistry) -> Exposition:
    return Exposition(generate_latest(registry))


def operation_outcome(record: OperationRecord) -> str:
    if record.status == "complete":
        return "success"
    return "rolled_back" if record.rollback_occurred else "failure"


class Metrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self._check_duration = Histogram(
            "docksmith_check_duration_seconds",
            "How long a full check run took.",
            buckets=_CHECK_BUCKETS,
            registry=registry,
        )
        self._check_last_success = Gauge(
            "docksmith_check_last_success_timestamp_seconds",
            "When the last full check run finished (Unix time).",
            registry=registry,
        )
        self._operations = Counter(
            "docksmith_operations",
            "Finished operations by type and outcome.",
            ["type", "outcome"],
            registry=registry,
        )
        self._operation_duration = Histogram(
            "docksmith_operation_duration_seconds",
            "How long finished operations took, by type.",
            ["type"],
            buckets=_OPERATION_BUCKETS,
            registry=registry,
        )
        self._deliveries = Counter(
            "docksmith_notification_deliveries",
            "Notification deliveries by channel id and outcome.",
            ["channel", "outcome"],
            registry=registry,
        )

    def check_finished(self, run: CheckRun) -> None:
        seconds = (run.finished_at - run.started_at).total_seconds()
        self._check_duration.observe(max(0.0, seconds))
        self._check_last_success.set(run.finished_at.timestamp())

    def operation_finished(self, record: OperationRecord) -> None:
        self._operations.labels(
            type=record.operation_type, outcome=operation_outcome(record)
        ).inc()
        if record.started_at and record.completed_at:
            seconds = (record.completed_at - record.started_at).total_seconds()
            self._operation_duration.labels(type=record.operation_type).observe(
                max(0.0, seconds)
            )

    def delivery(self, channel_id: str, outcome: DeliveryOutcome) -> None:
        self._deliveries.labels(channel=channel_id, outcome=str(outcome)).inc()


@dataclass(frozen=True, slots=True)
class StateSources:
    """Where the scrape-time values come from (plain callables, so this
    module needs none of the services' classes)."""

    results: Callable[[], Iterable[CheckResult]]
    registry_requests: Callable[[], Mapping[tuple[str, str], int]]
    rate_limits: Callable[[], Mapping[str, Mapping[str, object]]]
    bus_dropped: Callable[[], int]
    bus_subscribers: Callable[[], int]
    engine_up: Callable[[], bool | None]


class StateCollector(Collector):
    def __init__(self, sources: StateSources) -> None:
        self._sources = sources

    def collect(self) -> Iterator[Metric]:
        results = list(self._sources.results())
        yield from _container_families(results)

        requests = CounterMetricFamily(
            "docksmith_registry_requests",
            "HTTP requests sent to registries, by host and outcome.",
            labels=["host", "outcome"],
        )
        for (host, outcome), count in sorted(self._sources.registry_requests().items()):
            requests.add_metric([host, outcome], count)
        yield requests

        remaining = GaugeMetricFamily(
            "docksmith_registry_rate_limit_remaining",
            "Pulls left in the registry's rate-limit window (Docker Hub's "
            "ratelimit-remaining header), as last reported.",
            labels=["registry"],
        )
        for registry, budget in sorted(self._sources.rate_limits().items()):
            value = budget.get("remaining")
            if isinstance(value, int | float):
                remaining.add_metric([registry], float(value))
        yield remaining

        yield CounterMetricFamily(
            "docksmith_event_bus_dropped",
            "Events dropped for subscribers that fell behind.",
            value=self._sources.bus_dropped(),
        )
        yield GaugeMetricFamily(
            "docksmith_event_subscribers",
            "Open event streams (SSE and GraphQL subscriptions).",
            value=self._sources.bus_subscribers(),
        )
        up = self._sources.engine_up()
        if up is not None:
            yield GaugeMetricFamily(
                "docksmith_docker_up",
                "Whether the Docker engine answered its last ping.",
                value=1.0 if up else 0.0,
            )


def _container_families(results: list[CheckResult]) -> Iterator[Metric]:
    by_status = GaugeMetricFamily(
        "docksmith_containers",
        "Containers by status in the last check.",
        labels=["status"],
    )
    counted = Tally(r.status for r in results)
    for status in ContainerStatus:
        by_status.add_metric([str(status)], counted.get(status, 0))
    yield by_status

    with_updates = [r for r in results if r.update_available]
    by_change = GaugeMetricFamily(
        "docksmith_updates_available",
        "Containers with an update available, by change type.",
        labels=["change"],
    )
    changes = Tally(ChangeLevel.of(r.change_type) for r in with_updates)
    for level in ChangeLevel:
        by_change.add_metric([str(level)], changes.get(level, 0))
    yield by_change

    per_container = GaugeMetricFamily(
        "docksmith_container_update_available",
        "1 for each container with an update available.",
        labels=["container", "stack", "change"],
    )
    for r in with_updates:
        per_container.add_metric(
            [r.name, r.stack or "", str(ChangeLevel.of(r.change_type))], 1
        )
    yield per_container
