"""Signals, inside this process, that a principal's credentials ended: a
user's new password or removal, a revoked API token, a signed-out session.

A request is checked when it arrives; a stream (SSE, a GraphQL
subscription, the GraphQL WebSocket itself) lives on after that. Streams
watch here so they end with the credentials they were opened with, instead
of serving a removed user or a revoked token until the client hangs up.
Nothing is stored: a stream that starts later is refused at the door like
any request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from services.auth.principal import Principal, PrincipalKind

# Only these can lose their credentials; the others (open, system) never do.
_ENDING = frozenset({PrincipalKind.USER, PrincipalKind.TOKEN})
# A key of its own kind: a session hash never collides with a user or token name.
_SESSION = "session"

_Key = tuple[str, str]

# What a stream ends with. Short enough for a WebSocket close reason (at
# most 123 bytes).
STREAM_ENDED = (
    "the credentials this stream was opened with ended (signed out, a new "
    "password, a removed user or a revoked token)"
)


class Revocations:
    def __init__(self) -> None:
        self._watchers: dict[_Key, set[asyncio.Event]] = {}

    @contextmanager
    def watch(self, principal: Principal) -> Iterator[asyncio.Event]:
        """An event set when `principal`'s credentials end: its user or token,
        or the browser session it signed in with."""
        ended = asyncio.Event()
        keys: list[_Key] = []
        if principal.kind in _ENDING:
            keys.append((principal.kind, principal.name))
            if principal.session is not None:
                keys.append((_SESSION, principal.session))
        for key in keys:
            self._watchers.setdefault(key, set()).add(ended)
        try:
            yield ended
        finally:
            for key in keys:
                watchers = self._watchers.get(key)
                if watchers is not None:
                    watchers.discard(ended)
                    if not watchers:
                        del self._watchers[key]

    def end(self, kind: PrincipalKind, name: str) -> None:
        """Every stream of this user (all their sessions) or token ends."""
        self._set((kind, name))

    def end_session(self, session_hash: str) -> None:
        """The streams one browser session opened end; the user's others stay."""
        self._set((_SESSION, session_hash))

    def _set(self, key: _Key) -> None:
        for ended in self._watchers.get(key, ()):
            ended.set()

    def watching(self) -> int:
        """How many streams watch (each counted once)."""
        return len({id(e) for w in self._watchers.values() for e in w})
