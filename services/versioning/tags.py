"""Classifying a single image tag: the uncached tag parser.

Owns the rules that decide what a tag is (see `model.TagKind`): hashes,
meta channels, dates and timestamps, semantic and calendar versions, bare
CI build numbers, and versions behind a prefix. Callers should use the
cached `parse_tag` from `services.versioning` instead of `parse_tag_uncached`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from services.versioning.model import ParsedTag, Scheme, TagKind
from services.versioning.order import version_key
from services.versioning.suffix import is_hash, normalise_words, parse_suffix

META_WORDS = frozenset(
    {
        "latest", "stable", "main", "master", "edge", "nightly", "develop",
        "development", "devel", "dev", "beta", "alpha", "rc", "lts", "current",
        "mainline", "testing", "unstable", "next", "canary", "preview",
        "insiders", "experimental", "rolling", "snapshot", "trunk", "head", "release",
    }
)  # fmt: skip
# Words that introduce CI references, never versions: pr-123, commit-abc1234.
_CI_PREFIXES = frozenset(
    {
        "pr",
        "pull",
        "mr",
        "commit",
        "sha",
        "git",
        "branch",
        "feature",
        "fix",
        "renovate",
        "dependabot",
        "run",
        "ci",
    }
)
# A bare number this large beside dotted versions is a CI build (gluetun's 1243).
MAX_BARE_MAJOR = 100

_HASH_PREFIXED = re.compile(r"(?:sha\d*|git|commit)[-_][0-9a-f]{7,64}(?:[-._].*)?")
_LEADING_HEX = re.compile(r"([0-9a-f]{7,64})(?=$|[-._])")
_META_WITH_VARIANT = re.compile(r"(?P<word>[a-z]+)[-_](?P<rest>[a-z].*)")
_ISO_DATE = re.compile(
    r"(?:(?P<prefix>[a-z][a-z0-9]*)[-._])?(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:t(?P<h>\d{2})[-:.]?(?P<mi>\d{2})[-:.]?(?P<s>\d{2})z?)?(?P<rest>(?:[-._].*)?)"
)
_COMPACT_DATE = re.compile(
    r"(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})(?P<time>\d{6}|\d{4})?(?P<rest>(?:[-._].*)?)"
)
_VERSION = re.compile(r"(?P<v>v)?(?P<nums>\d+(?:\.\d+){0,3})(?P<rest>.*)")
_PREFIXED = re.compile(
    r"(?P<prefix>[a-z][a-z0-9]*(?:[-_][a-z][a-z0-9]*)*)[-_](?P<inner>v?\d.*)"
)


def _valid_date(y: int, mo: int, d: int, time: tuple[int, ...] = ()) -> bool:
    if not 1970 <= y <= 2100:
        return False
    try:
        date(y, mo, d)
    except ValueError:
        return False
    limits = (24, 60, 60)
    return all(0 <= t < limit for t, limit in zip(time, limits, strict=False))


def _date_tag(
    tag: str, numbers: tuple[int, ...], rest: str, prefix: str = ""
) -> ParsedTag:
    suffix = parse_suffix(rest)
    return ParsedTag(
        tag=tag,
        kind=TagKind.PREFIXED if prefix else TagKind.VERSION,
        scheme=Scheme.DATE,
        numbers=numbers,
        prerelease=suffix.prerelease,
        variant=suffix.variant,
        build=suffix.build,
        hashes=suffix.hashes,
        prefix=prefix,
    )


def _parse_dated(tag: str, low: str) -> ParsedTag | None:
    if m := _ISO_DATE.fullmatch(low):
        clock = tuple(int(m[g]) for g in ("h", "mi", "s") if m[g] is not None)
        numbers = (int(m["y"]), int(m["mo"]), int(m["d"]), *clock)
        if _valid_date(numbers[0], numbers[1], numbers[2], clock):
            return _date_tag(tag, numbers, m["rest"], m["prefix"] or "")
    if m := _COMPACT_DATE.fullmatch(low):
        t = m["time"] or ""
        clock = tuple(int(t[i : i + 2]) for i in range(0, len(t), 2))
        numbers = (int(m["y"]), int(m["mo"]), int(m["d"]), *clock)
        if _valid_date(numbers[0], numbers[1], numbers[2], clock):
            return _date_tag(tag, numbers, m["rest"])
    return None


def _parse_numeric(tag: str, low: str) -> ParsedTag | None:
    m = _VERSION.fullmatch(low)
    if m is None:
        return None
    rest = m["rest"]
    if rest[:1] == "." and rest[1:2].isdigit():
        return None  # five or more numeric parts: not a version we can order
    if rest and not (rest[0] in "-._" or rest[0].isalpha()):
        return None
    numbers = tuple(int(n) for n in m["nums"].split("."))
    v = m["v"] is not None
    if len(numbers) >= 2 and 1970 <= numbers[0] <= 2100 and 1 <= numbers[1] <= 12:
        scheme = Scheme.CALVER
    elif len(numbers) == 1 and not v and numbers[0] > MAX_BARE_MAJOR:
        scheme = Scheme.BUILD
    else:
        scheme = Scheme.SEMVER
    suffix = parse_suffix(rest)
    return ParsedTag(
        tag=tag,
        kind=TagKind.VERSION,
        scheme=scheme,
        numbers=numbers,
        v_prefix=v,
        prerelease=suffix.prerelease,
        variant=suffix.variant,
        build=suffix.build,
        hashes=suffix.hashes,
    )


def _parse_versionish(tag: str, low: str) -> ParsedTag | None:
    return _parse_dated(tag, low) or _parse_numeric(tag, low)


def _classify(tag: str, low: str) -> ParsedTag:
    if not low:
        return ParsedTag(tag=tag, kind=TagKind.UNVERSIONED)
    if _HASH_PREFIXED.fullmatch(low) or (
        (m := _LEADING_HEX.match(low)) and is_hash(m[1])
    ):
        return ParsedTag(tag=tag, kind=TagKind.HASH)
    if low in META_WORDS:
        return ParsedTag(tag=tag, kind=TagKind.META, meta=low)
    if (m := _META_WITH_VARIANT.fullmatch(low)) and m["word"] in META_WORDS:
        return ParsedTag(
            tag=tag,
            kind=TagKind.META,
            meta=m["word"],
            variant=normalise_words(m["rest"]),
        )
    if parsed := _parse_versionish(tag, low):
        return parsed
    if m := _PREFIXED.fullmatch(low):
        prefix = normalise_words(m["prefix"])
        if prefix.split("-")[0] not in _CI_PREFIXES and (
            inner := _parse_versionish(tag, m["inner"])
        ):
            return replace(inner, kind=TagKind.PREFIXED, prefix=prefix)
    return ParsedTag(tag=tag, kind=TagKind.UNVERSIONED, variant=normalise_words(low))


def parse_tag_uncached(tag: str) -> ParsedTag:
    """Classify `tag` (case-insensitively; the original text is kept in `.tag`)."""
    parsed = _classify(tag, tag.strip().lower())
    if parsed.scheme is None:
        return parsed
    return replace(parsed, key=version_key(parsed))
