"""Reading what follows a version's numbers: prerelease, variant and build.

Owns the token rules for the text after `1.2.3`: a prerelease marker
(`-rc1`, `.beta.2`, `RC1`, `a1`), variant words (`alpine3.20`,
`slim-bookworm`, `debian-12`), build metadata (`-ls280`, `-r5`, `_3`,
`-20240115`) and commit hashes (`-f5c1d59`, `-gabc1234`), plus the
"variant family" used when a variant stops getting releases. Pure text
rules; no knowledge of tags as a whole.
"""

from __future__ import annotations

import re
from functools import lru_cache

from services.frozen import frozen
from services.versioning.model import Prerelease

# Ranks follow common practice (Maven, PEP 440, npm): dev-like < alpha < beta
# < milestone < pre/preview < rc; the stable release outranks them all.
_PRERELEASE_RANKS: dict[str, tuple[str, int]] = {
    "dev": ("dev", 0),
    "snapshot": ("snapshot", 0),
    "canary": ("canary", 0),
    "nightly": ("nightly", 0),
    "alpha": ("alpha", 1),
    "a": ("alpha", 1),
    "beta": ("beta", 2),
    "b": ("beta", 2),
    "milestone": ("milestone", 3),
    "m": ("milestone", 3),
    "ea": ("ea", 3),
    "pre": ("pre", 4),
    "preview": ("preview", 4),
    "rc": ("rc", 5),
    "cr": ("rc", 5),
}
_SINGLE_LETTER = frozenset({"a", "b", "m"})
_PRERELEASE = re.compile(
    r"[-._]?(?P<label>alpha|beta|rc|dev|preview|pre|canary|milestone|snapshot"
    r"|nightly|cr|ea|a|b|m)(?:[-._]?(?P<num>\d+))?(?=$|[-._])"
)
_SEPARATORS = re.compile(r"[-_]+")
_LS_BUILD = re.compile(r"ls(\d+)")
_REV_BUILD = re.compile(r"r(\d+)")
_HEX = re.compile(r"g?([0-9a-f]{7,40})")
_DOTTED_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_FAMILY_STRIP = re.compile(r"[\d.]+$")
# A rebuild of the same version for a fix (`1.2.3-security-01`,
# `5.0.2-hotfix1`): build metadata, not a variant.
_REBUILD = re.compile(r"(?:security|hotfix)(\d+)?")
# A numbered base OS inside a variant (`debian-12`, `alpine3.20`,
# `ubuntu-24.04`). Codenames (`bookworm`) carry no number and stay distinct,
# and so do runtimes (`php8.2`): a vendor moving to a newer base OS is a
# rebuild of the same line, a newer runtime is not.
_BASE_OS = re.compile(
    r"(?:^|(?<=-))(?P<os>debian|ubuntu|alpine|centos|rockylinux|almalinux|ubi"
    r"|fedora|amazonlinux|photon)-?(?P<num>\d+(?:\.\d+)*)(?=$|-)"
)


@frozen
class Suffix:
    prerelease: Prerelease | None
    variant: str
    build: tuple[int, ...]
    hashes: tuple[str, ...]


def match_prerelease(text: str) -> tuple[Prerelease, str] | None:
    """A prerelease marker at the start of `text`, and the text after it."""
    m = _PRERELEASE.match(text)
    if m is None:
        return None
    raw, num = m["label"], m["num"]
    # A lone letter (a/b/m) only means alpha/beta/milestone with a number: 1.0a1.
    if raw in _SINGLE_LETTER and num is None:
        return None
    label, rank = _PRERELEASE_RANKS[raw]
    return Prerelease(label, rank, int(num) if num is not None else None), text[
        m.end() :
    ]


def is_hash(token: str) -> bool:
    """A commit hash: 7-40 hex digits mixing letters and digits (`f5c1d59`)."""
    m = _HEX.fullmatch(token)
    if m is None:
        return False
    hexpart = m[1]
    return any(c.isdigit() for c in hexpart) and any(c.isalpha() for c in hexpart)


def parse_suffix(rest: str) -> Suffix:
    """Split lower-cased text after the numbers into its parts."""
    prerelease: Prerelease | None = None
    found = match_prerelease(rest)
    if found is not None:
        prerelease, rest = found
    variant: list[str] = []
    build: list[int] = []
    hashes: list[str] = []
    after_word = False
    for token in _SEPARATORS.split(rest.strip("-_.")):
        if not token:
            continue
        if prerelease is None and (found := match_prerelease(token)) and not found[1]:
            prerelease, after_word = found[0], False
        elif m := (_LS_BUILD.fullmatch(token) or _REV_BUILD.fullmatch(token)):
            build.append(int(m[1]))
            after_word = False
        elif m := _REBUILD.fullmatch(token):
            # The marker outranks the plain build; its number (fused or the
            # next token) orders the rebuilds.
            build.append(0)
            if m[1] is not None:
                build.append(int(m[1]))
            after_word = False
        elif _DOTTED_NUMBER.fullmatch(token):
            # A number right after a word belongs to it (`debian-12`,
            # `ubuntu-22.04`); otherwise it is a build counter (`-1`, `_3`).
            if after_word:
                variant.append(token)
            else:
                build.extend(int(part) for part in token.split("."))
            after_word = False
        elif is_hash(token):
            hashes.append(token)
            after_word = False
        else:
            variant.append(token)
            after_word = True
    return Suffix(prerelease, "-".join(variant), tuple(build), tuple(hashes))


@lru_cache(maxsize=4096)
def variant_family(variant: str) -> str:
    """The variant without its release numbers: `alpine3.19` -> `alpine`,
    `php8.2-apache` -> `php-apache`, `debian-12` -> `debian`."""
    parts = (_FAMILY_STRIP.sub("", token) for token in variant.split("-"))
    return "-".join(part for part in parts if part)


@lru_cache(maxsize=4096)
def base_os(variant: str) -> tuple[str, tuple[int, ...]] | None:
    """The variant with its base OS release taken out, and that release:
    `debian-12` -> ("debian-#", (12,)), `fpm-alpine3.20` -> ("fpm-alpine#",
    (3, 20)); None without a numbered base OS."""
    m = _BASE_OS.search(variant)
    if m is None:
        return None
    shape = f"{variant[: m.start('num')]}#{variant[m.end('num') :]}"
    return shape, tuple(int(n) for n in m["num"].split("."))


def on_newer_base(current: str, candidate: str) -> bool:
    """`candidate` is `current` built on a newer release of the same base OS,
    nothing else changed (`debian-11` -> `debian-12`)."""
    a, b = base_os(current), base_os(candidate)
    return a is not None and b is not None and a[0] == b[0] and b[1] > a[1]


@lru_cache(maxsize=4096)
def variant_numbers(variant: str) -> tuple[int, ...]:
    """The release numbers inside a variant: `alpine3.19` -> (3, 19)."""
    return tuple(int(n) for n in re.findall(r"\d+", variant))


def normalise_words(text: str) -> str:
    """Lower-case `text` and join its words with `-` (`Fpm_Alpine` -> `fpm-alpine`)."""
    return "-".join(t for t in _SEPARATORS.split(text.lower().strip("-_.")) if t)
