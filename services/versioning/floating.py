"""Which concrete tags a floating tag may currently point at.

Owns the matching used to resolve a floating tag by digest: `16` may be
`16.4` or `16.4.1`, `7.2-alpine` may be `7.2.5-alpine3.20`, `latest` may be
any stable release without a variant, `latest-alpine` and `alpine` any
stable `*-alpine*` release. It only narrows candidates; the registry digest
decides which one it really is.
"""

from __future__ import annotations

from collections.abc import Iterable

from services.versioning.cache import parse_tag
from services.versioning.model import ParsedTag, TagKind
from services.versioning.suffix import variant_family

# Channels that point at prereleases as readily as at releases.
_UNSTABLE_CHANNELS = frozenset(
    {"edge", "nightly", "develop", "development", "devel", "dev", "beta", "alpha", "rc",
     "canary", "next", "preview", "unstable", "testing", "insiders", "experimental", "snapshot",
     "main", "master", "trunk", "head"}
)  # fmt: skip


def _variant_matches(floating_variant: str, candidate_variant: str) -> bool:
    return candidate_variant == floating_variant or (
        bool(floating_variant) and variant_family(candidate_variant) == floating_variant
    )


def _matches(f: ParsedTag, c: ParsedTag) -> bool:
    if c.scheme is None or c.tag == f.tag:
        return False
    if f.scheme is not None:
        return (
            c.scheme is f.scheme
            and c.prefix == f.prefix
            and c.precision > f.precision
            and c.numbers[: f.precision] == f.numbers
            and c.prerelease == f.prerelease
            and _variant_matches(f.variant, c.variant)
        )
    if f.kind is TagKind.META:
        if c.kind is not TagKind.VERSION:
            return False
        if c.prerelease is not None and f.meta not in _UNSTABLE_CHANNELS:
            return False
        return _variant_matches(f.variant, c.variant)
    if f.kind is TagKind.UNVERSIONED and f.variant:
        return (
            c.kind is TagKind.VERSION
            and c.prerelease is None
            and _variant_matches(f.variant, c.variant)
        )
    return False


def floating_tag_matches(floating: str, candidate: str) -> bool:
    """True when `floating` (e.g. `16`, `7.2`, `latest`, `16-alpine`) could be `candidate`."""
    return _matches(parse_tag(floating), parse_tag(candidate))


def floating_candidates(floating: str, tags: Iterable[str]) -> list[str]:
    """The tags `floating` could point at, newest first, most precise first on ties."""
    f = parse_tag(floating)
    found = [p for p in map(parse_tag, dict.fromkeys(tags)) if _matches(f, p)]
    found.sort(
        key=lambda p: (p.key, p.precision, p.variant == f.variant, p.tag), reverse=True
    )
    return [p.tag for p in found]


def version_line_key(tag: str | ParsedTag) -> tuple[str, str, str] | None:
    """(prefix, scheme, variant) of a versioned tag; tags with equal keys are
    one release line. None for tags that are not versions."""
    p = tag if isinstance(tag, ParsedTag) else parse_tag(tag)
    if p.scheme is None:
        return None
    return (p.prefix, p.scheme.value, p.variant)


def is_meta_tag(tag: str) -> bool:
    """True for floating channel tags: latest, stable, edge, latest-alpine..."""
    return parse_tag(tag).kind is TagKind.META
