"""Ordering versions and sizing changes."""

from __future__ import annotations

import random

import pytest

from services.versioning import (
    ChangeType,
    IncomparableVersionsError,
    change_type,
    compare,
    parse_tag,
    sort_key,
)


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("1.9.0", "1.10.0"),  # numeric, never lexical
        ("1.2", "1.10"),
        ("9", "10"),
        ("4.5.0", "4.5.0.5"),  # the 4th part is a revision
        ("1.40.0.7998", "1.40.0.10000"),
        ("3.0.0-rc1", "3.0.0"),  # stable > its prereleases
        ("3.0.0-beta2", "3.0.0-rc1"),
        ("3.0.0-alpha", "3.0.0-alpha1"),
        ("3.0.0-rc9", "3.0.0-rc10"),  # numeric prerelease numbers
        ("3.0.0-dev1", "3.0.0-alpha1"),
        ("3.0.0-M2", "3.0.0-rc1"),
        ("2.9.9", "3.0.0-alpha1"),
        ("8.16.2", "v8.16.2-ls374"),  # a build beats none
        ("1.2.3-ls100", "1.2.3-ls102"),
        ("2.4.1-r0", "2.4.1-r1"),
        ("1.25.3-debian-12-r5", "1.25.3-debian-12-r10"),
        ("2024.12.5", "2025.1.0"),
        ("2025.2.0", "2025.10.0"),
        ("20241001", "20250108"),
        ("20250108", "2025-01-08T00-00-01Z"),
        ("1086", "1243"),
    ],
)
def test_order(older, newer):
    assert compare(older, newer) == -1
    assert compare(newer, older) == 1
    assert sort_key(older) < sort_key(newer)


@pytest.mark.parametrize(
    ("a", "b"),
    [("16.1", "16.1.0"), ("v1.2.3", "1.2.3"), ("7", "7.0.0.0"), ("1.2-alpine", "1.2")],
)
def test_spellings_of_one_version_compare_equal(a, b):
    assert compare(a, b) == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1.2.3", "2024.6.4"),
        ("1.2.3", "20240115"),
        ("1.2.3", "1243"),
        ("latest", "1.0"),
    ],
)
def test_different_schemes_are_not_comparable(a, b):
    with pytest.raises(IncomparableVersionsError):
        compare(a, b)


def test_sort_key_orders_any_mix_of_tags_deterministically():
    tags = [
        "latest",
        "1.10.0",
        "v1.9.0",
        "1.9.0",
        "abc1234",
        "20240115",
        "2024.6.4",
        "1.10",
        "1243",
        "alpine",
    ]
    ordered = sorted(tags, key=sort_key)
    shuffled = random.Random(0).sample(tags, len(tags))
    assert ordered == sorted(shuffled, key=sort_key)
    semver = [
        t
        for t in ordered
        if parse_tag(t).scheme is not None and parse_tag(t).scheme.value == "semver"
    ]
    assert semver == ["1.9.0", "v1.9.0", "1.10", "1.10.0"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("1.2.3", "2.0.0", ChangeType.MAJOR),
        ("1.2.3", "1.3.0", ChangeType.MINOR),
        ("1.2.3", "1.2.4", ChangeType.PATCH),
        ("4.5.0", "4.5.0.5", ChangeType.PATCH),
        ("7.2", "7.4", ChangeType.MINOR),
        ("16", "16.4", ChangeType.MINOR),
        ("3.0.0-beta1", "3.0.0-rc1", ChangeType.PRERELEASE),
        ("3.0.0-rc1", "3.0.0", ChangeType.PRERELEASE),
        ("1.2.3-ls100", "1.2.3-ls102", ChangeType.BUILD),
        ("1.2.3", "v1.2.3", ChangeType.NONE),
        ("1.2.3", "1.2.2", ChangeType.PATCH),
        ("1086", "1243", ChangeType.BUILD),
        ("2024.6.4", "2025.1.0", ChangeType.MAJOR),
        ("20240115", "20240329", ChangeType.MINOR),
        ("1.2.3", "2024.6.4", ChangeType.UNKNOWN),
        ("latest", "1.2.3", ChangeType.UNKNOWN),
    ],
)
def test_change_type(old, new, expected):
    assert change_type(parse_tag(old), parse_tag(new)) is expected
