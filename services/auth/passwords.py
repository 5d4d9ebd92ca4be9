"""Password hashing: argon2id through pwdlib (argon2-cffi underneath)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from services.errors import InvalidInputError

if TYPE_CHECKING:
    from pwdlib import PasswordHash

MIN_LENGTH = 8
MAX_LENGTH = 1024


class Passwords:
    def __init__(self) -> None:
        self._hasher: PasswordHash | None = None
        self._dummy: str | None = None
        # argon2 takes ~0.1 s of CPU and 64 MiB per hash: on the event loop
        # every sign-in stalled the whole server; in parallel threads a burst
        # of sign-ins would hold 64 MiB each. So: a thread, one at a time.
        self._one_at_a_time = asyncio.Lock()

    @property
    def _hash(self) -> PasswordHash:
        # Loaded at the first password hashed or checked: pwdlib, argon2 and
        # its C binding (cffi) are ~0.4 MB resident that a server nobody signs
        # in to with a password never needs (tests/cli/test_lazy_imports.py).
        if self._hasher is None:
            from pwdlib import PasswordHash
            from pwdlib.hashers.argon2 import Argon2Hasher

            self._hasher = PasswordHash((Argon2Hasher(),))
        return self._hasher

    def hash(self, password: str) -> str:
        if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
            raise InvalidInputError(
                f"a password needs {MIN_LENGTH} to {MAX_LENGTH} characters"
            )
        return self._hash.hash(password)

    def verify(self, password: str, password_hash: str | None) -> bool:
        if len(password) > MAX_LENGTH:
            return False
        # Compared against when the user does not exist, so a login for an
        # unknown name costs as much as one for a known name. Made at the
        # first sign-in, known name or not (so that one costs the same
        # too), not at start-up: argon2 holds 64 MiB while hashing, and a
        # server that never signs anyone in should not have that in its
        # peak memory (bench/bench_checks.py).
        from pwdlib.exceptions import UnknownHashError

        if self._dummy is None:
            self._dummy = self._hash.hash("docksmith-no-such-user")
        try:
            return self._hash.verify(password, password_hash or self._dummy) and (
                password_hash is not None
            )
        except UnknownHashError:
            return False

    async def hash_off_loop(self, password: str) -> str:
        async with self._one_at_a_time:
            return await asyncio.to_thread(self.hash, password)

    async def verify_off_loop(self, password: str, password_hash: str | None) -> bool:
        async with self._one_at_a_time:
            return await asyncio.to_thread(self.verify, password, password_hash)

    @staticmethod
    def check_hash(password_hash: str) -> None:
        """Refuse a setting that is not an argon2 hash (a plain password)."""
        if not password_hash.startswith("$argon2"):
            raise InvalidInputError(
                "ADMIN_PASSWORD_HASH must be an argon2 hash such as "
                "`docksmith user hash` prints, not a password"
            )
