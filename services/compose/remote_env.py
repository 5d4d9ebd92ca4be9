"""The environment compose interpolates from on one SSH host, kept between
reads: each check run of that host reads it once (`refresh`), and every
project load until the next one reuses it (`current`).

Reading it is an SSH round trip (`env -0`, `remote_environment`); a load per
container (the rollback overview, the several loads of one update) would
otherwise pay one each. A check run is when Docksmith looks at the host
anew, so a change to the remote session is seen at the next check, as a
change to the compose files is. It must not decide anything else: what the
environment says is the remote session's business.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from services.compose.runner import remote_environment

ReadEnvironment = Callable[[Sequence[str]], Awaitable[dict[str, str]]]


class RemoteEnvironment:
    def __init__(
        self, remote: Sequence[str], *, read: ReadEnvironment = remote_environment
    ) -> None:
        self._remote = tuple(remote)
        self._read = read
        self._value: dict[str, str] | None = None
        # One read at a time: loads that start together share the one read
        # instead of each starting its own.
        self._lock = asyncio.Lock()

    async def refresh(self) -> dict[str, str]:
        """Read it anew (a check run of the host); a failure keeps nothing."""
        async with self._lock:
            self._value = None
            self._value = await self._read(self._remote)
            return dict(self._value)

    async def current(self) -> dict[str, str]:
        """The last read, or a first read when there was none."""
        async with self._lock:
            if self._value is None:
                self._value = await self._read(self._remote)
            return dict(self._value)
