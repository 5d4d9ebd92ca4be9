from __future__ import annotations

from collections.abc import Mapping, Sequence

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.lifecycle.label_ops import ContainerLabels
from services.lifecycle.labels import (
    BOOLEAN_FIELDS,
    STRING_FIELDS,
    LabelChange,
    LabelProblem,
    from_typed,
    merge,
    removal,
)
from services.store.records import OperationRecord

# The original's typed request fields (booleans, then strings).
TYPED_FIELDS = (*BOOLEAN_FIELDS, *STRING_FIELDS)


@requires(Scope.READ)
async def get_labels(
    ctx: AppContext, *, container: str, host: str | None = None
) -> ContainerLabels:
    return await ctx.lifecycle.get_labels(container, ctx.hosts.known(host))


@requires(Scope.OPERATE)
async def set_labels(
    ctx: AppContext,
    *,
    container: str,
    labels: Mapping[str, str] | None = None,
    typed: Mapping[str, bool | str | None] | None = None,
    no_restart: bool = False,
    force: bool = False,
    host: str | None = None,
) -> OperationRecord:
    """Set labels (the seed's map and/or the original's typed fields)."""
    change = merge(LabelChange(set=dict(labels or {})), from_typed(typed or {}))
    return await ctx.lifecycle.change_labels(
        container,
        change,
        no_restart=no_restart,
        force=force,
        host=ctx.hosts.known(host),
        by=ctx.principal,
    )


@requires(Scope.READ)
async def check_labels(
    ctx: AppContext,
    *,
    container: str,
    labels: Mapping[str, str] | None = None,
    typed: Mapping[str, bool | str | None] | None = None,
    host: str | None = None,
) -> list[LabelProblem]:
    """What `set_labels` with the same arguments would refuse (nothing changes)."""
    change = merge(LabelChange(set=dict(labels or {})), from_typed(typed or {}))
    return await ctx.lifecycle.check_labels(
        container, change, ctx.hosts.known(host), by=ctx.principal
    )


@requires(Scope.OPERATE)
async def remove_labels(
    ctx: AppContext,
    *,
    container: str,
    labels: Sequence[str],
    no_restart: bool = False,
    force: bool = False,
    host: str | None = None,
) -> OperationRecord:
    return await ctx.lifecycle.change_labels(
        container,
        removal(labels),
        no_restart=no_restart,
        force=force,
        host=ctx.hosts.known(host),
        by=ctx.principal,
    )
