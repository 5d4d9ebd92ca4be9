"""Testing one host from a fresh app context, as the host screen's Test does."""

from __future__ import annotations

from resolvers.context import open_app_context
from services.config import Settings
from services.hosts.registry import HostState, HostStatus


async def probed(settings: Settings, host: str) -> HostState:
    async with open_app_context(
        settings, background_checks=False, background_updates=False
    ) as ctx:
        return await ctx.hosts.test(host)


async def down_reason(settings: Settings, host: str) -> str:
    """Why `host` is down (the test fails if it is up)."""
    state = await probed(settings, host)
    assert state.status is HostStatus.DOWN, state
    return state.error or ""
