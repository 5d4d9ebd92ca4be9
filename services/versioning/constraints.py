"""The `docksmith.*` labels that steer version choice, parsed and validated.

Owns the label names and their meaning everywhere in the product, and turns
a container's labels into a frozen `Constraints`. Bad values raise
`InvalidInputError` naming the label: booleans that are not true/1/yes or
false/0/no, bounds that are not versions, patterns RE2 refuses. Labels this
module does not know are ignored (they belong to other features).
"""

from __future__ import annotations

from collections.abc import Mapping

from services.errors import InvalidInputError
from services.frozen import frozen
from services.versioning.model import ParsedTag
from services.versioning.regex import TagPattern, TagPatternError
from services.versioning.version_string import parse_version_string

LABEL_IGNORE = "docksmith.ignore"
LABEL_ALLOW_LATEST = "docksmith.allow-latest"
LABEL_ALLOW_PRERELEASE = "docksmith.allow-prerelease"
LABEL_PIN_MAJOR = "docksmith.version-pin-major"
LABEL_PIN_MINOR = "docksmith.version-pin-minor"
LABEL_PIN_PATCH = "docksmith.version-pin-patch"
LABEL_VERSION_MIN = "docksmith.version-min"
LABEL_VERSION_MAX = "docksmith.version-max"
LABEL_TAG_REGEX = "docksmith.tag-regex"

BOOLEAN_LABELS = (
    LABEL_IGNORE,
    LABEL_ALLOW_LATEST,
    LABEL_ALLOW_PRERELEASE,
    LABEL_PIN_MAJOR,
    LABEL_PIN_MINOR,
    LABEL_PIN_PATCH,
)
VERSION_LABELS = (
    *BOOLEAN_LABELS,
    LABEL_VERSION_MIN,
    LABEL_VERSION_MAX,
    LABEL_TAG_REGEX,
)

_TRUE = frozenset({"true", "1", "yes"})
# An empty value means "unset": the label API deletes labels set to "".
_FALSE = frozenset({"false", "0", "no", ""})


@frozen
class Constraints:
    """What the admin allows; the default allows any newer stable release."""

    ignore: bool = False
    allow_latest: bool = False
    allow_prerelease: bool = False
    pin_major: bool = False
    pin_minor: bool = False
    pin_patch: bool = False
    version_min: ParsedTag | None = None
    version_max: ParsedTag | None = None
    tag_regex: TagPattern | None = None


def parse_bool_label(name: str, value: str) -> bool:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidInputError(
        f"Label {name} has value {value!r}; use true, 1 or yes to enable it "
        "(false, 0 or no to disable it)."
    )


def _parse_bound(name: str, value: str) -> ParsedTag | None:
    if not value.strip():
        return None
    parsed = parse_version_string(value)
    if parsed is None:
        raise InvalidInputError(
            f"Label {name} has value {value!r}, which is not a version; "
            "write one like 1.2.3, v2.0 or 2024.6.0."
        )
    return parsed


def _parse_regex(value: str) -> TagPattern | None:
    # Tags never contain whitespace, so surrounding blanks are a typo.
    value = value.strip()
    if not value:
        return None
    try:
        return TagPattern(value)
    except TagPatternError as exc:
        raise InvalidInputError(
            f"Label {LABEL_TAG_REGEX} has an invalid tag regex {value!r}: {exc}. "
            "Patterns use RE2 syntax (no backreferences or lookaround) and must "
            "match the whole tag."
        ) from None


def parse_constraints(labels: Mapping[str, str]) -> Constraints:
    """Read the version labels of one container (other labels are ignored)."""
    flags = {
        name: parse_bool_label(name, labels.get(name, "")) for name in BOOLEAN_LABELS
    }
    version_min = _parse_bound(LABEL_VERSION_MIN, labels.get(LABEL_VERSION_MIN, ""))
    version_max = _parse_bound(LABEL_VERSION_MAX, labels.get(LABEL_VERSION_MAX, ""))
    if (
        version_min
        and version_max
        and version_min.scheme is version_max.scheme
        and version_min.key > version_max.key
    ):
        raise InvalidInputError(
            f"Label {LABEL_VERSION_MIN} ({version_min.tag}) is above "
            f"{LABEL_VERSION_MAX} ({version_max.tag}); no tag could satisfy both."
        )
    return Constraints(
        ignore=flags[LABEL_IGNORE],
        allow_latest=flags[LABEL_ALLOW_LATEST],
        allow_prerelease=flags[LABEL_ALLOW_PRERELEASE],
        pin_major=flags[LABEL_PIN_MAJOR],
        pin_minor=flags[LABEL_PIN_MINOR],
        pin_patch=flags[LABEL_PIN_PATCH],
        version_min=version_min,
        version_max=version_max,
        tag_regex=_parse_regex(labels.get(LABEL_TAG_REGEX, "")),
    )
