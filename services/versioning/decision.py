"""The answer of `choose_update` and its explanation, as plain values.

Owns `Decision` (chosen tag, change type, outcome, human reason, rejected
candidates), `Rejection` and their enums, plus the JSON-ready projection the
CLI prints. No decision logic lives here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from services.frozen import frozen
from services.versioning.model import ChangeType, ParsedTag


class RejectReason(StrEnum):
    META = "meta-tag"
    HASH = "hash"
    UNVERSIONED = "unversioned"
    PREFIX = "different-prefix"
    CI_BUILD = "ci-build-number"
    SCHEME = "different-scheme"
    VARIANT = "different-variant"
    TAG_REGEX = "tag-regex"
    PRERELEASE = "prerelease"
    PIN_MAJOR = "pinned-major"
    PIN_MINOR = "pinned-minor"
    PIN_PATCH = "pinned-patch"
    BELOW_MIN = "below-min"
    ABOVE_MAX = "above-max"
    NOT_NEWER = "not-newer"
    EXACT_VARIANT_PREFERRED = "exact-variant-preferred"
    LESS_PRECISE = "less-precise"
    SUPERSEDED = "superseded"


# Rejections caused by the admin's labels rather than by the tag itself.
CONSTRAINT_REASONS = frozenset(
    {
        RejectReason.TAG_REGEX,
        RejectReason.PRERELEASE,
        RejectReason.PIN_MAJOR,
        RejectReason.PIN_MINOR,
        RejectReason.PIN_PATCH,
        RejectReason.BELOW_MIN,
        RejectReason.ABOVE_MAX,
    }
)

_EXPLANATIONS: dict[RejectReason, str] = {
    RejectReason.META: "a floating channel tag, not a version",
    RejectReason.HASH: "a commit or digest tag, not a version",
    RejectReason.UNVERSIONED: "not a version",
    RejectReason.PREFIX: "a version behind a different prefix (another line)",
    RejectReason.CI_BUILD: "a bare CI build number, not a release version",
    RejectReason.SCHEME: "a different versioning scheme",
    RejectReason.VARIANT: "a different variant",
    RejectReason.TAG_REGEX: "does not match docksmith.tag-regex",
    RejectReason.PRERELEASE: "a prerelease (set docksmith.allow-prerelease to accept)",
    RejectReason.PIN_MAJOR: "outside the pinned major version",
    RejectReason.PIN_MINOR: "outside the pinned minor version",
    RejectReason.PIN_PATCH: "outside the pinned patch version",
    RejectReason.BELOW_MIN: "below docksmith.version-min",
    RejectReason.ABOVE_MAX: "above docksmith.version-max",
    RejectReason.NOT_NEWER: "not newer than the current tag",
    RejectReason.EXACT_VARIANT_PREFERRED: "the exact variant has a newer release",
    RejectReason.LESS_PRECISE: "less precise than the current tag",
    RejectReason.SUPERSEDED: "a better candidate was chosen",
}


class Outcome(StrEnum):
    UPDATE = "update"
    UP_TO_DATE = "up-to-date"
    IGNORED = "ignored"
    FLOATING_CURRENT = "floating-current"  # latest, stable...: compare digests instead
    UNVERSIONED_CURRENT = "unversioned-current"


class Rejection(NamedTuple):
    # A NamedTuple, not a frozen dataclass: a decision may build 10,000 of
    # these and tuple construction is several times cheaper.
    tag: str
    reason: RejectReason

    @property
    def explanation(self) -> str:
        return _EXPLANATIONS[self.reason]


@frozen
class Decision:
    """The answer and its explanation. `chosen` is None unless `outcome` is UPDATE.

    `pin_suggestion` is set only for a floating current tag (`latest`)
    without `docksmith.allow-latest`: the newest release it could be pinned to.
    """

    current: ParsedTag
    chosen: ParsedTag | None
    change: ChangeType
    outcome: Outcome
    reason: str
    rejected: tuple[Rejection, ...] = ()
    pin_suggestion: ParsedTag | None = None

    @property
    def chosen_tag(self) -> str | None:
        return None if self.chosen is None else self.chosen.tag

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready projection (used by the CLI's --json)."""
        return {
            "current": describe(self.current),
            "chosen": None if self.chosen is None else describe(self.chosen),
            "change_type": self.change.value,
            "outcome": self.outcome.value,
            "reason": self.reason,
            "pin_suggestion": None
            if self.pin_suggestion is None
            else self.pin_suggestion.tag,
            "rejected": [
                {"tag": r.tag, "reason": r.reason.value, "explanation": r.explanation}
                for r in self.rejected
            ],
        }


def describe(parsed: ParsedTag) -> dict[str, object]:
    return {
        "tag": parsed.tag,
        "kind": parsed.kind.value,
        "scheme": None if parsed.scheme is None else parsed.scheme.value,
        "version": parsed.version_string or None,
        "numbers": list(parsed.numbers),
        "prerelease": None if parsed.prerelease is None else str(parsed.prerelease),
        "variant": parsed.variant,
        "build": list(parsed.build),
        "prefix": parsed.prefix,
        "meta": parsed.meta or None,
    }
