"""Open streams end with the credentials they were opened with: a user's new
password or removal, a revoked API token, a signed-out or expired session.

A request is checked when it arrives; a stream (SSE, a GraphQL
subscription, the GraphQL WebSocket itself) lives on after that. Streams
watch here. A change made in this process (UI, REST, GraphQL) ends the
streams it concerns at once; a change this process cannot see (the CLI is
another process) or an expiry is found by checking the watched credentials
against the store again every `every` seconds (STREAM_RECHECK_INTERVAL),
while any stream is open.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

from services.auth.principal import Principal, PrincipalKind

log = logging.getLogger("docksmith.auth")

# Only these can lose their credentials; the others (open, system) never do.
_ENDING = frozenset({PrincipalKind.USER, PrincipalKind.TOKEN})

# What a stream ends with. Short enough for a WebSocket close reason (at
# most 123 bytes).
STREAM_ENDED = (
    "the credentials this stream was opened with ended (signed out, a new "
    "password, a removed user or a revoked token)"
)

StillValid = Callable[[Principal], Awaitable[bool]]


def can_end(principal: Principal) -> bool:
    """Whether `principal`'s credentials can end (with authentication off,
    or for Docksmith itself, they never do: nothing to watch)."""
    return principal.kind in _ENDING


def _same_credentials(a: Principal, b: Principal) -> bool:
    return (a.kind, a.name, a.credential) == (b.kind, b.name, b.credential)


class Revocations:
    def __init__(self, still_valid: StillValid, *, every: float) -> None:
        self._still_valid = still_valid
        self._every = every
        # Each open stream's event and the principal it was opened as; a
        # few dozen at most, so ending scans them all.
        self._watching: dict[asyncio.Event, Principal] = {}
        self._rechecks: asyncio.Task[None] | None = None

    @contextmanager
    def watch(self, principal: Principal) -> Iterator[asyncio.Event]:
        """An event set when `principal`'s credentials end: its user or token,
        or the browser session it signed in with."""
        ended = asyncio.Event()
        if principal.kind not in _ENDING:
            yield ended
            return
        self._watching[ended] = principal
        if self._rechecks is None:
            self._rechecks = asyncio.create_task(self._recheck_while_watched())
        try:
            yield ended
        finally:
            del self._watching[ended]
            if not self._watching and self._rechecks is not None:
                self._rechecks.cancel()
                self._rechecks = None

    async def confirm(self, principal: Principal) -> None:
        """Check `principal` against the store now (a stream just opened: its
        credentials may have ended since its request was checked, or it came
        with a ticket issued a while ago) and end it if they did."""
        if principal.kind not in _ENDING:
            return
        try:
            valid = await self._still_valid(principal)
        except Exception as exc:
            # A store that is briefly unreachable ends nobody's stream; the
            # next round checks again.
            log.warning(
                "could not check the credentials of %s's open streams: %s",
                principal.audit_name,
                exc,
            )
            return
        if not valid:
            self._end_where(lambda p: _same_credentials(p, principal))

    async def recheck(self) -> None:
        """Check every watched principal against the store once."""
        distinct: dict[tuple[str, str, str | None], Principal] = {}
        for p in list(self._watching.values()):
            distinct.setdefault((p.kind, p.name, p.credential), p)
        for principal in distinct.values():
            await self.confirm(principal)

    def end(self, kind: PrincipalKind, name: str) -> None:
        """Every stream of this user (all their sessions) or token ends."""
        self._end_where(lambda p: p.kind is kind and p.name == name)

    def end_session(self, session_hash: str) -> None:
        """The streams one browser session opened end; the user's others stay."""
        self._end_where(
            lambda p: p.kind is PrincipalKind.USER and p.credential == session_hash
        )

    def watching(self) -> int:
        """How many streams watch."""
        return len(self._watching)

    def _end_where(self, ends: Callable[[Principal], bool]) -> None:
        for ended, principal in list(self._watching.items()):
            if ends(principal):
                ended.set()

    async def _recheck_while_watched(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            await self.recheck()
