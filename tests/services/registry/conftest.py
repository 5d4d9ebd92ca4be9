from __future__ import annotations

import pytest

from services.registry.options import RegistryOptions
from services.registry.resilience import BreakerPolicy, RetryPolicy

FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, max_retry_after=2)


@pytest.fixture
def fast_options(tmp_path) -> RegistryOptions:
    """Options with tiny waits and an empty Docker config in tmp_path."""
    return RegistryOptions(
        docker_config=tmp_path / "docker" / "config.json",
        retry=FAST_RETRY,
        breaker=BreakerPolicy(failure_threshold=3, reset_after=0.5),
        timeout=5.0,
        connect_timeout=2.0,
    )


@pytest.fixture
def sleeps():
    """An injected sleep that records how long the client asked to wait."""
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    sleep.waits = waits  # type: ignore[attr-defined]
    return sleep
