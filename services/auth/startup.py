"""Which authentication mode a server runs with, and whether it may start.

Docksmith holds the Docker socket, which is root on the host: a server that
anyone on the network can reach must not run without authentication unless
the admin says so in as many words (`AUTH=none`).
"""

from __future__ import annotations

import logging

from services.auth.modes import AuthMode
from services.config import Settings
from services.frozen import frozen
from services.httpguard import is_loopback_address

log = logging.getLogger("docksmith.auth")


class UnsafeListenError(Exception):
    """The server would expose the Docker socket without authentication."""


@frozen
class AuthPlan:
    mode: AuthMode
    # AUTH=none said explicitly (warned about at every start).
    explicit_none: bool

    @property
    def enabled(self) -> bool:
        return self.mode is not AuthMode.NONE


def auth_plan(settings: Settings) -> AuthPlan:
    if settings.auth is not None:
        return AuthPlan(settings.auth, explicit_none=settings.auth is AuthMode.NONE)
    if settings.admin_password_hash is not None:
        return AuthPlan(AuthMode.LOCAL, explicit_none=False)
    if settings.oidc_issuer:
        return AuthPlan(AuthMode.OIDC, explicit_none=False)
    return AuthPlan(AuthMode.NONE, explicit_none=False)


def check_startup(settings: Settings) -> AuthPlan:
    """The plan the server will run with; raises `UnsafeListenError` (before
    anything binds) when it must not start, naming the settings to use."""
    plan = auth_plan(settings)
    if (
        plan.mode is AuthMode.NONE
        and not plan.explicit_none
        and not is_loopback_address(settings.host)
    ):
        raise UnsafeListenError(
            f"refusing to listen on {settings.host} without authentication: "
            "anyone who reaches the port controls Docker (root on the host). "
            "Set ADMIN_PASSWORD_HASH (make one with `docksmith user hash`), "
            "or AUTH=local with users from `docksmith user set-password NAME`, "
            "or AUTH=proxy with TRUSTED_PROXIES, or AUTH=oidc with "
            "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET; or, if "
            "something else protects this port, AUTH=none. "
            "See docs/security.md."
        )
    if plan.mode is AuthMode.PROXY and not settings.trusted_proxies:
        raise UnsafeListenError(
            "AUTH=proxy needs TRUSTED_PROXIES: the addresses (CIDRs) of the "
            "proxy whose AUTH_PROXY_HEADER is believed"
        )
    if plan.mode is AuthMode.OIDC and not (
        settings.oidc_issuer and settings.oidc_client_id
    ):
        raise UnsafeListenError(
            "AUTH=oidc needs OIDC_ISSUER and OIDC_CLIENT_ID (and usually "
            "OIDC_CLIENT_SECRET)"
        )
    if plan.explicit_none:
        log.warning(
            "AUTH=none: authentication is off; anyone who reaches %s:%s "
            "controls Docker on this host",
            settings.host,
            settings.port,
        )
    return plan
