"""Browser sessions: a random id in an HttpOnly cookie, a CSRF token beside
it, both kept only as hashes; an absolute expiry (SESSION_TTL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from services.auth.modes import LoginMethod
from services.auth.principal import Principal
from services.auth.revocations import Revocations
from services.auth.secrets import digest, new_secret, same
from services.frozen import frozen
from services.store.auth_repos import SessionRepository

SESSION_COOKIE = "docksmith_session"
# Readable by the page, which echoes it in the X-CSRF-Token header: a page
# of another site can neither read it nor set the header.
CSRF_COOKIE = "docksmith_csrf"
CSRF_HEADER = "X-CSRF-Token"


@frozen
class NewSession:
    session: str
    csrf: str
    expires_at: datetime


@frozen
class SessionPrincipal:
    principal: Principal
    csrf_hash: str

    def csrf_ok(self, csrf: str | None) -> bool:
        return csrf is not None and same(digest(csrf), self.csrf_hash)


class SessionService:
    def __init__(
        self,
        repo: SessionRepository,
        ttl: timedelta,
        clock: Callable[[], datetime],
        revocations: Revocations,
    ) -> None:
        self.repo = repo
        self.ttl = ttl
        self.clock = clock
        self.revocations = revocations

    async def open(self, user: str, method: LoginMethod) -> NewSession:
        session, csrf = new_secret(), new_secret()
        expires_at = self.clock() + self.ttl
        await self.repo.purge_expired(self.clock())
        await self.repo.create(
            session_hash=digest(session),
            csrf_hash=digest(csrf),
            user_name=user,
            method=method,
            expires_at=expires_at,
        )
        return NewSession(session=session, csrf=csrf, expires_at=expires_at)

    async def find(self, session: str) -> SessionPrincipal | None:
        hashed = digest(session)
        record = await self.repo.get(hashed)
        if record is None or record.expires_at <= self.clock():
            return None
        principal = Principal.user(record.user_name, session=hashed)
        return SessionPrincipal(principal, record.csrf_hash)

    async def still_valid(self, principal: Principal) -> bool:
        """Whether the session `principal` signed in with is still open (not
        signed out or expired, by this process or another)."""
        if principal.credential is None:
            return False
        record = await self.repo.get(principal.credential)
        return (
            record is not None
            and record.expires_at > self.clock()
            and record.user_name == principal.name
        )

    async def close(self, session: str) -> None:
        """Sign out: the session ends, and so do the streams it opened."""
        hashed = digest(session)
        await self.repo.delete(hashed)
        self.revocations.end_session(hashed)

    async def close_all(self, user: str) -> None:
        await self.repo.delete_user(user)
