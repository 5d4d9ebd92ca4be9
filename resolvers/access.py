"""The one authorisation check: each resolver declares the scope it needs.

    @requires(Scope.OPERATE)
    async def update_container(ctx: AppContext, *, container: str) -> ...:

The check runs when the resolver is called, so every edge that calls it
(REST route, GraphQL field, subscription, SSE stream, CLI) is covered by the
same line, before any work starts; `ctx.principal` is who is asking (the
edges put the request's principal there, in-process callers are `system`).
A resolver anyone may call, signed in or not, says `@public`.
tests/rest/test_access_table.py fails for a resolver with neither.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

from services.auth.audit import run_as
from services.auth.principal import Principal, Scope

F = TypeVar("F", bound=Callable[..., Any])

SCOPE_ATTRIBUTE = "__docksmith_scope__"
PUBLIC = "public"


class _HasPrincipal(Protocol):
    @property
    def principal(self) -> Principal: ...


def _principal_of(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Principal:
    ctx = kwargs["ctx"] if "ctx" in kwargs else args[0]
    return cast(_HasPrincipal, ctx).principal


def requires(scope: Scope) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        # Only a coroutine runs as its principal (a stream starts nothing;
        # a plain function returns at once).
        acts = inspect.iscoroutinefunction(fn)

        # Synchronous on purpose: the check raises at the call, before a
        # coroutine or stream exists, so an SSE route or a subscription is
        # refused before its response starts.
        def checked(*args: Any, **kwargs: Any) -> Any:
            principal = _principal_of(args, kwargs)
            principal.require(scope)
            if not acts:
                return fn(*args, **kwargs)
            return run_as(principal.audit_name, fn(*args, **kwargs))

        _copy_identity(checked, fn)
        setattr(checked, SCOPE_ATTRIBUTE, scope)
        return cast(F, checked)

    return decorate


def public(fn: F) -> F:
    """Declares a resolver open to anyone (it decides itself what to reveal)."""
    setattr(fn, SCOPE_ATTRIBUTE, PUBLIC)
    return fn


def declared_scope(fn: Callable[..., Any]) -> Scope | str | None:
    value = getattr(fn, SCOPE_ATTRIBUTE, None)
    return cast(Scope | str | None, value)


def _copy_identity(wrapper: Callable[..., Any], fn: Callable[..., Any]) -> None:
    for name in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(wrapper, name, getattr(fn, name))
    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
