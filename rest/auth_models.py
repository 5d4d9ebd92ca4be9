"""REST bodies and projections for signing in, tokens and tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from rest.closed import refused_as
from services.auth.modes import AuthMode
from services.auth.principal import PrincipalKind, Scope


class _Out(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )


class LoginRequest(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class SessionOut(_Out):
    user: str
    # Send it back as the X-CSRF-Token header with every change (it is also
    # in the docksmith_csrf cookie).
    csrf_token: str
    expires_at: datetime


class ViewerOut(_Out):
    authenticated: bool
    name: str | None
    kind: PrincipalKind
    scope: Scope | None
    mode: AuthMode
    password_login: bool
    oidc_login: bool


class TicketOut(_Out):
    ticket: str
    expires_at: datetime


class TokenRequest(BaseModel):
    # The name's grammar and the expiry's range are the services' rules,
    # refused in the words GraphQL's createApiToken gets.
    name: str
    scope: Annotated[Scope, refused_as(Scope, "scope")]
    expires_in_days: int | None = None


class ApiTokenOut(_Out):
    name: str
    scope: Scope
    created_by: str | None
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


class CreatedTokenOut(ApiTokenOut):
    # Shown this once; only its hash is kept.
    token: str


class UserOut(_Out):
    name: str
    # Signs in with ADMIN_PASSWORD_HASH: changed in that setting, not here.
    from_setting: bool


class PasswordRequest(BaseModel):
    # Its length is checked by the service, so REST and GraphQL refuse a
    # password with the same message.
    password: str


class UserPasswordSetOut(_Out):
    name: str
    # False: an existing user's password changed (their sessions ended).
    created: bool


class DeletedUserOut(_Out):
    name: str
    deleted: bool = True
    # The API tokens the user had made, revoked with them.
    revoked_tokens: list[str]


class RevokedTokenOut(_Out):
    name: str
    revoked: bool = True
