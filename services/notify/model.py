"""What a notification is about, where it goes, and who wants it.

A `Notice` is one event with its subjects (the containers it names); a
`Channel` is an Apprise URL or the signed webhook with its `ChannelFilter`.
Filtering happens per channel on the subjects, so one digest of ten updates
reaches a channel that follows one stack as a digest of that stack's updates.
Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from services.frozen import frozen
from services.versioning.model import ChangeType


class NotificationEvent(StrEnum):
    UPDATES_FOUND = "updates_found"
    OPERATION_FINISHED = "operation_finished"
    CHECK_FAILING = "check_failing"
    DOCKER_UNREACHABLE = "docker_unreachable"
    # Sent by the API's test to the channels asked for, whatever they follow.
    TEST = "test"


class ChangeLevel(StrEnum):
    """The smallest change a channel wants to hear about, smallest first."""

    DIGEST = "digest"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return list(ChangeLevel).index(self)

    @classmethod
    def of(cls, change_type: ChangeType | None) -> ChangeLevel:
        """A check's change type as a level. An unknown change could be
        anything, so it counts as major: a filter never hides it."""
        if change_type is None:
            return ChangeLevel.MAJOR
        return _LEVELS.get(change_type, ChangeLevel.MAJOR)


_LEVELS = {
    ChangeType.MAJOR: ChangeLevel.MAJOR,
    ChangeType.MINOR: ChangeLevel.MINOR,
    ChangeType.PATCH: ChangeLevel.PATCH,
    ChangeType.PRERELEASE: ChangeLevel.PATCH,
    ChangeType.BUILD: ChangeLevel.DIGEST,
    ChangeType.NONE: ChangeLevel.DIGEST,
}


class Severity(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    FAILURE = "failure"


class ChannelKind(StrEnum):
    APPRISE = "apprise"
    WEBHOOK = "webhook"


class ChannelSource(StrEnum):
    """Where a channel is configured: the environment's channels are
    read-only through the API."""

    ENV = "env"
    API = "api"


class DeliveryOutcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    TIMEOUT = "timeout"
    DROPPED = "dropped"


@frozen
class Subject:
    """A container a notice is about (and, for an update, how big it is)."""

    container: str
    stack: str | None = None
    change: ChangeLevel | None = None
    current: str | None = None
    new: str | None = None


@frozen
class Notice:
    event: NotificationEvent
    severity: Severity
    summary: str
    subjects: tuple[Subject, ...] = ()
    # Event-specific facts for the webhook document and the templates.
    data: Mapping[str, Any] = field(default_factory=dict)
    at: datetime | None = None

    def only(self, subjects: tuple[Subject, ...]) -> Notice:
        return replace(self, subjects=subjects)


@frozen
class ChannelFilter:
    """Empty `events` means every event; an include list, when given, is the
    only set let through; excludes win over includes."""

    events: frozenset[NotificationEvent] = frozenset()
    min_change: ChangeLevel | None = None
    include_stacks: tuple[str, ...] = ()
    exclude_stacks: tuple[str, ...] = ()
    include_containers: tuple[str, ...] = ()
    exclude_containers: tuple[str, ...] = ()

    def wants(self, subject: Subject) -> bool:
        if subject.container in self.exclude_containers:
            return False
        if subject.stack is not None and subject.stack in self.exclude_stacks:
            return False
        if (
            self.min_change is not None
            and subject.change is not None
            and subject.change.rank < self.min_change.rank
        ):
            return False
        if not (self.include_stacks or self.include_containers):
            return True
        return subject.container in self.include_containers or (
            subject.stack is not None and subject.stack in self.include_stacks
        )

    def select(self, notice: Notice) -> Notice | None:
        """The part of `notice` this channel wants, or None."""
        if self.events and notice.event not in self.events:
            return None
        if not notice.subjects:
            return notice
        kept = tuple(s for s in notice.subjects if self.wants(s))
        return notice.only(kept) if kept else None


@frozen
class Templates:
    """Optional `string.Template` overrides; None keeps the default."""

    title: str | None = None
    body: str | None = None


@frozen
class Channel:
    id: str
    name: str
    url: str = field(repr=False)  # a secret: shown only through `masked_url`
    kind: ChannelKind = ChannelKind.APPRISE
    source: ChannelSource = ChannelSource.API
    filter: ChannelFilter = field(default_factory=ChannelFilter)
    templates: Templates = field(default_factory=Templates)
    created_at: datetime | None = None

    @property
    def masked_url(self) -> str:
        return mask_after_scheme(self.url)


@frozen
class DeliveryStatus:
    """The last delivery attempt of one channel."""

    outcome: DeliveryOutcome
    at: datetime
    event: NotificationEvent
    error: str | None = None


def mask_after_scheme(url: str) -> str:
    """`discord://********`: tokens of notification services live anywhere
    in the URL (user, host, path or query), so only the scheme is shown."""
    scheme, sep, _ = url.partition("://")
    return f"{scheme}://********" if sep else "********"


@frozen
class ChannelInfo:
    """A channel as both edges show it: the URL masked, filters flat, and
    its last delivery."""

    id: str
    name: str
    url: str  # masked
    kind: ChannelKind
    source: ChannelSource
    events: tuple[NotificationEvent, ...]
    min_change: ChangeLevel | None
    include_stacks: tuple[str, ...]
    exclude_stacks: tuple[str, ...]
    include_containers: tuple[str, ...]
    exclude_containers: tuple[str, ...]
    title_template: str | None
    body_template: str | None
    last_delivery: DeliveryStatus | None

    @classmethod
    def of(cls, channel: Channel, status: DeliveryStatus | None) -> ChannelInfo:
        f = channel.filter
        return cls(
            id=channel.id,
            name=channel.name,
            url=channel.masked_url,
            kind=channel.kind,
            source=channel.source,
            events=tuple(sorted(f.events, key=list(NotificationEvent).index)),
            min_change=f.min_change,
            include_stacks=f.include_stacks,
            exclude_stacks=f.exclude_stacks,
            include_containers=f.include_containers,
            exclude_containers=f.exclude_containers,
            title_template=channel.templates.title,
            body_template=channel.templates.body,
            last_delivery=status,
        )
