"""REST bodies and projections for signing in, tokens and tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from rest.wire import In, Out
from services.auth.modes import AuthMode
from services.auth.principal import PrincipalKind, Scope


class LoginRequest(In, kw_only=True):
    STRICT = False
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]


class SessionOut(Out, kw_only=True):
    user: str
    # Send it back as the X-CSRF-Token header with every change (it is also
    # in the docksmith_csrf cookie).
    csrf_token: str
    expires_at: datetime


class ViewerOut(Out, kw_only=True):
    authenticated: bool
    name: str | None
    kind: PrincipalKind
    scope: Scope | None
    mode: AuthMode
    password_login: bool
    oidc_login: bool


class TicketOut(Out, kw_only=True):
    ticket: str
    expires_at: datetime


class TokenRequest(In, kw_only=True):
    # The name's grammar and the expiry's range are the services' rules,
    # refused in the words GraphQL's createApiToken gets.
    STRICT = False
    CLOSED = {"scope": Scope}
    name: str
    scope: Scope
    expires_in_days: int | None = None


class ApiTokenOut(Out, kw_only=True):
    name: str
    scope: Scope
    created_by: str | None
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


class CreatedTokenOut(ApiTokenOut, kw_only=True):
    # Shown this once; only its hash is kept.
    token: str


class UserOut(Out, kw_only=True):
    name: str
    # Signs in with ADMIN_PASSWORD_HASH: changed in that setting, not here.
    from_setting: bool


class PasswordRequest(In, kw_only=True):
    STRICT = False

    # Its length is checked by the service, so REST and GraphQL refuse a
    # password with the same message.
    password: str


class UserPasswordSetOut(Out, kw_only=True):
    name: str
    # False: an existing user's password changed (their sessions ended).
    created: bool


class DeletedUserOut(Out, kw_only=True):
    name: str
    deleted: bool = True
    # The API tokens the user had made, revoked with them.
    revoked_tokens: list[str]


class RevokedTokenOut(Out, kw_only=True):
    name: str
    revoked: bool = True
