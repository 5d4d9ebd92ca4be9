"""Sending one rendered notice to one Apprise URL.

Apprise is synchronous (it blocks on each service's HTTP call), so a send
runs on the dispatcher's own small thread pool, never the event loop's
default one that the Docker adapter uses: a dead service can hold at most
those threads. Apprise's own `timeout` ends the call; the asyncio deadline
around it is the backstop should a plugin ignore it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Protocol

from services.frozen import frozen
from services.notify.model import DeliveryOutcome, Notice, Severity

if TYPE_CHECKING:
    import apprise

# Apprise's notify types by name: Apprise (~4 MB) is imported by the first
# channel, not by every server.
_NOTIFY_TYPE = {
    Severity.INFO: "INFO",
    Severity.SUCCESS: "SUCCESS",
    Severity.WARNING: "WARNING",
    Severity.FAILURE: "FAILURE",
}
_URL = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]*://)\S+")
# urllib3's DEBUG line `"POST /path HTTP/1.1"`: the path may be the token.
_REQUEST_LINE = re.compile(r'"([A-Z]+) \S+ (HTTP/[\d.]+)"')
# Loggers that see a service's URL: Apprise's and the HTTP library under it.
LOGGERS = ("apprise", "urllib3.connectionpool")
# Seconds past Apprise's own deadline before the asyncio one gives up.
_GRACE = 5.0


def mask_urls(text: str) -> str:
    """Every URL in `text` cut after its scheme (Apprise's messages name the
    endpoint, whose path may be the service's token)."""
    text = _URL.sub(lambda m: f"{m[1]}********", text)
    return _REQUEST_LINE.sub(r'"\1 ******** \2"', text)


@frozen
class SendResult:
    outcome: DeliveryOutcome
    error: str | None = None


class Sender(Protocol):
    async def send(self, notice: Notice, title: str, body: str) -> SendResult: ...


class AppriseSender:
    def __init__(self, url: str, *, executor: Executor, timeout: float) -> None:
        import apprise

        self._client = apprise.Apprise()
        self._client.add(url)
        self._executor = executor
        self._timeout = timeout

    async def send(self, notice: Notice, title: str, body: str) -> SendResult:
        import apprise

        call = functools.partial(
            self._client.notify,
            body=body,
            title=title,
            notify_type=apprise.NotifyType[_NOTIFY_TYPE[notice.severity]],
            body_format=apprise.NotifyFormat.MARKDOWN,
            timeout=self._timeout,
        )
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self._timeout + _GRACE):
                result = await loop.run_in_executor(self._executor, call)
        except TimeoutError:
            return SendResult(
                DeliveryOutcome.TIMEOUT, f"no answer within {self._timeout:g}s"
            )
        if result:
            return SendResult(DeliveryOutcome.SUCCESS)
        if result.status is apprise.AppriseResultStatus.TIMEOUT:
            return SendResult(
                DeliveryOutcome.TIMEOUT, f"no answer within {self._timeout:g}s"
            )
        return SendResult(DeliveryOutcome.FAILURE, _reason(result))


def _reason(result: apprise.AppriseResult) -> str:
    problems = [
        entry.message
        for entry in result.logs()
        if entry.level in ("WARNING", "ERROR", "CRITICAL")
    ]
    if not problems:
        return "the service refused the notification"
    return mask_urls(problems[-1])[:300]


def log_filter() -> logging.Filter:
    """A filter for `LOGGERS` that masks URLs in their records, so DEBUG
    logging never prints a service token (the Docker SDK's request lines,
    which pass through urllib3 too, lose their paths at DEBUG)."""

    class _MaskUrls(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            record.msg = mask_urls(record.getMessage())
            record.args = None
            return True

    return _MaskUrls()
