"""Local users: the rules for adding, re-passwording, listing and removing
them, whoever asks (the API, the UI, the CLI).

What ends with a user ends here: a new password ends every session the
user has open; removing a user ends their sessions and revokes the API
tokens they made, so nothing they could use keeps working. The user of
ADMIN_PASSWORD_HASH belongs to that setting and is changed there. This
module knows nothing of HTTP; the resolvers pass who is asking.
"""

from __future__ import annotations

import logging
import re

from services.auth.audit import AUTO
from services.auth.passwords import Passwords
from services.auth.principal import Principal, PrincipalKind
from services.auth.revocations import Revocations
from services.auth.sessions import SessionService
from services.config import Settings
from services.errors import InvalidInputError
from services.frozen import frozen
from services.store.auth_repos import UserRepository

log = logging.getLogger("docksmith.auth")

_USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
# Names history and token lists already use for someone else: a user called
# `auto` would look like Docksmith's own updates, `system` like the CLI.
RESERVED_NAMES = frozenset({AUTO, "system", "anonymous"})


def check_user_name(name: str) -> str:
    if not _USER_NAME.fullmatch(name):
        raise InvalidInputError(
            "a user name is 1-64 letters, digits, dots, dashes, underscores or @, "
            "starting with a letter or digit"
        )
    return name


@frozen
class LocalUserView:
    name: str
    # Signs in with ADMIN_PASSWORD_HASH: changed in that setting, not here.
    from_setting: bool = False


@frozen
class PasswordSet:
    name: str
    # False: an existing user's password changed and their sessions ended.
    created: bool


@frozen
class RemovedUser:
    name: str
    # The API tokens the user had made, revoked with them.
    revoked_tokens: tuple[str, ...]


class UserService:
    def __init__(
        self,
        settings: Settings,
        *,
        users: UserRepository,
        sessions: SessionService,
        passwords: Passwords,
        revocations: Revocations,
    ) -> None:
        self.settings = settings
        self.repo = users
        self.sessions = sessions
        self.passwords = passwords
        self.revocations = revocations

    def is_setting_user(self, name: str) -> bool:
        return (
            self.settings.admin_password_hash is not None
            and name == self.settings.admin_user
        )

    async def list(self) -> list[LocalUserView]:
        found = [
            LocalUserView(name, from_setting=self.is_setting_user(name))
            for name in await self.repo.names()
        ]
        if self.settings.admin_password_hash is not None and not any(
            u.from_setting for u in found
        ):
            found.append(LocalUserView(self.settings.admin_user, from_setting=True))
        return sorted(found, key=lambda u: u.name)

    async def set_password(
        self, name: str, password: str, *, by: Principal
    ) -> PasswordSet:
        """Set (or create) a local user's password. Their open sessions end,
        the asker's own included when they change their own password."""
        check_user_name(name)
        if name in RESERVED_NAMES:
            raise InvalidInputError(
                f"{name!r} is reserved (history uses it for "
                "Docksmith itself); choose another user name"
            )
        if self.is_setting_user(name):
            raise InvalidInputError(
                f"{name}'s password is ADMIN_PASSWORD_HASH; change that setting "
                "instead (`docksmith user hash` makes one)"
            )
        created = await self.repo.set_password_hash(
            name, await self.passwords.hash_off_loop(password)
        )
        # After the new hash is stored: a sign-in that checked the old
        # password re-reads it before its session counts (AuthService.login).
        await self.sessions.close_all(name)
        self.revocations.end(PrincipalKind.USER, name)
        log.info(
            "%s %s local user %s",
            by.audit_name,
            "added" if created else "set a new password for",
            name,
        )
        return PasswordSet(name=name, created=created)

    async def delete(self, name: str, *, by: Principal) -> RemovedUser:
        """Remove a local user, end their sessions and revoke their tokens.
        Nobody removes the user they are signed in as: that would end the
        session they ask from (the CLI can)."""
        check_user_name(name)
        if self.is_setting_user(name):
            raise InvalidInputError(
                f"{name} signs in with ADMIN_PASSWORD_HASH; remove that setting "
                "to remove them"
            )
        if by.kind is PrincipalKind.USER and by.name == name:
            raise InvalidInputError(
                "you cannot remove the user you are signed in as; sign in as "
                "another user, or use `docksmith user delete`"
            )
        revoked = await self.repo.remove_with_credentials(name)
        self.revocations.end(PrincipalKind.USER, name)
        for token in revoked:
            self.revocations.end(PrincipalKind.TOKEN, token)
        log.info(
            "%s removed local user %s%s",
            by.audit_name,
            name,
            f" and revoked their tokens {', '.join(revoked)}" if revoked else "",
        )
        return RemovedUser(name=name, revoked_tokens=tuple(revoked))
