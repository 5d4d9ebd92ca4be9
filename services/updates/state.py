"""A container's part of an operation, persisted in the row's `batch_details`
after every step so a restart can tell how far it got."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

from services.frozen import frozen
from services.operations import OperationStatus
from services.versioning.model import ChangeType


class MemberStatus(StrEnum):
    """How far one container of an update got."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    FAILED = "failed"
    ROLLED_BACK = "rolled_back"
    SKIPPED = "skipped"

    @property
    def settled(self) -> bool:
        return self in _SETTLED


_SETTLED = frozenset(
    {
        MemberStatus.COMPLETE,
        MemberStatus.FAILED,
        MemberStatus.ROLLED_BACK,
        MemberStatus.SKIPPED,
    }
)


class MemberKind(StrEnum):
    """How the container is recreated: by compose, or by the engine swap."""

    COMPOSE = "compose"
    STANDALONE = "standalone"


@dataclass
class MemberState:
    container_name: str
    stack_name: str | None = None
    service: str | None = None
    kind: MemberKind = MemberKind.COMPOSE
    old_version: str | None = None
    new_version: str | None = None
    old_ref: str | None = None
    new_ref: str | None = None
    old_image_id: str | None = None
    new_image_id: str | None = None
    old_digest: str | None = None
    new_digest: str | None = None
    change_type: ChangeType | None = None
    status: MemberStatus = MemberStatus.PENDING
    stage: OperationStatus | None = None
    message: str | None = None
    written: dict[str, str] = field(default_factory=dict)
    # The com.docker.compose.* labels, so a container compose removed before a
    # crash can still be brought back.
    compose_labels: dict[str, str] = field(default_factory=dict)
    recreated: bool = False
    rollback_occurred: bool = False
    # Docksmith's own container: a helper container does the recreate
    # (services.updates.selfupdate).
    self_update: bool = False

    def complete(self, message: str | None) -> None:
        """Done: its stage says so too, as the operation's does. The stage
        it was at (recreating for a swap, health_check for compose) would
        read as still under way beside a complete status."""
        self.status = MemberStatus.COMPLETE
        self.stage = OperationStatus.COMPLETE
        self.message = message

    def as_dict(self) -> dict[str, Any]:
        """The row's form: the enums as their plain values, so what is saved
        (and what a JSON encoder or a reader of `batch_details` sees) is
        the same strings it always was."""
        return dataclasses.asdict(self, dict_factory=_plain)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MemberState:
        values = {k: v for k, v in data.items() if k in _FIELDS}
        for name, enum in _ENUMS.items():
            if values.get(name) is not None:
                values[name] = enum(values[name])
        return cls(**values)


def starting_over(members: Iterable[MemberState]) -> list[MemberState]:
    """A rollback's members: copies of the update's whose own status (and
    stage) start over, so a restart mid-rollback knows what is left to do
    and none shows the update's last stage as its own, queued or running."""
    return [
        dataclasses.replace(m, status=MemberStatus.PENDING, stage=None, message=None)
        for m in members
    ]


def _plain(items: list[tuple[str, Any]]) -> dict[str, Any]:
    return {k: v.value if isinstance(v, Enum) else v for k, v in items}


_FIELDS = frozenset(f.name for f in dataclasses.fields(MemberState))
# The saved values are these enums' values; a row written before they were
# enums holds the same strings, so it loads unchanged.
_ENUMS: dict[str, type[StrEnum]] = {
    "kind": MemberKind,
    "change_type": ChangeType,
    "status": MemberStatus,
    "stage": OperationStatus,
}


@frozen
class Span:
    """The slice of 0-100 progress one member reports into."""

    start: int = 0
    end: int = 100

    def at(self, fraction: float) -> int:
        return int(self.start + (self.end - self.start) * max(0.0, min(1.0, fraction)))
