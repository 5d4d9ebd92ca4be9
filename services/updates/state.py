"""A container's part of an operation, persisted in the row's `batch_details`
after every step so a restart can tell how far it got."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass
class MemberState:
    container_name: str
    stack_name: str | None = None
    service: str | None = None
    kind: str = "compose"  # or "standalone"
    old_version: str | None = None
    new_version: str | None = None
    old_ref: str | None = None
    new_ref: str | None = None
    old_image_id: str | None = None
    new_image_id: str | None = None
    old_digest: str | None = None
    new_digest: str | None = None
    change_type: str | None = None
    status: str = "pending"  # in_progress, complete, failed, rolled_back, skipped
    stage: str | None = None
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

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MemberState:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True, slots=True)
class Span:
    """The slice of 0-100 progress one member reports into."""

    start: int = 0
    end: int = 100

    def at(self, fraction: float) -> int:
        return int(self.start + (self.end - self.start) * max(0.0, min(1.0, fraction)))
