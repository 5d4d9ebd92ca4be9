"""The generic outbound webhook: one signed JSON document per event.

The body is signed as sent: `X-Docksmith-Signature: sha256=<hex>` is the
HMAC-SHA256 of the raw body with `NOTIFY_WEBHOOK_SECRET`, so a receiver
verifies the bytes it got before parsing them. A transport error, a timeout,
429 or 5xx is retried with exponential backoff; any other answer is final.
This module is the webhook's HTTP adapter, the one place besides
`services/registry/` that holds an httpx client.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import UTC, datetime
from typing import Any

from services.holdback import held_back

# httpx's command line (rich, pygments) is never used here.
with held_back("pygments"):
    import httpx
from tenacity import (
    AsyncRetrying,
    RetryError,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from services.notify.model import DeliveryOutcome, Notice
from services.notify.senders import SendResult
from services.notify.templates import summary
from services.registry.tls import trusted_context

SIGNATURE_HEADER = "X-Docksmith-Signature"
EVENT_HEADER = "X-Docksmith-Event"
DELIVERY_HEADER = "X-Docksmith-Delivery"


def sign(secret: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def document(notice: Notice, title: str, body: str) -> dict[str, Any]:
    """The JSON a receiver gets (docs/notifications.md shows one)."""
    return {
        "event": str(notice.event),
        "severity": str(notice.severity),
        "title": title,
        "body": body,
        "summary": summary(notice),
        "at": (notice.at or datetime.now(UTC)).isoformat(),
        "containers": [
            {
                "container": s.container,
                "stack": s.stack,
                "change": None if s.change is None else str(s.change),
                "current": s.current,
                "new": s.new,
            }
            for s in notice.subjects
        ],
        "data": dict(notice.data),
    }


class _RetryableError(Exception):
    def __init__(self, reason: str, *, timeout: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.timeout = timeout


class WebhookSender:
    def __init__(
        self,
        url: str,
        secret: str | None,
        *,
        timeout: float,
        attempts: int = 4,
        backoff: float = 1.0,
    ) -> None:
        self._url = url
        self._secret = secret
        self._attempts = attempts
        self._backoff = backoff
        self._client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            verify=trusted_context(),
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def send(self, notice: Notice, title: str, body: str) -> SendResult:
        payload = json.dumps(document(notice, title, body)).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Docksmith",
            EVENT_HEADER: str(notice.event),
            # The same id on every retry: a receiver can drop duplicates.
            DELIVERY_HEADER: secrets.token_hex(8),
        }
        if self._secret:
            headers[SIGNATURE_HEADER] = sign(self._secret, payload)
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=self._backoff, max=60),
            retry=retry_if_exception_type(_RetryableError),
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._post(payload, headers)
        except RetryError as exc:
            last = exc.last_attempt.exception()
            assert isinstance(last, _RetryableError)  # noqa: S101 - only these retry
            outcome = (
                DeliveryOutcome.TIMEOUT if last.timeout else DeliveryOutcome.FAILURE
            )
            return SendResult(
                outcome, f"{last.reason} (after {self._attempts} attempts)"
            )
        raise AssertionError("unreachable")  # pragma: no cover

    async def _post(self, payload: bytes, headers: dict[str, str]) -> SendResult:
        try:
            response = await self._client.post(
                self._url, content=payload, headers=headers
            )
        except httpx.TimeoutException:
            raise _RetryableError(
                "the receiver did not answer in time", timeout=True
            ) from None
        except httpx.TransportError as exc:
            raise _RetryableError(
                f"cannot reach the receiver ({type(exc).__name__})"
            ) from None
        status = response.status_code
        if status == 429 or status >= 500:
            raise _RetryableError(f"the receiver answered HTTP {status}")
        if status >= 300:
            return SendResult(
                DeliveryOutcome.FAILURE, f"the receiver answered HTTP {status}"
            )
        return SendResult(DeliveryOutcome.SUCCESS)
