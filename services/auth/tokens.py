"""API tokens: made, listed, revoked, and recognised in a request."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from services.auth.principal import Principal, PrincipalKind, Scope
from services.auth.revocations import Revocations
from services.auth.secrets import TOKEN_PREFIX, digest, new_secret
from services.errors import InvalidInputError
from services.frozen import frozen
from services.inputs import not_one_of
from services.store.auth_repos import TokenRepository
from services.store.records import ApiTokenRecord

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# A token's last use is written at most this often (not on every request).
_TOUCH_EVERY = timedelta(minutes=1)
MAX_LIFETIME = timedelta(days=3650)


@frozen
class CreatedToken:
    record: ApiTokenRecord
    # The token itself: shown once, never stored.
    secret: str


def parse_scope(value: Scope | str) -> Scope:
    try:
        return Scope(value)
    except ValueError:
        raise not_one_of("scope", Scope, str(value)) from None


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise InvalidInputError(
            "a token name is 1-64 letters, digits, dots, dashes or underscores, "
            "starting with a letter or digit"
        )
    return name


class TokenService:
    def __init__(
        self,
        repo: TokenRepository,
        clock: Callable[[], datetime],
        revocations: Revocations,
    ) -> None:
        self.repo = repo
        self.clock = clock
        self.revocations = revocations

    async def create(
        self,
        *,
        name: str,
        scope: Scope | str,
        expires_in: timedelta | None = None,
        created_by: str | None = None,
    ) -> CreatedToken:
        check_name(name)
        kind = parse_scope(scope)
        if expires_in is not None and not (timedelta(0) < expires_in <= MAX_LIFETIME):
            raise InvalidInputError("expiry must be between 1 second and 10 years")
        secret = new_secret(TOKEN_PREFIX)
        record = await self.repo.create(
            name=name,
            scope=kind,
            token_hash=digest(secret),
            created_by=created_by,
            expires_at=self.clock() + expires_in if expires_in else None,
        )
        return CreatedToken(record=record, secret=secret)

    async def list(self) -> list[ApiTokenRecord]:
        return await self.repo.all()

    async def revoke(self, name: str) -> None:
        await self.repo.delete(check_name(name))
        self.revocations.end(PrincipalKind.TOKEN, name)

    async def principal(self, secret: str) -> Principal | None:
        """The token's principal, or None for an unknown or expired token."""
        hashed = digest(secret)
        record = await self._valid(hashed)
        if record is None:
            return None
        now = self.clock()
        if record.last_used_at is None or now - record.last_used_at > _TOUCH_EVERY:
            await self.repo.touch(record.id, now)
        return Principal.token(record.name, Scope(record.scope), hashed=hashed)

    async def still_valid(self, principal: Principal) -> bool:
        """Whether the token `principal` signed in with still works (not
        revoked, not expired, by this process or another)."""
        if principal.credential is None:
            return False
        record = await self._valid(principal.credential)
        return record is not None and record.name == principal.name

    async def _valid(self, hashed: str) -> ApiTokenRecord | None:
        record = await self.repo.by_hash(hashed)
        if record is None:
            return None
        if record.expires_at is not None and record.expires_at <= self.clock():
            return None
        return record
