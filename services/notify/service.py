"""Notifications: the channels (environment, store, webhook), the events the
rest of Docksmith reports, and their way to the dispatcher.

The reporting methods (`check_finished`, `operation_finished`,
`engine_changed`) are synchronous and only queue: the checker and the
update engine call them at the end of their work and never wait on a
channel. A bounded inbox turns reports into notices in order (the digest
needs the store), then the dispatcher fans them out.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from services.checks.service import CheckRun
from services.config import Settings
from services.errors import (
    ConflictError,
    DocksmithError,
    InvalidInputError,
    NotFoundError,
)
from services.frozen import frozen
from services.inputs import plain_text
from services.notify.channels import (
    ChannelSpec,
    split_urls,
    validate_apprise_url,
    validate_channel,
)
from services.notify.delivery import Dispatcher, OnDelivery, ignore_delivery
from services.notify.model import (
    Channel,
    ChannelFilter,
    ChannelInfo,
    ChannelKind,
    ChannelSource,
    DeliveryStatus,
    Notice,
    NotificationEvent,
    Severity,
    Templates,
)
from services.notify.notices import (
    RegistryFailures,
    docker_notice,
    load_announced,
    operation_notice,
    updates_digest,
)
from services.notify.senders import LOGGERS, AppriseSender, Sender, log_filter
from services.notify.webhook import WebhookSender
from services.store.channels import ChannelRepository
from services.store.records import NotificationChannelRecord, OperationRecord
from services.store.repositories import SettingsRepository

log = logging.getLogger(__name__)
KEY_ANNOUNCED = "notify.announced"
WEBHOOK_ID = "webhook"
_INBOX = 1000
_SEND_THREADS = 4


@frozen
class NotifyConfig:
    urls: tuple[str, ...] = ()
    webhook_url: str | None = None
    webhook_secret: str | None = None
    timeout: float = 10.0
    check_failures: int = 3
    queue_size: int = 50
    webhook_attempts: int = 4
    webhook_backoff: float = 1.0

    @classmethod
    def from_settings(cls, settings: Settings) -> NotifyConfig:
        def secret(value: object) -> str | None:
            reveal = getattr(value, "get_secret_value", None)
            return reveal() if reveal else None

        return cls(
            urls=tuple(split_urls(secret(settings.notify_urls) or "")),
            webhook_url=secret(settings.notify_webhook_url),
            webhook_secret=secret(settings.notify_webhook_secret),
            timeout=settings.notify_timeout.total_seconds(),
            check_failures=settings.notify_check_failures,
        )


@frozen
class ChannelView:
    channel: Channel
    status: DeliveryStatus | None

    @property
    def info(self) -> ChannelInfo:
        return ChannelInfo.of(self.channel, self.status)


Report = Callable[[], Awaitable[None]]


class NotificationService:
    def __init__(
        self,
        config: NotifyConfig,
        *,
        channels: ChannelRepository,
        settings: SettingsRepository,
        clock: Callable[[], datetime],
        on_delivery: OnDelivery = ignore_delivery,
        enabled: bool = True,
    ) -> None:
        self._config = config
        self._enabled = enabled
        self._channels = channels
        self._settings = settings
        self._clock = clock
        self._executor = ThreadPoolExecutor(
            _SEND_THREADS, thread_name_prefix="docksmith-notify"
        )
        self._dispatcher = Dispatcher(
            clock=clock, queue_size=config.queue_size, on_delivery=on_delivery
        )
        self._failures = RegistryFailures(config.check_failures)
        self._inbox: asyncio.Queue[Report] = asyncio.Queue(maxsize=_INBOX)
        self._task: asyncio.Task[None] | None = None
        self._webhook: WebhookSender | None = None
        self._log_filter = log_filter()

    # -- life ---------------------------------------------------------------

    async def start(self) -> None:
        for name in LOGGERS:
            logging.getLogger(name).addFilter(self._log_filter)
        for index, url in enumerate(self._config.urls, start=1):
            try:
                validate_apprise_url(url)
            except InvalidInputError as exc:
                log.error("NOTIFY_URLS entry %d ignored: %s", index, exc.message)
                continue
            channel = Channel(
                id=f"env-{index}",
                name=f"NOTIFY_URLS #{index}",
                url=url,
                source=ChannelSource.ENV,
            )
            self._dispatcher.add(channel, self._apprise(url))
        if self._config.webhook_url and not self._config.webhook_url.startswith(
            ("http://", "https://")
        ):
            log.error("NOTIFY_WEBHOOK_URL ignored: it must be an http(s):// URL")
        elif self._config.webhook_url:
            self._webhook = WebhookSender(
                self._config.webhook_url,
                self._config.webhook_secret,
                timeout=self._config.timeout,
                attempts=self._config.webhook_attempts,
                backoff=self._config.webhook_backoff,
            )
            channel = Channel(
                id=WEBHOOK_ID,
                name="NOTIFY_WEBHOOK_URL",
                url=self._config.webhook_url,
                kind=ChannelKind.WEBHOOK,
                source=ChannelSource.ENV,
            )
            self._dispatcher.add(channel, self._webhook)
        for record in await self._channels.all():
            channel = _from_record(record)
            self._dispatcher.add(channel, self._apprise(channel.url))
        self._task = asyncio.create_task(self._drain(), name="docksmith-notify-inbox")

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._dispatcher.close()
        if self._webhook is not None:
            await self._webhook.aclose()
        # Threads stuck on a dead service end with Apprise's own timeout.
        self._executor.shutdown(wait=False, cancel_futures=True)
        for name in LOGGERS:
            logging.getLogger(name).removeFilter(self._log_filter)

    def _apprise(self, url: str) -> Sender:
        return AppriseSender(url, executor=self._executor, timeout=self._config.timeout)

    # -- channels -------------------------------------------------------------

    def list_channels(self) -> list[ChannelView]:
        return [
            ChannelView(c, self._dispatcher.status(c.id))
            for c in self._dispatcher.channels
        ]

    def get_channel(self, channel_id: str) -> ChannelView:
        if not channel_id:
            raise InvalidInputError("id must not be empty")
        plain_text(channel_id, "id", 64)
        for view in self.list_channels():
            if view.channel.id == channel_id:
                return view
        raise NotFoundError(f"no notification channel {channel_id}")

    async def add_channel(self, spec: ChannelSpec) -> ChannelView:
        spec = validate_channel(spec)
        if any(c.name == spec.name for c in self._dispatcher.channels):
            raise ConflictError(f"a channel named {spec.name} already exists")
        record = await self._channels.create(
            f"ch_{secrets.token_hex(4)}",
            {
                "name": spec.name,
                "url": spec.url,
                "events": [str(e) for e in spec.events],
                "min_change": None if spec.min_change is None else str(spec.min_change),
                "include_stacks": list(spec.include_stacks),
                "exclude_stacks": list(spec.exclude_stacks),
                "include_containers": list(spec.include_containers),
                "exclude_containers": list(spec.exclude_containers),
                "title_template": spec.title_template,
                "body_template": spec.body_template,
            },
        )
        channel = _from_record(record)
        self._dispatcher.add(channel, self._apprise(channel.url))
        log.info("notification channel %s added (%s)", channel.name, channel.masked_url)
        return ChannelView(channel, None)

    async def remove_channel(self, channel_id: str) -> Channel:
        view = self.get_channel(channel_id)
        if view.channel.source is ChannelSource.ENV:
            raise ConflictError(
                f"channel {view.channel.name} comes from the environment; "
                "remove it there and restart"
            )
        await self._channels.delete(channel_id)
        await self._dispatcher.remove(channel_id)
        log.info("notification channel %s removed", view.channel.name)
        return view.channel

    async def test(self, channel_id: str | None = None) -> list[ChannelView]:
        """Send a test notice now (to one channel or all) and wait for it."""
        views = (
            self.list_channels()
            if channel_id is None
            else [self.get_channel(channel_id)]
        )
        notice = Notice(
            NotificationEvent.TEST,
            Severity.INFO,
            "test notification: this channel works",
            at=self._clock(),
        )
        results = await asyncio.gather(
            *(self._dispatcher.deliver(v.channel, notice) for v in views)
        )
        return [ChannelView(v.channel, s) for v, s in zip(views, results, strict=True)]

    # -- reports (synchronous: they only queue) --------------------------------

    def check_finished(self, run: CheckRun) -> None:
        self._report(lambda: self._on_check(run))

    def operation_finished(self, record: OperationRecord) -> None:
        self._report(lambda: self._on_operation(record))

    def engine_changed(self, reachable: bool) -> None:
        async def report() -> None:
            self._dispatcher.submit(docker_notice(reachable, None, self._clock()))

        self._report(report)

    def _report(self, report: Report) -> None:
        if not self._enabled:
            return
        try:
            self._inbox.put_nowait(report)
        except asyncio.QueueFull:
            log.warning("notification inbox full; an event was not announced")

    async def _drain(self) -> None:
        while True:
            report = await self._inbox.get()
            try:
                await report()
            except asyncio.CancelledError:
                raise
            except DocksmithError as exc:
                log.warning("notification not prepared: %s", exc.message)
            except Exception:
                log.exception("notification not prepared")

    async def _on_check(self, run: CheckRun) -> None:
        announced = load_announced(await self._settings.get(KEY_ANNOUNCED))
        notice, now_announced = updates_digest(run.results, announced, run.finished_at)
        if notice is not None:
            self._dispatcher.submit(notice)
        if now_announced != announced:
            await self._settings.set(KEY_ANNOUNCED, json.dumps(now_announced))
        for failing in self._failures.observe(run.results, run.finished_at):
            self._dispatcher.submit(failing)

    async def _on_operation(self, record: OperationRecord) -> None:
        notice = operation_notice(record, self._clock())
        if notice is not None:
            self._dispatcher.submit(notice)


def _from_record(record: NotificationChannelRecord) -> Channel:
    return Channel(
        id=record.channel_id,
        name=record.name,
        url=record.url,
        source=ChannelSource.API,
        filter=ChannelFilter(
            events=frozenset(record.events),
            min_change=record.min_change,
            include_stacks=tuple(record.include_stacks),
            exclude_stacks=tuple(record.exclude_stacks),
            include_containers=tuple(record.include_containers),
            exclude_containers=tuple(record.exclude_containers),
        ),
        templates=Templates(title=record.title_template, body=record.body_template),
        created_at=record.created_at,
    )
