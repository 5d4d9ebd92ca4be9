"""How people sign in to Docksmith (AUTH)."""

from __future__ import annotations

from enum import StrEnum


class AuthMode(StrEnum):
    # No authentication: only safe where nobody else can connect.
    NONE = "none"
    # Local users with passwords (ADMIN_PASSWORD_HASH, `docksmith user`).
    LOCAL = "local"
    # A forward-auth proxy (Authelia, Authentik, oauth2-proxy) names the user.
    PROXY = "proxy"
    # An OpenID Connect provider signs users in.
    OIDC = "oidc"


class LoginMethod(StrEnum):
    """How a browser session was signed in (stored with it, as this value)."""

    PASSWORD = "password"  # noqa: S105 (the method's name, not a secret)
    OIDC = "oidc"
