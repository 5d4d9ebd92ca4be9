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

import asyncio
import contextlib
import inspect
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import Any, Protocol, TypeVar, cast

from services.auth.audit import run_as
from services.auth.principal import Principal, Scope
from services.auth.revocations import STREAM_ENDED, Revocations, can_end
from services.errors import UnauthenticatedError

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

SCOPE_ATTRIBUTE = "__docksmith_scope__"
PUBLIC = "public"


class _HasRevocations(Protocol):
    @property
    def revocations(self) -> Revocations: ...


class _Ctx(Protocol):
    @property
    def principal(self) -> Principal: ...

    @property
    def auth(self) -> _HasRevocations: ...


def _ctx_of(args: tuple[Any, ...], kwargs: dict[str, Any]) -> _Ctx:
    return cast(_Ctx, kwargs["ctx"] if "ctx" in kwargs else args[0])


async def _while_credentials_last(
    ctx: _Ctx, source: AsyncGenerator[Any, None]
) -> AsyncIterator[Any]:
    """`source`, ended with UnauthenticatedError once the principal's
    credentials end: a stream is checked only when it opens."""
    revocations = ctx.auth.revocations
    with revocations.watch(ctx.principal) as ended:
        waiter = asyncio.ensure_future(ended.wait())
        step: asyncio.Future[Any] | None = None
        try:
            await revocations.confirm(ctx.principal)
            while True:
                step = asyncio.ensure_future(anext(source))
                await asyncio.wait({step, waiter}, return_when=asyncio.FIRST_COMPLETED)
                if not step.done():
                    raise UnauthenticatedError(STREAM_ENDED)
                try:
                    item = step.result()
                except StopAsyncIteration:
                    return
                yield item
        finally:
            waiter.cancel()
            # Ended, or cancelled (the client hung up) while waiting for the
            # next item: that wait ends before the source can be closed.
            if step is not None and not step.done():
                step.cancel()
                with contextlib.suppress(BaseException):
                    await step
            await source.aclose()


def while_credentials_last(
    ctx: _Ctx, source: AsyncGenerator[T, None]
) -> AsyncIterator[T]:
    """`source` ended with UnauthenticatedError once `ctx.principal`'s
    credentials end. `@requires` does this to every stream resolver; a
    resolver that starts something and returns its stream (a restart's
    progress) does it to that stream."""
    if not can_end(ctx.principal):
        return source
    return _while_credentials_last(ctx, source)


def requires(scope: Scope) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        # Only a coroutine runs as its principal (a stream starts nothing;
        # a plain function returns at once).
        acts = inspect.iscoroutinefunction(fn)
        streams = inspect.isasyncgenfunction(fn)

        # Synchronous on purpose: the check raises at the call, before a
        # coroutine or stream exists, so an SSE route or a subscription is
        # refused before its response starts.
        def checked(*args: Any, **kwargs: Any) -> Any:
            ctx = _ctx_of(args, kwargs)
            ctx.principal.require(scope)
            if streams:
                return while_credentials_last(ctx, fn(*args, **kwargs))
            principal = ctx.principal
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
