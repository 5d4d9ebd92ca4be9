"""The front door of authentication: who a request is, and signing in.

The edges (rest/auth.py for HTTP and SSE, the GraphQL WebSocket's
connection_init) collect a request's credentials into `Credentials` and ask
`authenticate`; what a principal may do is decided by the scope each
resolver declares (resolvers/access.py), not here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from services.auth.modes import AuthMode, LoginMethod
from services.auth.passwords import Passwords
from services.auth.principal import SYSTEM, Principal, PrincipalKind
from services.auth.proxy import is_trusted
from services.auth.revocations import Revocations
from services.auth.sessions import CSRF_HEADER, NewSession, SessionService
from services.auth.startup import AuthPlan, auth_plan
from services.auth.throttle import LoginThrottle
from services.auth.tickets import TicketBook
from services.auth.tokens import TokenService
from services.auth.users import UserService
from services.config import Settings
from services.errors import ForbiddenError, InvalidInputError, UnauthenticatedError
from services.frozen import frozen
from services.store.auth_repos import SessionRepository, TokenRepository, UserRepository

if TYPE_CHECKING:
    # Built by the composition root only when OIDC sign-in is configured.
    from services.auth.oidc import OidcClient, OidcLogin

log = logging.getLogger("docksmith.auth")


@frozen
class Credentials:
    """What a request carried, as the edge found it."""

    peer: str | None = None
    client: str | None = None
    bearer: str | None = None
    session: str | None = None
    csrf: str | None = None
    proxy_user: str | None = None
    ticket: str | None = None
    # A state change over plain HTTP (POST, PUT, PATCH, DELETE): what a
    # cookie must not be enough for.
    unsafe: bool = False


def _utcnow() -> datetime:
    return datetime.now(UTC)


class AuthService:
    def __init__(
        self,
        settings: Settings,
        *,
        tokens: TokenRepository,
        users: UserRepository,
        sessions: SessionRepository,
        oidc: OidcClient | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        """`oidc`: the sign-in with the OIDC provider, given when the mode is
        OIDC (the composition root builds its client once and closes it)."""
        self.settings = settings
        self.plan: AuthPlan = auth_plan(settings)
        self.clock = clock
        self.passwords = Passwords()
        self.revocations = Revocations(
            self.still_valid, every=settings.stream_recheck_interval.total_seconds()
        )
        self.tokens = TokenService(tokens, clock, self.revocations)
        self.users = users
        self.sessions = SessionService(
            sessions, settings.session_ttl, clock, self.revocations
        )
        self.local_users = UserService(
            settings,
            users=users,
            sessions=self.sessions,
            passwords=self.passwords,
            revocations=self.revocations,
        )
        self.tickets = TicketBook(clock)
        self.throttle = LoginThrottle(clock)
        self._proxies = settings.trusted_proxy_networks
        self.oidc = oidc if self.plan.mode is AuthMode.OIDC else None
        if settings.admin_password_hash is not None:
            Passwords.check_hash(settings.admin_password_hash.get_secret_value())

    @property
    def enabled(self) -> bool:
        return self.plan.enabled

    async def authenticate(self, creds: Credentials) -> Principal:
        if not self.enabled:
            return Principal.open()
        if creds.proxy_user is not None and self.plan.mode is AuthMode.PROXY:
            return self._proxy_principal(creds)
        if creds.bearer is not None:
            principal = await self.tokens.principal(creds.bearer)
            if principal is None:
                raise UnauthenticatedError(
                    "the API token is unknown, revoked or expired"
                )
            return principal
        if creds.ticket is not None:
            principal = self.tickets.redeem(creds.ticket)
            # Issued up to a minute ago: its session or token may have ended.
            if principal is None or not await self.still_valid(principal):
                raise UnauthenticatedError("the ticket is unknown, used or expired")
            return principal
        if creds.session is not None:
            found = await self.sessions.find(creds.session)
            if found is not None:
                if creds.unsafe and not found.csrf_ok(creds.csrf):
                    raise ForbiddenError(
                        f"a signed-in browser must send the {CSRF_HEADER} header "
                        "with every change (the value of the docksmith_csrf cookie)"
                    )
                return found.principal
        return Principal.anonymous()

    async def still_valid(self, principal: Principal) -> bool:
        """Whether the credentials `principal` signed in with still hold, as
        the store says now (a change by the CLI, another process, included)."""
        if principal.kind is PrincipalKind.TOKEN:
            return await self.tokens.still_valid(principal)
        if principal.kind is PrincipalKind.USER and principal.credential is not None:
            return await self.sessions.still_valid(principal)
        # Open, system, or a forward-auth user: nothing stored to check.
        return True

    def _proxy_principal(self, creds: Credentials) -> Principal:
        header = self.settings.auth_proxy_header
        if not is_trusted(creds.peer, self._proxies):
            log.warning(
                "refused a %s header from %s, which is not in TRUSTED_PROXIES",
                header,
                creds.peer,
            )
            raise ForbiddenError(
                f"the {header} header is only accepted from TRUSTED_PROXIES"
            )
        name = (creds.proxy_user or "").strip()
        if not name or len(name) > 255:
            raise UnauthenticatedError(f"the proxy sent an empty {header} header")
        return Principal.user(name)

    async def login(self, *, name: str, password: str, client: str) -> NewSession:
        self.throttle.attempt(client)
        stored = await self._stored_hash(name)
        if not await self.passwords.verify_off_loop(password, stored):
            log.info("failed sign-in for %r from %s", name[:64], client)
            raise UnauthenticatedError("wrong user name or password")
        self.throttle.succeeded(client)
        opened = await self.sessions.open(name, LoginMethod.PASSWORD)
        # The password may have changed, or the user gone, while it was being
        # checked; their sessions were closed before this one existed. A
        # change from now on closes this one too (it stores, then closes).
        if await self._stored_hash(name) != stored:
            await self.sessions.close(opened.session)
            raise UnauthenticatedError("wrong user name or password")
        log.info("%s signed in from %s", name, client)
        return opened

    async def oidc_begin(self, redirect_uri: str, client: str) -> OidcLogin:
        return await self._oidc().begin(redirect_uri, client)

    async def oidc_finish(
        self,
        *,
        code: str | None,
        state: str,
        browser_state: str | None,
        error: str | None = None,
        error_description: str | None = None,
    ) -> NewSession:
        name = await self._oidc().finish(
            code=code,
            state=state,
            browser_state=browser_state,
            error=error,
            error_description=error_description,
        )
        log.info("%s signed in with OIDC", name)
        return await self.sessions.open(name, LoginMethod.OIDC)

    def _oidc(self) -> OidcClient:
        if self.oidc is None:
            raise InvalidInputError(
                "OIDC sign-in is not configured (AUTH=oidc with OIDC_ISSUER and "
                "OIDC_CLIENT_ID)"
            )
        return self.oidc

    async def _stored_hash(self, name: str) -> str | None:
        setting = self.settings.admin_password_hash
        if setting is not None and name == self.settings.admin_user:
            return setting.get_secret_value()
        user = await self.users.get(name) if len(name) <= 64 else None
        return user.password_hash if user else None

    async def set_password(self, name: str, password: str) -> bool:
        """Set a local user's password as Docksmith itself (the CLI, tests);
        True when the user is new."""
        done = await self.local_users.set_password(name, password, by=SYSTEM)
        return done.created
