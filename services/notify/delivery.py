"""Delivering notices without ever holding up the code that raised them.

Every channel has its own bounded queue and one worker: `submit` only puts
(never waits), a slow channel delays nobody else, and a dead one fills its
own queue and then loses its newest notices (counted as `dropped`) instead
of growing memory. The last outcome of each channel is kept for the API.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from services.notify.model import (
    Channel,
    DeliveryOutcome,
    DeliveryStatus,
    Notice,
)
from services.notify.senders import Sender, SendResult
from services.notify.templates import render

log = logging.getLogger(__name__)

OnDelivery = Callable[[str, DeliveryOutcome], None]


def ignore_delivery(channel_id: str, outcome: DeliveryOutcome) -> None:
    return None


@dataclass(slots=True)
class _Lane:
    channel: Channel
    sender: Sender
    queue: asyncio.Queue[Notice]
    task: asyncio.Task[None] | None = None


class Dispatcher:
    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        queue_size: int = 50,
        on_delivery: OnDelivery = ignore_delivery,
    ) -> None:
        self._clock = clock
        self._queue_size = queue_size
        self._on_delivery = on_delivery
        self._lanes: dict[str, _Lane] = {}
        self._status: dict[str, DeliveryStatus] = {}

    @property
    def channels(self) -> list[Channel]:
        return [lane.channel for lane in self._lanes.values()]

    def status(self, channel_id: str) -> DeliveryStatus | None:
        return self._status.get(channel_id)

    def sender(self, channel_id: str) -> Sender | None:
        lane = self._lanes.get(channel_id)
        return None if lane is None else lane.sender

    def add(self, channel: Channel, sender: Sender) -> None:
        lane = _Lane(channel, sender, asyncio.Queue(maxsize=self._queue_size))
        lane.task = asyncio.create_task(
            self._work(lane), name=f"docksmith-notify-{channel.id}"
        )
        self._lanes[channel.id] = lane

    async def remove(self, channel_id: str) -> None:
        lane = self._lanes.pop(channel_id, None)
        self._status.pop(channel_id, None)
        if lane is not None:
            await _stop(lane)

    def submit(self, notice: Notice) -> None:
        """Queue `notice` for every channel that wants (part of) it."""
        for lane in list(self._lanes.values()):
            selected = lane.channel.filter.select(notice)
            if selected is None:
                continue
            try:
                lane.queue.put_nowait(selected)
            except asyncio.QueueFull:
                log.warning(
                    "notification channel %s is behind (%d queued); dropped a %s notice",
                    lane.channel.name,
                    lane.queue.qsize(),
                    notice.event,
                )
                self._record(
                    lane.channel,
                    selected,
                    SendResult(DeliveryOutcome.DROPPED, "queue full"),
                )

    async def deliver(self, channel: Channel, notice: Notice) -> DeliveryStatus:
        """Send now and wait (the API's test): same rendering, same status."""
        lane = self._lanes.get(channel.id)
        if lane is None:
            raise KeyError(channel.id)
        return await self._send(lane, notice)

    async def _work(self, lane: _Lane) -> None:
        while True:
            notice = await lane.queue.get()
            try:
                await self._send(lane, notice)
            except asyncio.CancelledError:
                raise
            except Exception:
                # A broken plugin must not end the lane for later notices.
                log.exception("notification channel %s failed", lane.channel.name)

    async def _send(self, lane: _Lane, notice: Notice) -> DeliveryStatus:
        title, body = render(notice, lane.channel.templates)
        result = await lane.sender.send(notice, title, body)
        return self._record(lane.channel, notice, result)

    def _record(
        self, channel: Channel, notice: Notice, result: SendResult
    ) -> DeliveryStatus:
        status = DeliveryStatus(
            outcome=result.outcome,
            at=self._clock(),
            event=notice.event,
            error=result.error,
        )
        self._status[channel.id] = status
        self._on_delivery(channel.id, result.outcome)
        if result.outcome is DeliveryOutcome.SUCCESS:
            log.info("notification %s sent to %s", notice.event, channel.name)
        elif result.outcome is not DeliveryOutcome.DROPPED:
            log.warning(
                "notification %s to %s failed: %s",
                notice.event,
                channel.name,
                result.error,
            )
        return status

    async def close(self) -> None:
        lanes, self._lanes = list(self._lanes.values()), {}
        for lane in lanes:
            await _stop(lane)


async def _stop(lane: _Lane) -> None:
    if lane.task is not None:
        lane.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await lane.task
