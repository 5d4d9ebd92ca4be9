"""What a runner of external processes tells about each child it starts.

The compose and script runners call `before` just before a child is spawned
(and add the environment it returns to the child's), `started` with its pid
right after, and `ended` once it has exited or been killed and reaped. So a
record of every child that may still be running survives the server, even
one killed between the spawn and the pid being written down
(`services.operations.processes.ProcessJournal` implements it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import Protocol

from services.frozen import frozen


@frozen
class SpawnTicket:
    record_id: int | None
    env: Mapping[str, str] = field(default_factory=dict)


class SpawnWatch(Protocol):
    async def before(
        self, argv: Sequence[str], timeout_seconds: float
    ) -> SpawnTicket: ...

    async def started(self, ticket: SpawnTicket, pid: int) -> None: ...

    async def ended(self, ticket: SpawnTicket) -> None: ...
