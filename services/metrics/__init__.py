"""Prometheus metrics, owned by the composition root (the library's
process-wide default registry is never used).

Two halves: `Metrics` holds the instruments updated as things happen (a
check run ends, an operation ends, a notification is delivered);
`StateSources` reads what Docksmith already knows (the last check's results,
the registry client's counters, the event bus) at scrape time, so nothing is
counted twice. Labels stay bounded: hosts, statuses, change types, operation
types, channel ids; the only per-container family is
`docksmith_container_update_available`.

The instruments are counted here in plain Python, the way prometheus_client
counts them, and become its metric families in `families.py` only when
`/metrics` is scraped: prometheus_client (with the http.server, wsgiref and
urllib it imports, ~1.5 MB resident) is loaded by the first scrape, not by
every server (tests/cli/test_lazy_imports.py).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from services.checks.model import CheckResult
from services.checks.service import CheckRun
from services.frozen import frozen
from services.notify.model import DeliveryOutcome
from services.operations import OperationStatus
from services.store.records import OperationRecord

__all__ = [
    "Exposition",
    "Metrics",
    "MetricsPage",
    "StateSources",
]

# A check of a few containers takes a second, of two thousand a minute.
CHECK_BUCKETS = (0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
# An update pulls an image and waits for a health check: seconds to minutes.
OPERATION_BUCKETS = (1, 5, 10, 30, 60, 120, 300, 600, 1800)


@frozen
class Exposition:
    body: bytes
    media_type: str


def operation_outcome(record: OperationRecord) -> str:
    if record.status is OperationStatus.COMPLETE:
        return "success"
    return "rolled_back" if record.rollback_occurred else "failure"


@dataclass(slots=True)
class Count:
    """A counter series: its value and when it was first counted."""

    created: float
    value: float = 0.0


@dataclass(slots=True)
class Distribution:
    """A histogram series as prometheus_client keeps one: a count per
    bucket (not cumulative; the last bucket is +Inf), the sum, and when it
    was first observed."""

    bounds: tuple[float, ...]
    created: float
    counts: list[float] = field(init=False)
    total: float = 0.0

    def __post_init__(self) -> None:
        self.bounds = (*(float(b) for b in self.bounds), math.inf)
        self.counts = [0.0] * len(self.bounds)

    def observe(self, value: float) -> None:
        self.total += value
        for i, bound in enumerate(self.bounds):
            if value <= bound:
                self.counts[i] += 1
                break


class Metrics:
    """Updated and read on the event loop only, so without locks."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self.check_duration = Distribution(CHECK_BUCKETS, clock())
        self.check_last_success = 0.0
        self.operations: dict[tuple[str, str], Count] = {}
        self.operation_duration: dict[str, Distribution] = {}
        self.deliveries: dict[tuple[str, str], Count] = {}

    def check_finished(self, run: CheckRun) -> None:
        seconds = (run.finished_at - run.started_at).total_seconds()
        self.check_duration.observe(max(0.0, seconds))
        self.check_last_success = run.finished_at.timestamp()

    def operation_finished(self, record: OperationRecord) -> None:
        key = (record.operation_type, operation_outcome(record))
        self._count(self.operations, key)
        if record.started_at and record.completed_at:
            seconds = (record.completed_at - record.started_at).total_seconds()
            kind = record.operation_type
            if kind not in self.operation_duration:
                self.operation_duration[kind] = Distribution(
                    OPERATION_BUCKETS, self._clock()
                )
            self.operation_duration[kind].observe(max(0.0, seconds))

    def delivery(self, channel_id: str, outcome: DeliveryOutcome) -> None:
        self._count(self.deliveries, (channel_id, str(outcome)))

    def _count(
        self, series: dict[tuple[str, str], Count], key: tuple[str, str]
    ) -> None:
        if key not in series:
            series[key] = Count(self._clock())
        series[key].value += 1


@frozen
class StateSources:
    """Where the scrape-time values come from (plain callables, so this
    module needs none of the services' classes)."""

    results: Callable[[], Iterable[CheckResult]]
    registry_requests: Callable[[], Mapping[tuple[str, str], int]]
    rate_limits: Callable[[], Mapping[str, Mapping[str, object]]]
    bus_dropped: Callable[[], int]
    bus_subscribers: Callable[[], int]
    engine_up: Callable[[], bool | None]


@frozen
class MetricsPage:
    """What `GET /metrics` shows: the instruments, then the state."""

    metrics: Metrics
    state: StateSources
    # Each counter's and histogram's `_created` sample (off with
    # PROMETHEUS_DISABLE_CREATED_SERIES).
    created_series: bool = True

    def render(self) -> Exposition:
        from services.metrics.families import render

        return render(self.metrics, self.state, created_series=self.created_series)
