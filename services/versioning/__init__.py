"""Version intelligence: parse, order and choose image tags. Pure logic, no I/O.

Public API (everything else in the package is internal):

- `parse_tag(tag) -> ParsedTag` (cached): classify a tag. `ParsedTag.kind`
  is a `TagKind` (version, prefixed, meta, hash, unversioned);
  versions carry a `Scheme` (semver, calver, date, build), `numbers`,
  `prerelease`, `variant`, `build`, `prefix`, `version_string`.
- `parse_version_string(text) -> ParsedTag | None`: versions in image labels
  (`org.opencontainers.image.version`, LinuxServer `build_version`).
- `compare(a, b) -> int` (same scheme, else `IncomparableVersionsError`),
  `sort_key(tag)` (a total order for `sorted`), `version_key(parsed)`,
  `change_type(old, new) -> ChangeType`.
- `parse_constraints(labels) -> Constraints`: the `docksmith.*` labels;
  raises `services.errors.InvalidInputError` naming the bad label.
- `crossed_label(current_tag, target_tag, constraints) -> str | None`: why
  an explicitly named target breaks a pin or bound label (naming it).
- `tag_options(current_tag, tags, constraints) -> list[TagOption]`: each tag
  allowed or ruled out by the labels, with the reason (a version picker).
- `choose_update(current_tag, available_tags, constraints) -> Decision`:
  the newest tag a careful admin would move to, or none and why
  (`Outcome`, `Rejection`, `RejectReason`).
- `is_meta_tag(tag)`, `floating_tag_matches(floating, candidate)`,
  `floating_candidates(floating, tags)`, `version_line_key(tag)`: helpers for
  resolving floating tags by digest.
- `parse_cache_stats()`, `clear_parse_cache()`: the shared parse cache.
"""

from services.versioning.cache import (
    CacheStats,
    clear_parse_cache,
    parse_cache_stats,
    parse_tag,
)
from services.versioning.choose import choose_update
from services.versioning.constraints import (
    LABEL_ALLOW_LATEST,
    LABEL_ALLOW_PRERELEASE,
    LABEL_IGNORE,
    LABEL_PIN_MAJOR,
    LABEL_PIN_MINOR,
    LABEL_PIN_PATCH,
    LABEL_TAG_REGEX,
    LABEL_VERSION_MAX,
    LABEL_VERSION_MIN,
    VERSION_LABELS,
    Constraints,
    parse_constraints,
)
from services.versioning.decision import Decision, Outcome, Rejection, RejectReason
from services.versioning.explicit import TagOption, crossed_label, tag_options
from services.versioning.floating import (
    floating_candidates,
    floating_tag_matches,
    is_meta_tag,
    version_line_key,
)
from services.versioning.model import ChangeType, ParsedTag, Prerelease, Scheme, TagKind
from services.versioning.order import (
    IncomparableVersionsError,
    change_type,
    compare,
    sort_key,
    version_key,
)
from services.versioning.regex import TagPattern, TagPatternError
from services.versioning.version_string import parse_version_string

__all__ = [
    "LABEL_ALLOW_LATEST",
    "LABEL_ALLOW_PRERELEASE",
    "LABEL_IGNORE",
    "LABEL_PIN_MAJOR",
    "LABEL_PIN_MINOR",
    "LABEL_PIN_PATCH",
    "LABEL_TAG_REGEX",
    "LABEL_VERSION_MAX",
    "LABEL_VERSION_MIN",
    "VERSION_LABELS",
    "CacheStats",
    "ChangeType",
    "Constraints",
    "Decision",
    "IncomparableVersionsError",
    "Outcome",
    "ParsedTag",
    "Prerelease",
    "RejectReason",
    "Rejection",
    "Scheme",
    "TagKind",
    "TagOption",
    "TagPattern",
    "TagPatternError",
    "change_type",
    "choose_update",
    "clear_parse_cache",
    "compare",
    "crossed_label",
    "floating_candidates",
    "floating_tag_matches",
    "is_meta_tag",
    "parse_cache_stats",
    "parse_constraints",
    "parse_tag",
    "parse_version_string",
    "sort_key",
    "tag_options",
    "version_key",
    "version_line_key",
]
