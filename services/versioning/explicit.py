"""Whether a version the admin names explicitly keeps the container's labels.

`choose_update` never picks a tag outside `docksmith.version-pin-*`,
`docksmith.version-min` or `docksmith.version-max`; an explicit target (an
update to `version`) is checked here against the same labels, so a typo or a
forgotten pin is refused with the label's name instead of applied silently.
The update engine calls it unless the request is forced.
"""

from __future__ import annotations

from collections.abc import Iterable

from services.frozen import frozen
from services.versioning.cache import parse_tag
from services.versioning.constraints import (
    LABEL_PIN_MAJOR,
    LABEL_PIN_MINOR,
    LABEL_PIN_PATCH,
    LABEL_TAG_REGEX,
    LABEL_VERSION_MAX,
    LABEL_VERSION_MIN,
    Constraints,
)


def crossed_label(current_tag: str, target_tag: str, c: Constraints) -> str | None:
    """Why `target_tag` breaks a version label, naming the label; None if not.

    A pin needs a current version to hold on to (a container on `latest` has
    none), so only the bounds apply then. A target that is not a version of
    the bound's scheme cannot be shown to be within it, so it is refused too.
    """
    target = parse_tag(target_tag)
    current = parse_tag(current_tag)
    pins = (
        (c.pin_patch, 3, LABEL_PIN_PATCH, "patch"),
        (c.pin_minor, 2, LABEL_PIN_MINOR, "minor"),
        (c.pin_major, 1, LABEL_PIN_MAJOR, "major"),
    )
    for pinned, width, label, part in pins:
        if not pinned or current.scheme is None:
            continue
        kept = current.release[:width]
        if target.scheme is not current.scheme or target.release[:width] != kept:
            line = ".".join(map(str, kept))
            return (
                f"{label} keeps {current_tag} on {line}.x; {target_tag} "
                f"is outside that {part} line"
            )
        break  # the deepest pin set implies the shallower ones
    lo, hi = c.version_min, c.version_max
    for bound, label in ((lo, LABEL_VERSION_MIN), (hi, LABEL_VERSION_MAX)):
        if bound is not None and target.scheme is not bound.scheme:
            return (
                f"{target_tag} is not a version comparable with {label} ({bound.tag})"
            )
    if lo is not None and target.key < lo.key:
        return f"{target_tag} is below {LABEL_VERSION_MIN} ({lo.tag})"
    if hi is not None and target.key > hi.key:
        return f"{target_tag} is above {LABEL_VERSION_MAX} ({hi.tag})"
    return None


@frozen
class TagOption:
    """One tag a person may pick; `excluded_by` says which label rules it out."""

    tag: str
    allowed: bool
    excluded_by: str | None
    current: bool


def excluded_by(current_tag: str, tag: str, c: Constraints) -> str | None:
    """Why the container's labels rule `tag` out as a target; None if they do not.

    The pins and bounds the update engine enforces (`crossed_label`), then
    the tag pattern and the prerelease switch the checker applies to its own
    choice, so a picker offers only what the labels allow.
    """
    crossed = crossed_label(current_tag, tag, c)
    if crossed is not None:
        return crossed
    if c.tag_regex is not None and not c.tag_regex.matches(tag):
        return f"{tag} does not match {LABEL_TAG_REGEX} ({c.tag_regex.pattern})"
    if not c.allow_prerelease and parse_tag(tag).is_prerelease:
        return f"{tag} is a prerelease (set docksmith.allow-prerelease to accept it)"
    return None


def tag_options(
    current_tag: str, tags: Iterable[str], c: Constraints
) -> list[TagOption]:
    """Every tag in the given order, each allowed or excluded with the reason."""
    options = []
    for tag in tags:
        reason = excluded_by(current_tag, tag, c)
        options.append(
            TagOption(
                tag=tag,
                allowed=reason is None,
                excluded_by=reason,
                current=tag == current_tag,
            )
        )
    return options
