"""The Docker hosts Docksmith manages (docs/hosts.md)."""

from __future__ import annotations

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.hosts.registry import HostState


@requires(Scope.READ)
async def list_hosts(ctx: AppContext) -> list[HostState]:
    return ctx.hosts.states()


@requires(Scope.READ)
async def get_host(ctx: AppContext, *, name: str) -> HostState:
    return ctx.hosts.state(name)


@requires(Scope.ADMIN)
async def add_host(ctx: AppContext, *, name: str, url: str) -> HostState:
    """Add an engine; its TLS or SSH material must already be in
    `HOSTS_DIR/<name>/`. The connection is tried at once, and the answer
    says whether it worked (a host that is down is still added)."""
    await ctx.hosts.add(name, url)
    return await ctx.hosts.test(name)


@requires(Scope.ADMIN)
async def remove_host(ctx: AppContext, *, name: str) -> None:
    await ctx.hosts.remove(name)


@requires(Scope.ADMIN)
async def test_host(ctx: AppContext, *, name: str) -> HostState:
    return await ctx.hosts.test(name)
