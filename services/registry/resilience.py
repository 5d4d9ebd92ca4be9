"""Per-host resilience: concurrency limit, retries with backoff, circuit breaker.

Owns the policy around a single registry call: at most N requests in flight
per host, retries (via tenacity) on transport errors, timeouts, 5xx and 429 —
waiting what `Retry-After` asks, within a cap — and a per-host circuit breaker
so a dead registry fails fast instead of costing every caller a timeout.
It knows nothing about HTTP itself: the attempt function raises
`RetryableError` for failures worth another try.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
)

from services.errors import RegistryError
from services.frozen import frozen
from services.registry.errors import (
    RegistryCircuitOpenError,
    RegistryFailure,
    RegistryRateLimitExceededError,
)

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
_HOST_FAILURES = frozenset({RegistryFailure.UNREACHABLE, RegistryFailure.BAD_RESPONSE})


@frozen
class RetryPolicy:
    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    # A Retry-After longer than this is not waited for: the call fails as rate limited.
    max_retry_after: float = 30.0


@frozen
class BreakerPolicy:
    failure_threshold: int = 5
    reset_after: float = 30.0


class RetryableError(Exception):
    """One attempt failed in a way another attempt may fix; `error` if we give up."""

    def __init__(self, error: RegistryError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Opens after consecutive failures; after a cool-down lets one probe through."""

    def __init__(
        self,
        host: str,
        policy: BreakerPolicy,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.host = host
        self._policy = policy
        self._clock = clock
        self._failures = 0
        self._opened_at = 0.0
        self._probing = False
        self.state = BreakerState.CLOSED

    def before_call(self) -> None:
        if self.state is BreakerState.CLOSED:
            return
        if self.state is BreakerState.OPEN:
            if self._clock() - self._opened_at < self._policy.reset_after:
                raise self._open_error()
            self.state = BreakerState.HALF_OPEN
            self._probing = False
        if self._probing:
            raise self._open_error()
        self._probing = True

    def on_success(self) -> None:
        self._failures = 0
        self._probing = False
        self.state = BreakerState.CLOSED

    def on_failure(self) -> None:
        self._failures += 1
        self._probing = False
        if (
            self.state is BreakerState.HALF_OPEN
            or self._failures >= self._policy.failure_threshold
        ):
            self.state = BreakerState.OPEN
            self._opened_at = self._clock()

    def release(self) -> None:
        self._probing = False

    def _open_error(self) -> RegistryCircuitOpenError:
        return RegistryCircuitOpenError(
            self.host,
            "circuit breaker is open after repeated failures; "
            f"not contacting it for {self._policy.reset_after:g}s",
        )


class HostGuard:
    """The concurrency limit, retry policy and breaker for one registry host."""

    def __init__(
        self,
        host: str,
        *,
        concurrency: int,
        retry: RetryPolicy,
        breaker: BreakerPolicy,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.host = host
        self.breaker = CircuitBreaker(host, breaker, clock)
        self._semaphore = asyncio.Semaphore(concurrency)
        self._retry = retry
        self._sleep = sleep

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RetryableError) and exc.retry_after is not None:
            return exc.retry_after
        backoff = self._retry.base_delay * 2 ** (state.attempt_number - 1)
        return float(min(self._retry.max_delay, backoff))

    async def call(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run `attempt` under the breaker, retrying `RetryableError`s."""
        self.breaker.before_call()
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._retry.attempts),
            wait=self._wait,
            retry=retry_if_exception_type(RetryableError),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            async for try_state in retrying:
                with try_state:
                    result = await self._attempt(attempt)
        except RetryableError as exc:
            self._settle(exc.error)
            raise exc.error from None
        except RegistryError as exc:
            self._settle(exc)
            raise
        except BaseException:
            # Cancellation or a bug: free a half-open probe without judging the host.
            self.breaker.release()
            raise
        self.breaker.on_success()
        return result

    async def _attempt(self, attempt: Callable[[], Awaitable[T]]) -> T:
        async with self._semaphore:
            try:
                return await attempt()
            except RetryableError as exc:
                wait = exc.retry_after
                if wait is not None and wait > self._retry.max_retry_after:
                    raise exc.error from None
                raise

    def _settle(self, error: RegistryError) -> None:
        # Only "the host is not answering properly" counts against the breaker;
        # a 404, 401 or 429 shows the registry is alive.
        if isinstance(error, RegistryRateLimitExceededError):
            self.breaker.on_success()
        elif getattr(error, "failure", None) in _HOST_FAILURES:
            self.breaker.on_failure()
        else:
            self.breaker.on_success()
