"""What the checker knows about a container, and what it concludes.

`ContainerFacts` is gathered from the engine and the compose files (no
registry I/O); `CheckResult` is the verdict the edges show. Field names follow
the seed's API (`name`, `stack`, `image`, `current_version`,
`latest_version`, `status`, `update_available`, `labels`) plus the rest a
person needs to act.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import datetime
from enum import StrEnum

from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.versioning.model import ChangeType


class ContainerStatus(StrEnum):
    UP_TO_DATE = "UP_TO_DATE"
    UP_TO_DATE_PINNABLE = "UP_TO_DATE_PINNABLE"
    UPDATE_AVAILABLE = "UPDATE_AVAILABLE"
    UPDATE_AVAILABLE_BLOCKED = "UPDATE_AVAILABLE_BLOCKED"
    COMPOSE_MISMATCH = "COMPOSE_MISMATCH"
    LOCAL_IMAGE = "LOCAL_IMAGE"
    IGNORED = "IGNORED"
    ERROR = "ERROR"


def updates_available_text(count: int, *, new: bool = False) -> str:
    """ "1 update available", "3 new updates available": the one wording of a
    count the CLI, a check's progress and notifications print."""
    noun = "update" if count == 1 else "updates"
    return f"{count} {'new ' if new else ''}{noun} available"


class CheckPhase(StrEnum):
    """Where a check run is; `check.progress` events carry it as `stage`."""

    DISCOVERING = "discovering"
    CHECKING = "checking"
    COMPLETE = "complete"
    FAILED = "failed"


class HistoryType(StrEnum):
    """The two kinds of history entries: a check's verdict or an update."""

    CHECK = "check"
    UPDATE = "update"


class UpdateLogAction(StrEnum):
    """What an update-history entry records: an update or a rollback."""

    UPDATE = "update"
    ROLLBACK = "rollback"


@frozen
class ComposeFacts:
    """The container's service as its compose files describe it now."""

    project: str
    service: str
    working_dir: str | None
    config_files: tuple[str, ...]
    compose_file: str | None
    image_raw: str | None
    image: str | None  # interpolated; None when unresolved or build-only
    has_build: bool
    env_var: str | None
    labels: Mapping[str, str] = field(default_factory=dict)
    depends_on: tuple[str, ...] = ()
    network_mode: str | None = None
    error: str | None = None


@frozen
class ContainerFacts:
    id: str
    name: str
    image: str
    image_id: str
    state: str
    health: str | None
    labels: Mapping[str, str]
    repo_digests: tuple[str, ...]
    image_labels: Mapping[str, str]
    compose: ComposeFacts | None = None
    host: str = DEFAULT_HOST
    # Why compose edits are not possible on this container's host (a TCP
    # engine gives no file access), or None.
    read_only_reason: str | None = None

    @property
    def stack(self) -> str | None:
        return self.labels.get("com.docker.compose.project")

    @property
    def service(self) -> str | None:
        return self.labels.get("com.docker.compose.service")


class PreUpdateSource(StrEnum):
    """Where a container's pre-update check script was named."""

    LABEL = "label"  # its docksmith.pre-update-check label
    ASSIGNMENT = "assignment"  # a script assigned to it (Scripts page, API)
    REQUEST = "request"  # the update request's own `script`


@frozen
class PreUpdateCheck:
    script: str
    passed: bool
    output: str
    source: PreUpdateSource


@frozen
class CheckResult:
    name: str
    id: str
    image: str
    status: ContainerStatus
    checked_at: datetime
    stack: str | None = None
    service: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    health: str | None = None
    state: str | None = None
    current_tag: str | None = None
    current_version: str | None = None
    current_digest: str | None = None
    latest_version: str | None = None
    latest_tag: str | None = None
    latest_digest: str | None = None
    change_type: ChangeType | None = None
    recommended_tag: str | None = None
    reason: str | None = None
    error: str | None = None
    compose_file: str | None = None
    compose_image: str | None = None
    env_controlled: bool = False
    env_var_name: str | None = None
    labels_out_of_sync: bool = False
    compose_labels: Mapping[str, str] | None = None
    dependencies: tuple[str, ...] = ()
    pre_update_check: PreUpdateCheck | None = None
    host: str = DEFAULT_HOST
    read_only_reason: str | None = None

    @property
    def update_available(self) -> bool:
        return self.status in (
            ContainerStatus.UPDATE_AVAILABLE,
            ContainerStatus.UPDATE_AVAILABLE_BLOCKED,
        )
