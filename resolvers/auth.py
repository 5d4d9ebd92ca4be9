"""Signing in and out, who is asking, API tokens, SSE tickets."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from resolvers.access import public, requires
from resolvers.context import AppContext
from services.auth.modes import AuthMode
from services.auth.principal import PrincipalKind, Scope
from services.auth.sessions import NewSession
from services.auth.tokens import CreatedToken
from services.auth.users import LocalUserView, PasswordSet, RemovedUser
from services.errors import InvalidInputError
from services.frozen import frozen
from services.store.records import ApiTokenRecord

if TYPE_CHECKING:
    # Imported by the context only when OIDC sign-in is configured.
    from services.auth.oidc import OidcLogin


@frozen
class Viewer:
    authenticated: bool
    name: str | None
    kind: PrincipalKind
    scope: Scope | None
    # How this server signs people in: what a login page offers.
    mode: AuthMode
    password_login: bool
    oidc_login: bool


@public
async def get_viewer(ctx: AppContext) -> Viewer:
    principal = ctx.principal
    plan = ctx.auth.plan
    return Viewer(
        authenticated=principal.authenticated,
        name=principal.name if principal.authenticated else None,
        kind=principal.kind,
        scope=principal.scope,
        mode=plan.mode,
        password_login=plan.mode in (AuthMode.LOCAL, AuthMode.OIDC),
        oidc_login=plan.mode is AuthMode.OIDC,
    )


@public
async def sign_in(
    ctx: AppContext, *, name: str, password: str, client: str
) -> NewSession:
    return await ctx.auth.login(name=name, password=password, client=client)


@public
async def begin_oidc_sign_in(
    ctx: AppContext, *, redirect_uri: str, client: str
) -> OidcLogin:
    return await ctx.auth.oidc_begin(redirect_uri, client)


@public
async def finish_oidc_sign_in(
    ctx: AppContext,
    *,
    code: str | None,
    state: str,
    browser_state: str | None,
    error: str | None = None,
    error_description: str | None = None,
) -> NewSession:
    return await ctx.auth.oidc_finish(
        code=code,
        state=state,
        browser_state=browser_state,
        error=error,
        error_description=error_description,
    )


@public
async def sign_out(ctx: AppContext, *, session: str | None) -> None:
    if session:
        await ctx.auth.sessions.close(session)


@requires(Scope.READ)
async def issue_event_ticket(ctx: AppContext) -> tuple[str, datetime]:
    return ctx.auth.tickets.issue(ctx.principal)


@requires(Scope.ADMIN)
async def list_api_tokens(ctx: AppContext) -> list[ApiTokenRecord]:
    return await ctx.auth.tokens.list()


@requires(Scope.ADMIN)
async def create_api_token(
    ctx: AppContext,
    *,
    name: str,
    scope: Scope,
    expires_in_days: int | None = None,
) -> CreatedToken:
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise InvalidInputError("expires_in_days must be between 1 and 3650")
    return await ctx.auth.tokens.create(
        name=name,
        scope=scope,
        expires_in=timedelta(days=expires_in_days) if expires_in_days else None,
        created_by=ctx.principal.audit_name,
    )


@requires(Scope.ADMIN)
async def revoke_api_token(ctx: AppContext, *, name: str) -> None:
    await ctx.auth.tokens.revoke(name)


@requires(Scope.ADMIN)
async def set_user_password(
    ctx: AppContext, *, name: str, password: str
) -> PasswordSet:
    return await ctx.auth.local_users.set_password(name, password, by=ctx.principal)


@requires(Scope.ADMIN)
async def delete_user(ctx: AppContext, *, name: str) -> RemovedUser:
    return await ctx.auth.local_users.delete(name, by=ctx.principal)


@requires(Scope.ADMIN)
async def list_users(ctx: AppContext) -> list[LocalUserView]:
    return await ctx.auth.local_users.list()
