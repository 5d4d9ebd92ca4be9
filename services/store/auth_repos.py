"""Repositories for authentication: API tokens, local users, login sessions.

Only hashes are stored and compared here; the services in services/auth/
make and check the secrets.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from services.auth.modes import LoginMethod
from services.auth.principal import Scope
from services.errors import ConflictError, NotFoundError
from services.store.database import in_store
from services.store.models import ApiToken, LocalUser, LoginSession
from services.store.records import (
    ApiTokenRecord,
    LocalUserRecord,
    LoginSessionRecord,
)
from services.store.repositories import _Repository


class TokenRepository(_Repository):
    @in_store
    async def create(
        self,
        *,
        name: str,
        scope: Scope,
        token_hash: str,
        created_by: str | None,
        expires_at: datetime | None,
    ) -> ApiTokenRecord:
        try:
            row = await ApiToken.create(
                name=name,
                scope=scope.value,
                token_hash=token_hash,
                created_by=created_by,
                expires_at=expires_at,
            )
        except IntegrityError:
            raise ConflictError(f"a token named {name!r} already exists") from None
        return self._record(row, ApiTokenRecord)

    @in_store
    async def all(self) -> list[ApiTokenRecord]:
        rows = await ApiToken.all().order_by("name")
        return self._records(rows, ApiTokenRecord)

    @in_store
    async def by_hash(self, token_hash: str) -> ApiTokenRecord | None:
        row = await ApiToken.get_or_none(token_hash=token_hash)
        return self._record(row, ApiTokenRecord) if row else None

    @in_store
    async def touch(self, token_id: int, at: datetime) -> None:
        await ApiToken.filter(id=token_id).update(last_used_at=at)

    @in_store
    async def delete(self, name: str) -> None:
        if not await ApiToken.filter(name=name).delete():
            raise NotFoundError(f"no API token named {name!r}")


class UserRepository(_Repository):
    @in_store
    async def set_password_hash(self, name: str, password_hash: str) -> bool:
        """Store the hash; True when the user is new."""
        _, created = await LocalUser.update_or_create(
            defaults={"password_hash": password_hash}, name=name
        )
        return bool(created)

    @in_store
    async def get(self, name: str) -> LocalUserRecord | None:
        row = await LocalUser.get_or_none(name=name)
        return self._record(row, LocalUserRecord) if row else None

    @in_store
    async def names(self) -> list[str]:
        return [u.name for u in await LocalUser.all().order_by("name")]

    @in_store
    async def delete(self, name: str) -> None:
        if not await LocalUser.filter(name=name).delete():
            raise NotFoundError(f"no local user named {name!r}")

    @in_store
    async def remove_with_credentials(self, name: str) -> list[str]:
        """Delete the user, their sessions and the API tokens they made, all
        or nothing; the names of those tokens."""
        async with in_transaction() as conn:
            row = await LocalUser.filter(name=name).using_db(conn).first()
            if row is None:
                raise NotFoundError(f"no local user named {name!r}")
            tokens = ApiToken.filter(created_by=name).using_db(conn)
            revoked = sorted(await tokens.values_list("name", flat=True))
            await tokens.delete()
            await LoginSession.filter(user_name=name).using_db(conn).delete()
            await row.delete(using_db=conn)
        return [str(n) for n in revoked]


class SessionRepository(_Repository):
    @in_store
    async def create(
        self,
        *,
        session_hash: str,
        csrf_hash: str,
        user_name: str,
        method: LoginMethod,
        expires_at: datetime,
    ) -> None:
        await LoginSession.create(
            session_hash=session_hash,
            csrf_hash=csrf_hash,
            user_name=user_name,
            method=method,
            expires_at=expires_at,
        )

    @in_store
    async def get(self, session_hash: str) -> LoginSessionRecord | None:
        row = await LoginSession.get_or_none(session_hash=session_hash)
        return self._record(row, LoginSessionRecord) if row else None

    @in_store
    async def delete(self, session_hash: str) -> None:
        await LoginSession.filter(session_hash=session_hash).delete()

    @in_store
    async def delete_user(self, user_name: str) -> None:
        await LoginSession.filter(user_name=user_name).delete()

    @in_store
    async def purge_expired(self, now: datetime | None = None) -> None:
        await LoginSession.filter(expires_at__lt=now or datetime.now(UTC)).delete()
