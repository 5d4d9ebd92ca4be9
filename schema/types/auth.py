from __future__ import annotations

from datetime import datetime

import strawberry

from resolvers.auth import Viewer as ViewerDomain
from schema.types.enums import AuthMode, PrincipalKind, Scope
from services.auth.tokens import CreatedToken
from services.auth.users import LocalUserView, PasswordSet, RemovedUser
from services.store.records import ApiTokenRecord


@strawberry.type(description="Who is asking, and how this server signs people in.")
class Viewer:
    authenticated: bool = strawberry.field(description="Signed in or holding a token.")
    name: str | None = strawberry.field(description="The user's or token's name.")
    kind: PrincipalKind = strawberry.field(description="What kind of caller.")
    scope: Scope | None = strawberry.field(description="What the caller may do.")
    mode: AuthMode = strawberry.field(description="AUTH of this server.")
    password_login: bool = strawberry.field(
        description="POST /api/auth/login accepts a password."
    )
    oidc_login: bool = strawberry.field(
        description="GET /api/auth/oidc/login signs in with the OIDC provider."
    )

    @classmethod
    def from_domain(cls, viewer: ViewerDomain) -> Viewer:
        return cls(
            authenticated=viewer.authenticated,
            name=viewer.name,
            kind=viewer.kind,
            scope=viewer.scope,
            mode=viewer.mode,
            password_login=viewer.password_login,
            oidc_login=viewer.oidc_login,
        )


@strawberry.type(description="An API token (never the token itself).")
class ApiToken:
    name: str = strawberry.field(description="Unique name.")
    scope: Scope = strawberry.field(description="What the token may do.")
    created_by: str | None = strawberry.field(description="Who made it.")
    created_at: datetime = strawberry.field(description="When it was made.")
    expires_at: datetime | None = strawberry.field(
        description="When it stops working; null: never."
    )
    last_used_at: datetime | None = strawberry.field(
        description="Last use (to the minute)."
    )

    @classmethod
    def from_domain(cls, record: ApiTokenRecord) -> ApiToken:
        return cls(
            name=record.name,
            scope=record.scope,
            created_by=record.created_by,
            created_at=record.created_at,
            expires_at=record.expires_at,
            last_used_at=record.last_used_at,
        )


@strawberry.type(description="A new API token: `token` is shown this once.")
class CreatedApiToken:
    token: str = strawberry.field(description="The token; only its hash is kept.")
    api_token: ApiToken = strawberry.field(description="What was made.")

    @classmethod
    def from_domain(cls, created: CreatedToken) -> CreatedApiToken:
        return cls(token=created.secret, api_token=ApiToken.from_domain(created.record))


@strawberry.type(description="A local user (never the password or its hash).")
class LocalUser:
    name: str = strawberry.field(description="The name they sign in with.")
    from_setting: bool = strawberry.field(
        description="Signs in with ADMIN_PASSWORD_HASH: changed in that setting, "
        "not here."
    )

    @classmethod
    def from_domain(cls, user: LocalUserView) -> LocalUser:
        return cls(name=user.name, from_setting=user.from_setting)


@strawberry.type(description="A local user's password was set.")
class UserPasswordSet:
    name: str = strawberry.field(description="The user.")
    created: bool = strawberry.field(
        description="True: a new user; false: the password changed and their "
        "sessions ended."
    )

    @classmethod
    def from_domain(cls, done: PasswordSet) -> UserPasswordSet:
        return cls(name=done.name, created=done.created)


@strawberry.type(description="A removed local user: signed out, tokens revoked.")
class DeletedUser:
    name: str = strawberry.field(description="The user who can no longer sign in.")
    revoked_tokens: list[str] = strawberry.field(
        description="The API tokens they had made, revoked with them."
    )

    @classmethod
    def from_domain(cls, removed: RemovedUser) -> DeletedUser:
        return cls(name=removed.name, revoked_tokens=list(removed.revoked_tokens))


@strawberry.type(description="A revoked API token.")
class RevokedApiToken:
    name: str = strawberry.field(description="The token that no longer works.")
