"""Value types shared by the versioning package: what a parsed tag is.

This module owns the vocabulary (`TagKind`, `Scheme`, `ChangeType`,
`Prerelease`, `ParsedTag`) and nothing else; parsing lives in `tags`,
ordering in `order`. Everything here is immutable and hashable so parsed
tags can be cached and shared between checks.
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum

from services.frozen import frozen


class TagKind(StrEnum):
    """What a tag *is*, before any comparison."""

    VERSION = "version"  # a version of this image's main line (semver, calver, date)
    PREFIXED = (
        "prefixed"  # a version behind a word: amd64-1.2.3, version-1.2, jammy-20240111
    )
    META = "meta"  # a floating channel: latest, stable, edge, latest-alpine
    HASH = "hash"  # a commit or digest: abc1234, sha-abc1234, sha256-<hex>.sig
    UNVERSIONED = "unversioned"  # anything else: alpine, pr-123, php8.2-fpm


class Scheme(StrEnum):
    """Versions compare only within one scheme."""

    SEMVER = "semver"  # 1 to 4 dotted numbers: 16, 7.2, 1.25.3, 1.40.0.7998
    CALVER = "calver"  # year.month[.patch]: 2024.6.4, 2025.02.0
    DATE = "date"  # a calendar date or timestamp: 20240115, 2024-01-15T10-00-00Z
    BUILD = "build"  # a bare CI build number: 1243


class ChangeType(StrEnum):
    MAJOR = "major"
    MINOR = "minor"
    PATCH = "patch"
    PRERELEASE = "prerelease"
    BUILD = "build"
    NONE = "none"
    UNKNOWN = "unknown"


@frozen
class Prerelease:
    """A prerelease marker; `rank` orders kinds (dev < alpha < beta < rc)."""

    label: str  # normalised spelling: "rc", "beta", "alpha", "milestone"...
    rank: int
    number: int | None = None

    def __str__(self) -> str:
        return self.label if self.number is None else f"{self.label}{self.number}"


@frozen
class ParsedTag:
    """One tag, classified. Versions carry numbers; other kinds leave them empty.

    `numbers` holds the parts as written (so `precision` is their count);
    `build` holds the ordering numbers of build metadata (`-ls280` -> 280,
    `-r5` -> 5); commit hashes are recorded in `hashes` but never ordered.
    `variant` is the normalised suffix (`alpine3.19`, `slim-bookworm`,
    `debian-12`); `prefix` is the word before a prefixed version (`amd64`).
    `key` is the precomputed ordering key (see `order.version_key`).
    """

    tag: str
    kind: TagKind
    scheme: Scheme | None = None
    numbers: tuple[int, ...] = ()
    v_prefix: bool = False
    prerelease: Prerelease | None = None
    variant: str = ""
    build: tuple[int, ...] = ()
    hashes: tuple[str, ...] = ()
    prefix: str = ""
    meta: str = ""  # the channel word of a META tag: "latest", "stable"...
    key: tuple[object, ...] = field(default=(), compare=False, repr=False)

    @property
    def is_versioned(self) -> bool:
        return self.scheme is not None

    @property
    def precision(self) -> int:
        return len(self.numbers)

    @property
    def is_prerelease(self) -> bool:
        return self.prerelease is not None

    @property
    def release(self) -> tuple[int, ...]:
        """The numbers padded to four parts (six for dates): 16.1 -> (16, 1, 0, 0)."""
        width = 6 if self.scheme is Scheme.DATE else 4
        return self.numbers + (0,) * (width - len(self.numbers))

    @property
    def version_string(self) -> str:
        """Canonical text of the version without style, variant or build.

        `v3.0.0-beta2` -> `3.0.0-beta2`, `20250108` -> `2025.01.08`,
        `1.41.2.9200-c6bbc1b53-ls295` -> `1.41.2.9200`; empty if unversioned.
        """
        if self.scheme is None:
            return ""
        if self.scheme is Scheme.DATE:
            y, mo, d, *time = self.numbers
            text = f"{y:04d}.{mo:02d}.{d:02d}"
            if time:
                text += "T" + "".join(f"{t:02d}" for t in time)
            return text
        text = ".".join(str(n) for n in self.numbers)
        if self.prerelease is not None:
            text += f"-{self.prerelease}"
        return text
