"""The Prometheus text page of `Metrics` and `StateSources`, made with
prometheus_client at scrape time (this is the only module importing it).

The instruments' families carry the samples prometheus_client's own
Histogram, Gauge and Counter would (buckets, count, sum and `_created`,
left out as theirs are with PROMETHEUS_DISABLE_CREATED_SERIES);
tests/services/test_metrics.py holds the page to theirs.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.metrics_core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString

from services.checks.model import CheckResult, ContainerStatus
from services.metrics import Count, Distribution, Exposition, Metrics, StateSources
from services.notify.model import ChangeLevel

# How prometheus_client writes a bucket's bound ("2.5", "+Inf"); untyped there.
_bound_label: Callable[[float], str] = floatToGoString


def render(
    metrics: Metrics, state: StateSources, *, created_series: bool = True
) -> Exposition:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Instruments(metrics, created_series))
    registry.register(_State(state))
    return Exposition(generate_latest(registry), CONTENT_TYPE_LATEST)


class _Instruments(Collector):
    def __init__(self, metrics: Metrics, created_series: bool) -> None:
        self._metrics = metrics
        self._created = created_series

    def collect(self) -> Iterator[Metric]:
        m = self._metrics
        duration = HistogramMetricFamily(
            "docksmith_check_duration_seconds", "How long a full check run took."
        )
        _add_distribution(duration, {}, m.check_duration, self._created)
        yield duration
        yield GaugeMetricFamily(
            "docksmith_check_last_success_timestamp_seconds",
            "When the last full check run finished (Unix time).",
            value=m.check_last_success,
        )
        operations = CounterMetricFamily(
            "docksmith_operations",
            "Finished operations by type and outcome.",
            labels=["type", "outcome"],
        )
        _add_counts(operations, m.operations, self._created)
        yield operations
        durations = HistogramMetricFamily(
            "docksmith_operation_duration_seconds",
            "How long finished operations took, by type.",
            labels=["type"],
        )
        for kind, distribution in m.operation_duration.items():
            _add_distribution(durations, {"type": kind}, distribution, self._created)
        yield durations
        deliveries = CounterMetricFamily(
            "docksmith_notification_deliveries",
            "Notification deliveries by channel id and outcome.",
            labels=["channel", "outcome"],
        )
        _add_counts(deliveries, m.deliveries, self._created)
        yield deliveries


def _add_counts(
    family: CounterMetricFamily,
    series: dict[tuple[str, str], Count],
    created_series: bool,
) -> None:
    for labels, count in series.items():
        created = count.created if created_series else None
        family.add_metric(list(labels), count.value, created=created)


def _add_distribution(
    family: HistogramMetricFamily,
    labels: dict[str, str],
    series: Distribution,
    created_series: bool,
) -> None:
    cumulative, buckets = 0.0, []
    for bound, count in zip(series.bounds, series.counts, strict=True):
        cumulative += count
        buckets.append((_bound_label(bound), cumulative))
    family.add_metric(list(labels.values()), buckets, series.total)
    if created_series:
        family.add_sample(family.name + "_created", labels, series.created)


class _State(Collector):
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
