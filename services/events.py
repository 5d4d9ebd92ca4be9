"""The in-process event bus that feeds SSE and GraphQL subscriptions.

Producers (checker, update orchestrator, restarts) publish typed `Event`s
and never format wire messages. `publish` never blocks: every subscriber has
a bounded queue, and a subscriber that falls behind loses events (counted and
reported by a rate-limited `system.events_dropped` event) instead of slowing
the producer or the other subscribers.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import AsyncIterator, Collection, Mapping
from contextlib import asynccontextmanager
from dataclasses import field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from services.frozen import frozen

log = logging.getLogger(__name__)


class EventKind(StrEnum):
    UPDATE_PROGRESS = "update.progress"
    CONTAINER_UPDATED = "container.updated"
    CHECK_PROGRESS = "check.progress"
    RESTART_PROGRESS = "restart.progress"
    CONTAINER_STOPPED = "container.stopped"
    CONTAINER_REMOVED = "container.removed"
    EVENTS_DROPPED = "system.events_dropped"
    # A Docker host went down or came back (services/hosts).
    HOST_STATUS = "host.status"


@frozen
class Event:
    kind: EventKind
    payload: Mapping[str, Any]
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    sequence: int = 0


class _Closed:
    """Sentinel that ends a subscription when the bus closes."""


_CLOSED = _Closed()


class Subscription:
    def __init__(self, kinds: frozenset[EventKind] | None, size: int) -> None:
        self.kinds = kinds
        self.queue: asyncio.Queue[Event | _Closed] = asyncio.Queue(maxsize=size)
        self.dropped = 0

    def close(self) -> None:
        """End this stream (its reader sees the end after what is queued)."""
        while self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(_CLOSED)

    def wants(self, event: Event) -> bool:
        return self.kinds is None or event.kind in self.kinds

    def __aiter__(self) -> AsyncIterator[Event]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Event]:
        while True:
            item = await self.queue.get()
            if isinstance(item, _Closed):
                return
            yield item


class EventBus:
    def __init__(
        self, *, queue_size: int = 100, drop_report_interval: float = 10.0
    ) -> None:
        self._queue_size = queue_size
        self._drop_report_interval = drop_report_interval
        self._subscribers: set[Subscription] = set()
        self._sequence = itertools.count(1)
        self._closed = False
        self._dropped_since_report = 0
        self._last_drop_report = float("-inf")
        self.total_dropped = 0

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    @property
    def closed(self) -> bool:
        return self._closed

    def publish(self, kind: EventKind, payload: Mapping[str, Any]) -> Event:
        event = Event(kind=kind, payload=dict(payload), sequence=next(self._sequence))
        if self._closed:
            return event
        dropped = 0
        for sub in list(self._subscribers):
            if not sub.wants(event):
                continue
            try:
                sub.queue.put_nowait(event)
            except asyncio.QueueFull:
                sub.dropped += 1
                dropped += 1
        if dropped:
            self._note_dropped(dropped)
        return event

    def _note_dropped(self, count: int) -> None:
        self.total_dropped += count
        self._dropped_since_report += count
        now = time.monotonic()
        # Reporting every drop would itself flood the slow subscriber; once per
        # interval is enough for a UI to say "you missed some updates".
        if now - self._last_drop_report < self._drop_report_interval:
            return
        self._last_drop_report = now
        report = Event(
            kind=EventKind.EVENTS_DROPPED,
            payload={
                "dropped_count": self._dropped_since_report,
                "total_dropped": self.total_dropped,
                "message": f"{self._dropped_since_report} events dropped for slow subscribers",
            },
            sequence=next(self._sequence),
        )
        self._dropped_since_report = 0
        log.warning("%s", report.payload["message"])
        for sub in list(self._subscribers):
            if sub.wants(report):
                try:
                    sub.queue.put_nowait(report)
                except asyncio.QueueFull:
                    sub.dropped += 1

    @asynccontextmanager
    async def subscribe(
        self, kinds: Collection[EventKind] | None = None
    ) -> AsyncIterator[Subscription]:
        sub = Subscription(frozenset(kinds) if kinds else None, self._queue_size)
        if self._closed:
            sub.close()
        else:
            self._subscribers.add(sub)
        try:
            yield sub
        finally:
            self._subscribers.discard(sub)

    def close(self) -> None:
        """End every open stream so SSE and WebSocket clients never block shutdown."""
        self._closed = True
        for sub in list(self._subscribers):
            sub.close()
