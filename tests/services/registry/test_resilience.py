from __future__ import annotations

import pytest

from services.registry.errors import (
    RegistryCircuitOpenError,
    RegistryNotFoundError,
    RegistryRateLimitExceededError,
    RegistryUnreachableError,
)
from services.registry.resilience import (
    BreakerPolicy,
    BreakerState,
    CircuitBreaker,
    HostGuard,
    RetryableError,
    RetryPolicy,
)


class Ticker:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def _guard(sleeps, clock=None, attempts=3, threshold=2) -> HostGuard:
    kwargs = {"clock": clock} if clock else {}
    return HostGuard(
        "r.example",
        concurrency=2,
        retry=RetryPolicy(
            attempts=attempts, base_delay=0.1, max_delay=1, max_retry_after=5
        ),
        breaker=BreakerPolicy(failure_threshold=threshold, reset_after=30),
        sleep=sleeps,
        **kwargs,
    )


def _unreachable() -> RetryableError:
    return RetryableError(RegistryUnreachableError("r.example", "connection reset"))


async def test_retries_transport_failures_with_backoff(sleeps):
    guard = _guard(sleeps)
    outcomes: list[object] = [_unreachable(), _unreachable(), "ok"]

    async def attempt():
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert await guard.call(attempt) == "ok"
    assert sleeps.waits == [0.1, 0.2]


async def test_retry_after_is_honoured_and_too_long_is_not_waited(sleeps):
    guard = _guard(sleeps)
    limited = RegistryRateLimitExceededError("r.example", "slow down", retry_after=3)
    outcomes: list[object] = [RetryableError(limited, 3.0), "ok"]

    async def attempt():
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert await guard.call(attempt) == "ok"
    assert sleeps.waits == [3.0]

    async def hour_long():
        raise RetryableError(limited, 3600.0)

    with pytest.raises(RegistryRateLimitExceededError):
        await guard.call(hour_long)
    assert sleeps.waits == [3.0]
    assert guard.breaker.state is BreakerState.CLOSED


async def test_gives_up_with_the_typed_error_and_opens_the_breaker(sleeps):
    clock = Ticker()
    guard = _guard(sleeps, clock=clock, threshold=2)
    calls = 0

    async def dead():
        nonlocal calls
        calls += 1
        raise _unreachable()

    for _ in range(2):
        with pytest.raises(RegistryUnreachableError, match=r"r\.example"):
            await guard.call(dead)
    assert calls == 6
    with pytest.raises(RegistryCircuitOpenError, match="circuit breaker is open"):
        await guard.call(dead)
    assert calls == 6  # failed fast


async def test_not_found_does_not_count_against_the_host(sleeps):
    guard = _guard(sleeps, threshold=1)

    async def missing():
        raise RegistryNotFoundError("r.example", "no such tag")

    for _ in range(3):
        with pytest.raises(RegistryNotFoundError):
            await guard.call(missing)
    assert guard.breaker.state is BreakerState.CLOSED
    assert sleeps.waits == []


def test_breaker_half_open_allows_one_probe():
    clock = Ticker()
    breaker = CircuitBreaker(
        "h", BreakerPolicy(failure_threshold=1, reset_after=30), clock
    )
    breaker.on_failure()
    with pytest.raises(RegistryCircuitOpenError):
        breaker.before_call()

    clock.t += 31
    breaker.before_call()  # the probe
    assert breaker.state is BreakerState.HALF_OPEN
    with pytest.raises(RegistryCircuitOpenError):
        breaker.before_call()  # others fail fast meanwhile
    breaker.on_failure()
    assert breaker.state is BreakerState.OPEN

    clock.t += 31
    breaker.before_call()
    breaker.on_success()
    assert breaker.state is BreakerState.CLOSED
    breaker.before_call()
