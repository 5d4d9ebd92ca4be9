"""Classifying single tags seen on real images."""

from __future__ import annotations

import pytest

from services.versioning import Scheme, TagKind, parse_tag
from services.versioning.tags import parse_tag_uncached

V, P, M, H, U = (
    TagKind.VERSION,
    TagKind.PREFIXED,
    TagKind.META,
    TagKind.HASH,
    TagKind.UNVERSIONED,
)
SEM, CAL, DATE, BUILD = Scheme.SEMVER, Scheme.CALVER, Scheme.DATE, Scheme.BUILD


@pytest.mark.parametrize(
    ("tag", "kind", "scheme", "numbers", "variant"),
    [
        ("16", V, SEM, (16,), ""),
        ("7.2", V, SEM, (7, 2), ""),
        ("v2.10.0", V, SEM, (2, 10, 0), ""),
        ("1.40.0.7998", V, SEM, (1, 40, 0, 7998), ""),
        ("1.25.3-alpine", V, SEM, (1, 25, 3), "alpine"),
        ("16.1-alpine3.18", V, SEM, (16, 1), "alpine3.18"),
        ("3.12.1-slim-bookworm", V, SEM, (3, 12, 1), "slim-bookworm"),
        ("6.4-php8.2-apache", V, SEM, (6, 4), "php8.2-apache"),
        ("1.21.4-rootless", V, SEM, (1, 21, 4), "rootless"),
        ("3.12.10-management-alpine", V, SEM, (3, 12, 10), "management-alpine"),
        ("20-iron-alpine", V, SEM, (20,), "iron-alpine"),
        ("1.25.3-debian-12-r5", V, SEM, (1, 25, 3), "debian-12"),
        ("10.2.3-ubuntu-22.04", V, SEM, (10, 2, 3), "ubuntu-22.04"),
        ("17.0.9_9-jre-jammy", V, SEM, (17, 0, 9), "jre-jammy"),
        ("1.41.2.9200-c6bbc1b53-ls295", V, SEM, (1, 41, 2, 9200), ""),
        ("4.0.0-ls250", V, SEM, (4, 0, 0), ""),
        ("2.4.1-r0", V, SEM, (2, 4, 1), ""),
        ("1.2.3_4", V, SEM, (1, 2, 3), ""),
        ("22.04", V, SEM, (22, 4), ""),
        ("2024.6.4", V, CAL, (2024, 6, 4), ""),
        ("2025.02.0", V, CAL, (2025, 2, 0), ""),
        ("2025.1.0", V, CAL, (2025, 1, 0), ""),
        ("v2026.2.9", V, CAL, (2026, 2, 9), ""),
        ("20240115", V, DATE, (2024, 1, 15), ""),
        ("2024-01-15", V, DATE, (2024, 1, 15), ""),
        ("20250413-0519", V, DATE, (2025, 4, 13), ""),
        ("202401151230", V, DATE, (2024, 1, 15, 12, 30), ""),
        ("1243", V, BUILD, (1243,), ""),
        ("RELEASE.2025-04-22T22-12-26Z", P, DATE, (2025, 4, 22, 22, 12, 26), ""),
        ("jammy-20240111", P, DATE, (2024, 1, 11), ""),
        ("amd64-1.2.3", P, SEM, (1, 2, 3), ""),
        ("arm64v8-1.43.0.10492-121068a07-ls293", P, SEM, (1, 43, 0, 10492), ""),
        ("version-1.2.3", P, SEM, (1, 2, 3), ""),
        ("develop-1.2.3", P, SEM, (1, 2, 3), ""),
        ("nightly-20240115", P, DATE, (2024, 1, 15), ""),
        ("latest", M, None, (), ""),
        ("latest-alpine", M, None, (), "alpine"),
        ("stable-perl", M, None, (), "perl"),
        ("nightly-rootless", M, None, (), "rootless"),
        ("abc1234", H, None, (), ""),
        ("8adcd0b4-ls46", H, None, (), ""),
        ("sha-abc1234", H, None, (), ""),
        ("commit-abc1234", H, None, (), ""),
        ("sha256-" + "ab12" * 16 + ".sig", H, None, (), ""),
        ("pr-123", U, None, (), "pr-123"),
        ("alpine", U, None, (), "alpine"),
        ("php8.2-apache", U, None, (), "php8.2-apache"),
        ("1.2.3.4.5", U, None, (), "1.2.3.4.5"),
        ("", U, None, (), ""),
    ],
)
def test_classification(tag, kind, scheme, numbers, variant):
    p = parse_tag(tag)
    assert (p.kind, p.scheme, p.numbers, p.variant) == (kind, scheme, numbers, variant)


