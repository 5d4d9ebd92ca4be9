"""The order of versions and the size of a change between two of them.

Owns `version_key` (numeric, never lexical: stable > its prereleases, a
higher build > a lower one for the same version, missing parts count as 0
so `16.1` == `16.1.0`), `compare`, a total `sort_key` for any tags, and
`change_type`. Versions of different schemes (semver, calver, date, CI
build number) are not comparable; `compare` refuses them.
"""

from __future__ import annotations

from services.versioning.model import ChangeType, ParsedTag, Prerelease, Scheme

VersionKey = tuple[object, ...]


class IncomparableVersionsError(ValueError):
    """Raised when asked to order two tags that are not versions of one scheme."""


def prerelease_key(pre: Prerelease | None) -> tuple[int, int, int, str]:
    if pre is None:
        return (1, 0, 0, "")
    return (0, pre.rank, pre.number if pre.number is not None else -1, pre.label)


def version_key(parsed: ParsedTag) -> VersionKey:
    """Ordering key of a versioned tag: (release, prerelease, build)."""
    return (parsed.release, prerelease_key(parsed.prerelease), parsed.build)


def _coerce(tag: str | ParsedTag) -> ParsedTag:
    if isinstance(tag, ParsedTag):
        return tag
    from services.versioning.cache import parse_tag

    return parse_tag(tag)


def compare(a: str | ParsedTag, b: str | ParsedTag) -> int:
    """-1, 0 or 1 as `a` is older, equal or newer than `b` (same scheme only).

    Equal means the same version: `16.1` and `v16.1.0` compare equal.
    """
    pa, pb = _coerce(a), _coerce(b)
    if pa.scheme is None or pa.scheme is not pb.scheme:
        raise IncomparableVersionsError(
            f"cannot compare {pa.tag!r} ({pa.scheme or pa.kind}) with "
            f"{pb.tag!r} ({pb.scheme or pb.kind})"
        )
    ka, kb = pa.key, pb.key
    return (ka > kb) - (ka < kb)


def sort_key(tag: str | ParsedTag) -> tuple[object, ...]:
    """A total order over every tag, usable with `sorted`.

    Unversioned tags come first (by text), then each scheme in turn, then
    versions by `version_key`; spelling (precision, `v`, text) breaks ties
    so the order is total and deterministic.
    """
    p = _coerce(tag)
    scheme_rank = -1 if p.scheme is None else list(Scheme).index(p.scheme)
    return (scheme_rank, p.prefix, p.key, p.precision, p.v_prefix, p.tag)


def change_type(old: ParsedTag, new: ParsedTag) -> ChangeType:
    """How big the step from `old` to `new` is; UNKNOWN across schemes."""
    if old.scheme is None or old.scheme is not new.scheme:
        return ChangeType.UNKNOWN
    if old.release != new.release:
        if old.scheme is Scheme.BUILD:
            return ChangeType.BUILD
        index = next(
            i
            for i, (a, b) in enumerate(zip(old.release, new.release, strict=True))
            if a != b
        )
        return (
            (ChangeType.MAJOR, ChangeType.MINOR)[index]
            if index < 2
            else ChangeType.PATCH
        )
    if prerelease_key(old.prerelease) != prerelease_key(new.prerelease):
        return ChangeType.PRERELEASE
    if old.build != new.build:
        return ChangeType.BUILD
    return ChangeType.NONE
