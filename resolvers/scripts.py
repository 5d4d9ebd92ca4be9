from __future__ import annotations

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.scripts.catalog import ScriptCatalog, ScriptInfo, ScriptsFolder
from services.store.records import ScriptAssignmentRecord


def _catalog(ctx: AppContext) -> ScriptCatalog:
    return ScriptCatalog(ctx.settings.scripts_dir)


@requires(Scope.READ)
async def list_scripts(ctx: AppContext) -> list[ScriptInfo]:
    return _catalog(ctx).scripts()


@requires(Scope.READ)
async def scripts_folder(ctx: AppContext) -> ScriptsFolder:
    return _catalog(ctx).folder()


@requires(Scope.READ)
async def list_script_assignments(ctx: AppContext) -> list[ScriptAssignmentRecord]:
    return await ctx.repos.scripts.all()


@requires(Scope.ADMIN)
async def assign_script(
    ctx: AppContext,
    *,
    container: str,
    script: str,
    assigned_by: str | None = None,
    host: str | None = None,
) -> ScriptAssignmentRecord:
    catalog = _catalog(ctx)
    resolved = catalog.resolve(script)
    found = await ctx.engine_on(host).get_container(container)
    return await ctx.repos.scripts.assign(
        found.name,
        catalog.relative(resolved),
        assigned_by=assigned_by,
        host=ctx.hosts.known(host),
    )


@requires(Scope.ADMIN)
async def unassign_script(
    ctx: AppContext, *, container: str, host: str | None = None
) -> None:
    await ctx.repos.scripts.unassign(container, host=ctx.hosts.known(host))
