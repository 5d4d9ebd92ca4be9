"""The auto-update vocabulary: levels, the labels that set them, minimum
ages, and the one place their values are parsed and validated.

Pure: no store, no engine. The labels API (`services.lifecycle.labels`),
the policy API and the planner all call `check_labels` / the parsers here,
so a value refused by one is refused by all, with the same message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from enum import StrEnum

from services.autoupdate.windows import MaintenanceWindows, parse_windows
from services.errors import InvalidInputError
from services.inputs import not_one_of, preview
from services.versioning.model import ChangeType

LABEL_AUTO_UPDATE = "docksmith.auto-update"
LABEL_MIN_AGE = "docksmith.min-age"
LABEL_WINDOW = "docksmith.maintenance-window"
AUTO_UPDATE_LABELS = (LABEL_AUTO_UPDATE, LABEL_MIN_AGE, LABEL_WINDOW)


class AutoUpdateLevel(StrEnum):
    """How far an unattended update may go: each level includes the ones
    before it (a `minor` policy also takes patches and digest changes)."""

    OFF = "off"
    DIGEST = "digest"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return list(AutoUpdateLevel).index(self)


class AutoUpdateLabel(StrEnum):
    """The docksmith.auto-update label as a typed label change sets it: a
    level, or POLICIES to remove the label so the container, stack or global
    policy decides (the value is the label's: "" removes it)."""

    POLICIES = ""
    OFF = "off"
    DIGEST = "digest"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"


# The change types each level accepts at most (by rank of the level needed).
_LEVEL_FOR_CHANGE = {
    ChangeType.NONE: AutoUpdateLevel.DIGEST,  # same tag, new digest
    ChangeType.BUILD: AutoUpdateLevel.PATCH,
    ChangeType.PRERELEASE: AutoUpdateLevel.PATCH,
    ChangeType.PATCH: AutoUpdateLevel.PATCH,
    ChangeType.MINOR: AutoUpdateLevel.MINOR,
    ChangeType.MAJOR: AutoUpdateLevel.MAJOR,
    ChangeType.UNKNOWN: AutoUpdateLevel.MAJOR,
}


def level_needed(change: ChangeType | None, same_tag: bool) -> AutoUpdateLevel:
    """The lowest level that allows a change. A tag that stays the same and
    moves its digest needs `digest`, unless the versions it resolves to say
    more (`latest` moving from 1.x to 2.x needs `major`); a new tag whose
    change is unknown needs `major`."""
    kind = change or ChangeType.UNKNOWN
    if same_tag and kind in (ChangeType.NONE, ChangeType.UNKNOWN):
        return AutoUpdateLevel.DIGEST
    return _LEVEL_FOR_CHANGE[kind]


def parse_level(value: str, what: str = LABEL_AUTO_UPDATE) -> AutoUpdateLevel:
    try:
        return AutoUpdateLevel(value.strip().lower())
    except ValueError:
        raise not_one_of(what, AutoUpdateLevel, value) from None


_AGE_PART = re.compile(r"(\d+)(w|d|h|m|s)")
_AGE_UNITS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
AGE_FORM = "a duration such as 3d, 12h, 1w or 1d12h (units w, d, h, m, s)"
# A minimum age beyond a year is a typo, not a policy.
MAX_AGE = timedelta(days=366)


def parse_age(value: str, what: str = LABEL_MIN_AGE) -> timedelta:
    text = value.strip().lower()
    if text == "0":
        return timedelta(0)
    pos, seconds = 0, 0
    for match in _AGE_PART.finditer(text):
        if match.start() != pos:
            break
        seconds += int(match.group(1)) * _AGE_UNITS[match.group(2)]
        pos = match.end()
    if not text or pos != len(text):
        raise InvalidInputError(f"{what} must be {AGE_FORM}, not {preview(value)}")
    age = timedelta(seconds=seconds)
    if age > MAX_AGE:
        raise InvalidInputError(f"{what} must be at most 366d, not {preview(value)}")
    return age


def format_age(age: timedelta) -> str:
    """`3d`, `1d12h`, `90s` -> the shortest spelling `parse_age` reads back."""
    seconds = int(age.total_seconds())
    if seconds == 0:
        return "0"
    parts = []
    for unit in ("d", "h", "m", "s"):
        count, seconds = divmod(seconds, _AGE_UNITS[unit])
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


def label_level(labels: Mapping[str, str]) -> AutoUpdateLevel | None:
    raw = labels.get(LABEL_AUTO_UPDATE, "")
    return parse_level(raw) if raw.strip() else None


def label_age(labels: Mapping[str, str]) -> timedelta | None:
    raw = labels.get(LABEL_MIN_AGE, "")
    return parse_age(raw) if raw.strip() else None


def label_windows(labels: Mapping[str, str]) -> MaintenanceWindows | None:
    raw = labels.get(LABEL_WINDOW, "")
    return parse_windows(raw, LABEL_WINDOW) if raw.strip() else None


def check_labels(labels: Mapping[str, str]) -> None:
    """Raise InvalidInputError naming the first auto-update label whose value
    is wrong (an empty value means unset)."""
    label_level(labels)
    label_age(labels)
    label_windows(labels)
