"""Who is asking, and how much they may do.

Scopes are ordered: `read` (queries, status, events) < `operate` (updates,
rollbacks, restarts, labels, checks) < `admin` (deletes, prunes, settings,
scripts, tokens, users). A principal holds one scope and is allowed
everything at or below it. This module decides nothing about HTTP: the edges
find the principal (services/auth/service.py), resolvers declare the scope
they need (resolvers/access.py).
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum

from services.errors import ForbiddenError, UnauthenticatedError
from services.frozen import frozen


class Scope(StrEnum):
    READ = "read"
    OPERATE = "operate"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def covers(self, needed: Scope) -> bool:
        return self.rank >= needed.rank


_RANK = {Scope.READ: 1, Scope.OPERATE: 2, Scope.ADMIN: 3}


class PrincipalKind(StrEnum):
    # Authentication is off (loopback default or AUTH=none): everyone is admin.
    OPEN = "open"
    # In-process callers (the CLI, tests that call resolvers directly).
    SYSTEM = "system"
    USER = "user"  # a password or OIDC session, or a forward-auth header
    TOKEN = "token"  # noqa: S105 - a kind, not a secret
    # Nobody: a request without valid credentials while authentication is on.
    ANONYMOUS = "anonymous"


@frozen
class Principal:
    kind: PrincipalKind
    name: str
    scope: Scope | None
    # The stored hash of the secret this principal signed in with (a browser
    # session, an API token), so an open stream can be checked again later
    # and signing out ends that session's streams and no other. Not part of
    # who it is, and kept out of reprs and logs.
    credential: str | None = field(default=None, compare=False, repr=False)

    @classmethod
    def open(cls) -> Principal:
        return cls(PrincipalKind.OPEN, "anonymous", Scope.ADMIN)

    @classmethod
    def system(cls) -> Principal:
        return cls(PrincipalKind.SYSTEM, "system", Scope.ADMIN)

    @classmethod
    def anonymous(cls) -> Principal:
        return cls(PrincipalKind.ANONYMOUS, "anonymous", None)

    @classmethod
    def user(
        cls, name: str, scope: Scope = Scope.ADMIN, *, session: str | None = None
    ) -> Principal:
        return cls(PrincipalKind.USER, name, scope, session)

    @classmethod
    def token(cls, name: str, scope: Scope, *, hashed: str | None = None) -> Principal:
        return cls(PrincipalKind.TOKEN, name, scope, hashed)

    @property
    def authenticated(self) -> bool:
        return self.scope is not None

    @property
    def audit_name(self) -> str:
        """How history shows who started an operation."""
        if self.kind is PrincipalKind.TOKEN:
            return f"token:{self.name}"
        return self.name

    def may(self, needed: Scope) -> bool:
        return self.scope is not None and self.scope.covers(needed)

    def require(self, needed: Scope) -> None:
        """Raise unless this principal may do what needs `needed`."""
        if self.scope is None:
            raise UnauthenticatedError(
                "authentication required: sign in, or send an API token as "
                "'Authorization: Bearer <token>'"
            )
        if not self.scope.covers(needed):
            raise ForbiddenError(
                f"this needs the {needed} scope; {self.audit_name} has {self.scope}"
            )


SYSTEM = Principal.system()
