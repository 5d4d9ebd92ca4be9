"""The rules a notification channel must meet, checked once for both edges
and for `NOTIFY_URLS`.

An error message never repeats the URL: it may hold a token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field
from typing import TypeVar

from services.errors import InvalidInputError
from services.frozen import frozen
from services.inputs import docker_name, not_one_of
from services.notify.model import (
    ChangeLevel,
    Channel,
    ChannelFilter,
    ChannelSource,
    NotificationEvent,
    Templates,
    mask_after_scheme,
)
from services.notify.templates import validate_templates

MAX_URL = 2048
MAX_NAME = 64
_NAME = re.compile(r"^[\w .@:/-]+$")


@frozen
class ChannelSpec:
    """A channel as a person asks for it (before it has an id)."""

    name: str
    url: str = field(repr=False)
    events: tuple[NotificationEvent, ...] = ()
    min_change: ChangeLevel | None = None
    include_stacks: tuple[str, ...] = ()
    exclude_stacks: tuple[str, ...] = ()
    include_containers: tuple[str, ...] = ()
    exclude_containers: tuple[str, ...] = ()
    title_template: str | None = None
    body_template: str | None = None

    def channel(self, channel_id: str) -> Channel:
        return Channel(
            id=channel_id,
            name=self.name,
            url=self.url,
            source=ChannelSource.API,
            filter=ChannelFilter(
                events=frozenset(self.events),
                min_change=self.min_change,
                include_stacks=self.include_stacks,
                exclude_stacks=self.exclude_stacks,
                include_containers=self.include_containers,
                exclude_containers=self.exclude_containers,
            ),
            templates=Templates(title=self.title_template, body=self.body_template),
        )


def validate_channel(spec: ChannelSpec) -> ChannelSpec:
    name = spec.name.strip()
    if not name:
        raise InvalidInputError("name must not be empty")
    if len(name) > MAX_NAME or not _NAME.match(name):
        raise InvalidInputError(
            f"name must be at most {MAX_NAME} letters, digits, spaces or . @ : / -"
        )
    url = validate_apprise_url(spec.url)
    validate_templates(Templates(spec.title_template, spec.body_template))
    return ChannelSpec(
        name=name,
        url=url,
        events=tuple(dict.fromkeys(spec.events)),
        min_change=spec.min_change,
        include_stacks=_names(spec.include_stacks, "includeStacks"),
        exclude_stacks=_names(spec.exclude_stacks, "excludeStacks"),
        include_containers=_names(spec.include_containers, "includeContainers"),
        exclude_containers=_names(spec.exclude_containers, "excludeContainers"),
        title_template=spec.title_template or None,
        body_template=spec.body_template or None,
    )


def parse_events(values: Iterable[str]) -> tuple[NotificationEvent, ...]:
    """Event names as either edge sends them (`updates_found`, `UPDATES_FOUND`)."""
    return tuple(_member(NotificationEvent, v, "events") for v in values)


def parse_change(value: str | None) -> ChangeLevel | None:
    return None if value is None else _member(ChangeLevel, value, "minChange")


E = TypeVar("E", NotificationEvent, ChangeLevel)


def _member(kind: type[E], value: str, label: str) -> E:
    try:
        return kind(str(value).lower())
    except ValueError:
        raise not_one_of(label, (m.value for m in kind), str(value)) from None


def validate_apprise_url(url: str) -> str:
    url = url.strip()
    if not url:
        raise InvalidInputError("url must not be empty")
    if len(url) > MAX_URL:
        raise InvalidInputError(f"url is longer than {MAX_URL} characters")
    if "://" not in url:
        raise InvalidInputError(
            "url must be an Apprise URL such as ntfy://topic or discord://id/token"
        )
    # Imported for the first channel: ~4 MB a server without one never needs.
    import apprise

    if apprise.Apprise.instantiate(url) is None:
        raise InvalidInputError(
            f"url {mask_after_scheme(url)} is not a URL Apprise can send to "
            "(unknown service or missing parts; see the Apprise wiki for its form)"
        )
    return url


def split_urls(text: str) -> list[str]:
    """`NOTIFY_URLS`: URLs separated by spaces or commas (Apprise URLs never
    contain an unescaped space; a comma inside one must be written %2C)."""
    return [part for part in re.split(r"[\s,]+", text) if part]


def _names(values: Iterable[str], label: str) -> tuple[str, ...]:
    cleaned = []
    for value in values:
        docker_name(value.strip(), label)
        cleaned.append(value.strip())
    return tuple(dict.fromkeys(cleaned))
