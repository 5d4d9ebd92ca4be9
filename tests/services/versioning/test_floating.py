"""Helpers for resolving floating tags and reading version labels."""

from __future__ import annotations

import pytest

from services.versioning import (
    Scheme,
    clear_parse_cache,
    floating_candidates,
    floating_tag_matches,
    is_meta_tag,
    parse_cache_stats,
    parse_tag,
    parse_version_string,
    version_line_key,
)


@pytest.mark.parametrize(
    ("floating", "candidate", "expected"),
    [
        ("16", "16.4", True),
        ("16", "16.4.1", True),
        ("16", "17.0", False),
        ("16", "16", False),
        ("16", "16.4-alpine", False),
        ("16", "16.5-rc1", False),
        ("7.2", "7.2.5", True),
        ("7.2", "7.20.1", False),
        ("16-alpine", "16.4-alpine", True),
        ("16-alpine", "16.4-alpine3.20", True),
        ("16-alpine", "16.4-bookworm", False),
        ("v3", "v3.40.3", True),
        ("v3", "3.40.3", True),
        ("latest", "1.2.3", True),
        ("latest", "1.2.3-alpine", False),
        ("latest", "1.3.0-rc1", False),
        ("latest", "amd64-1.2.3", False),
        ("latest-alpine", "1.2.3-alpine3.20", True),
        ("stable-perl", "1.26.0-perl", True),
        ("edge", "3.21.0-rc1", True),
        ("alpine", "7.2.4-alpine", True),
        ("alpine", "7.2.4", False),
        ("fpm-alpine", "8.3.1-fpm-alpine", True),
        ("latest", "abc1234", False),
        ("abc1234", "1.0.0", False),
        ("1.2.3", "1.2.3.4", True),
        ("1.2.3.4", "1.2.3.4-ls5", False),
    ],
)
def test_floating_tag_matches(floating, candidate, expected):
    assert floating_tag_matches(floating, candidate) is expected


def test_floating_candidates_newest_and_most_precise_first():
    tags = [
        "16",
        "16.3",
        "16.4",
        "16.4.0",
        "17.0",
        "16.4-alpine",
        "latest",
        "16.4",
        "16.5-rc1",
    ]
    assert floating_candidates("16", tags) == ["16.4.0", "16.4", "16.3"]
    assert floating_candidates("latest", ["1.0", "1.1-alpine", "1.2", "edge"]) == [
        "1.2",
        "1.0",
    ]


def test_version_line_key():
    assert version_line_key("16.1-alpine3.18") == ("", "semver", "alpine3.18")
    assert version_line_key("amd64-1.2.3") == ("amd64", "semver", "")
    assert version_line_key(parse_tag("20240115")) == ("", "date", "")
    assert version_line_key("latest") is None


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("latest", True),
        ("Stable", True),
        ("latest-alpine", True),
        ("edge", True),
        ("lts", True),
        ("1.0", False),
        ("alpine", False),
        ("develop-1.2.3", False),
    ],
)
def test_is_meta_tag(tag, expected):
    assert is_meta_tag(tag) is expected


@pytest.mark.parametrize(
    ("text", "version", "scheme"),
    [
        ("1.2.3", "1.2.3", Scheme.SEMVER),
        ("v2.11.0", "2.11.0", Scheme.SEMVER),
        (" 3.0.0-rc1 ", "3.0.0-rc1", Scheme.SEMVER),
        (
            "Linuxserver.io version:- 1.40.0.7998-f5c1d59-ls280 Build-date:- 2024-01-01",
            "1.40.0.7998",
            Scheme.SEMVER,
        ),
        (
            "Linuxserver.io version:- 4.0.2.1183-ls225 Build-date:- 2024-03-04T12:00:00+00:00",
            "4.0.2.1183",
            Scheme.SEMVER,
        ),
        ("version 1.5.2", "1.5.2", Scheme.SEMVER),
        ("2024.6.4", "2024.6.4", Scheme.CALVER),
        ("2025-01-08", "2025.01.08", Scheme.DATE),
        ("22.04", "22.4", Scheme.SEMVER),
    ],
)
def test_parse_version_string(text, version, scheme):
    parsed = parse_version_string(text)
    assert parsed is not None
    assert (parsed.version_string, parsed.scheme) == (version, scheme)


@pytest.mark.parametrize(
    "text", ["", "   ", "latest", "main", "sha-abc1234", "amd64-1.2.3", "unknown"]
)
def test_parse_version_string_rejects_non_versions(text):
    assert parse_version_string(text) is None


def test_parse_cache_counts_each_tag_once():
    clear_parse_cache()
    tags = [f"1.{i}.0" for i in range(50)]
    for _ in range(10):
        for t in tags:
            parse_tag(t)
    stats = parse_cache_stats()
    assert (stats.misses, stats.hits, stats.size) == (50, 450, 50)
