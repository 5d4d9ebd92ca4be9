from __future__ import annotations

import asyncio

from services.events import EventBus, EventKind


async def _drain(sub) -> list:
    items = []
    while not sub.queue.empty():
        items.append(sub.queue.get_nowait())
    return items


async def test_subscribers_receive_what_they_asked_for():
    bus = EventBus()
    async with (
        bus.subscribe() as everything,
        bus.subscribe([EventKind.CHECK_PROGRESS]) as checks,
    ):
        bus.publish(EventKind.UPDATE_PROGRESS, {"container": "a"})
        bus.publish(EventKind.CHECK_PROGRESS, {"percent": 50})
        assert [e.kind for e in await _drain(everything)] == [
            EventKind.UPDATE_PROGRESS,
            EventKind.CHECK_PROGRESS,
        ]
        [only] = await _drain(checks)
        assert only.payload == {"percent": 50}
    assert bus.subscriber_count == 0


async def test_sequence_numbers_increase():
    bus = EventBus()
    first = bus.publish(EventKind.UPDATE_PROGRESS, {})
    second = bus.publish(EventKind.UPDATE_PROGRESS, {})
    assert second.sequence > first.sequence


async def test_a_slow_subscriber_loses_events_without_slowing_others():
    bus = EventBus(queue_size=5, drop_report_interval=0)
    progress = [EventKind.UPDATE_PROGRESS]
    async with bus.subscribe(progress) as slow, bus.subscribe(progress) as fast:
        received = []

        async def consume():
            async for event in fast:
                received.append(event)
                if len(received) == 50:
                    return

        consumer = asyncio.create_task(consume())
        for i in range(50):
            bus.publish(EventKind.UPDATE_PROGRESS, {"i": i})  # never blocks
            await asyncio.sleep(0)
        await asyncio.wait_for(consumer, timeout=5)
        assert [e.payload["i"] for e in received] == list(range(50))
        assert slow.dropped > 0
        assert bus.total_dropped >= 45
        queued = await _drain(slow)
        assert len(queued) == 5


async def test_drops_are_reported_as_system_events_at_a_bounded_rate():
    bus = EventBus(queue_size=1, drop_report_interval=3600)
    async with (
        bus.subscribe([EventKind.UPDATE_PROGRESS]) as slow,
        bus.subscribe([EventKind.EVENTS_DROPPED]) as watcher,
    ):
        for _ in range(10):
            bus.publish(EventKind.UPDATE_PROGRESS, {})
        reports = await _drain(watcher)
    assert len(reports) == 1  # once per interval, however many were dropped
    assert reports[0].payload["dropped_count"] >= 1
    assert slow.dropped == 9


async def test_close_ends_every_stream():
    bus = EventBus(queue_size=2)
    async with bus.subscribe() as sub:
        for _ in range(5):
            bus.publish(EventKind.UPDATE_PROGRESS, {})

        async def read_all():
            return [e async for e in sub]

        reader = asyncio.create_task(read_all())
        await asyncio.sleep(0)
        bus.close()
        await asyncio.wait_for(reader, timeout=2)
    assert bus.closed
    # publishing after close is harmless and a late subscriber ends at once
    bus.publish(EventKind.UPDATE_PROGRESS, {})
    async with bus.subscribe() as late:
        assert [e async for e in late] == []