@pytest.mark.parametrize(
    ("tag", "label", "number"),
    [
        ("v3.0.0-beta2", "beta", 2),
        ("v3.0.0-rc1", "rc", 1),
        ("3.13.0rc2-slim", "rc", 2),
        ("8.4.0RC1-fpm-alpine", "rc", 1),
        ("3.14.0a1", "alpha", 1),
        ("3.13.0b3-bookworm", "beta", 3),
        ("3.13.0-rc.1-management-alpine", "rc", 1),
        ("1.0.0-alpha", "alpha", None),
        ("1.0.0-M1", "milestone", 1),
        ("1.0.0.milestone.2", "milestone", 2),
        ("2.0.0.dev1", "dev", 1),
        ("2.0.0-preview.3", "preview", 3),
        ("2.0.0-pre", "pre", None),
        ("5.0.0-SNAPSHOT", "snapshot", None),
        ("1.2.0-canary.7", "canary", 7),
        ("7.2-rc2-alpine", "rc", 2),
        ("2024.8.0b0", "beta", 0),
    ],
)
def test_prerelease_forms(tag, label, number):
    p = parse_tag(tag).prerelease
    assert p is not None
    assert (p.label, p.number) == (label, number)


@pytest.mark.parametrize(
    "tag",
    ["1.2.3-alpine", "1.2.3-bookworm", "1.2.3-develop", "1.2.3-b", "1.2.3-ambassador"],
)
def test_words_that_only_look_like_prereleases_are_variants(tag):
    p = parse_tag(tag)
    assert p.prerelease is None
    assert p.variant == tag.split("-", 1)[1]


@pytest.mark.parametrize(
    ("tag", "build", "hashes"),
    [
        ("1.40.0.7998-f5c1d59-ls280", (280,), ("f5c1d59",)),
        ("1.25.3-debian-12-r5", (5,), ()),
        ("17.0.9_9-jre-jammy", (9,), ()),
        ("1.2.3-20240115", (20240115,), ()),
        ("1.2.3-5-gabc1234", (5,), ("gabc1234",)),
    ],
)
def test_build_metadata(tag, build, hashes):
    p = parse_tag(tag)
    assert (p.build, p.hashes) == (build, hashes)


def test_invalid_calendar_dates_are_not_dates():
    assert parse_tag("20241301").scheme is Scheme.BUILD  # month 13
    assert parse_tag("20240230").scheme is Scheme.BUILD  # 30 February
    assert parse_tag("2024.13.1").scheme is Scheme.SEMVER  # month 13: not calver


def test_small_bare_numbers_are_majors_and_large_ones_ci_builds():
    assert parse_tag("100").scheme is Scheme.SEMVER
    assert parse_tag("101").scheme is Scheme.BUILD
    assert parse_tag("v1243").scheme is Scheme.SEMVER  # an explicit v means a version


def test_case_is_ignored_but_the_original_text_is_kept():
    p = parse_tag("V1.2.3-Alpine")
    assert p.tag == "V1.2.3-Alpine"
    assert (p.numbers, p.v_prefix, p.variant) == ((1, 2, 3), True, "alpine")
    assert parse_tag("LATEST").kind is TagKind.META


def test_version_string_is_canonical():
    assert parse_tag("v3.0.0-beta2").version_string == "3.0.0-beta2"
    assert parse_tag("16-alpine").version_string == "16"
    assert (
        parse_tag("RELEASE.2025-04-22T22-12-26Z").version_string == "2025.04.22T221226"
    )
    assert parse_tag("latest").version_string == ""


def test_parse_is_cached_and_matches_uncached():
    assert parse_tag("1.2.3-alpine") is parse_tag("1.2.3-alpine")
    assert parse_tag("1.2.3-alpine") == parse_tag_uncached("1.2.3-alpine")
