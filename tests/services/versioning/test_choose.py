"""choose_update on tags from images people run."""

from __future__ import annotations

import pytest

from services.versioning import (
    ChangeType,
    Outcome,
    RejectReason,
    choose_update,
    parse_constraints,
)

PIN_MAJOR = {"docksmith.version-pin-major": "true"}
PIN_MINOR = {"docksmith.version-pin-minor": "yes"}
PIN_PATCH = {"docksmith.version-pin-patch": "1"}
PRE = {"docksmith.allow-prerelease": "TRUE"}


def pick(current, tags, labels=None):
    return choose_update(current, tags, parse_constraints(labels or {})).chosen_tag


@pytest.mark.parametrize(
    ("current", "tags", "labels", "expected"),
    [
        # databases
        ("16.1", ["16.2", "17.0", "17.2", "17", "latest", "16-alpine"], {}, "17.2"),
        ("16.1", ["16.2", "17.0", "17.2", "17"], PIN_MAJOR, "16.2"),
        ("16", ["16.4", "17", "17.2", "18beta1"], PIN_MAJOR, "16.4"),
        ("11.4.2", ["11.4.3", "11.4", "11", "lts", "11.5.2", "10.11.9"], {}, "11.5.2"),
        (
            "11.4.2",
            ["11.4.3", "11.4", "11", "lts", "11.5.2", "10.11.9"],
            PIN_MINOR,
            "11.4.3",
        ),
        (
            "7.0.5-jammy",
            ["7.0.6-jammy", "7.0.6-windowsservercore-ltsc2022", "8.0.0-noble"],
            {},
            "7.0.6-jammy",
        ),
        # debian-11 only gets rebuilds of 8.0.35 while 8.0.36 ships on
        # debian-12: the vendor moved on, and so does the line
        (
            "8.0.35-debian-11-r10",
            ["8.0.36-debian-12-r1", "8.0.35-debian-11-r11"],
            {},
            "8.0.36-debian-12-r1",
        ),
        (
            "8.0.35-debian-11-r10",
            ["8.0.36-debian-12-r1", "8.0.36-debian-11-r0"],
            {},
            "8.0.36-debian-11-r0",
        ),
        (
            "8.0.35-debian-11-r10",
            ["8.0.36-debian-12-r1", "8.0.35-debian-11-r9"],
            {},
            "8.0.36-debian-12-r1",
        ),
        (
            "7.2.3-alpine3.18",
            ["7.2.4-alpine3.19", "7.2.4-alpine3.20", "7.2.4-alpine"],
            {},
            "7.2.4-alpine3.20",
        ),
        (
            "7.2.3-alpine",
            ["7.2.4-alpine3.20", "7.2.4", "7.2.4-bookworm"],
            {},
            "7.2.4-alpine3.20",
        ),
        # web servers and proxies
        (
            "1.27.0-alpine-slim",
            ["1.27.1-alpine-slim", "1.27.1-alpine", "1.27.2-alpine3.20-slim"],
            {},
            "1.27.1-alpine-slim",
        ),
        ("v2.11", ["v2.11.1", "v3.0", "v3.1", "3.1"], {}, "v3.1"),
        ("2.11", ["v2.11.1", "v3.0", "v3.1", "3.1"], {}, "3.1"),
        ("v3.39.1", ["v3.40.0", "3.40.0", "1243", "latest"], {}, "v3.40.0"),
        (
            "2.4.58-alpine",
            ["2.4.59-alpine", "2.4.59", "2.4-alpine", "2-alpine"],
            {},
            "2.4.59-alpine",
        ),
        # LinuxServer and Bitnami
        (
            "4.0.0.748-ls220",
            [
                "4.0.1.929-ls221",
                "version-4.0.1.929",
                "amd64-4.0.1.929-ls221",
                "develop-4.0.1.1000-ls5",
            ],
            {},
            "4.0.1.929-ls221",
        ),
        (
            "1.2.3-ls100",
            ["1.2.3-ls101", "1.2.3-ls102", "1.2.4-ls1"],
            PIN_PATCH,
            "1.2.3-ls102",
        ),
        (
            "1.25.3-debian-12-r5",
            [
                "1.25.3-debian-12-r6",
                "1.25.4-debian-12-r0",
                "1.25.4-debian-12-r1",
                "1.25.4",
            ],
            {},
            "1.25.4-debian-12-r1",
        ),
        ("2.4.1-r0", ["2.4.1-r1", "2.4.2-r0"], {}, "2.4.2-r0"),
        # media servers
        (
            "1.40.0.7998-c29d4c0c8",
            ["1.41.0.8992-8463ad060", "latest", "beta", "public"],
            {},
            "1.41.0.8992-8463ad060",
        ),
        (
            "10.8.13",
            ["10.9.0", "10.9.1", "10.10.0-rc1", "unstable", "2024052705"],
            {},
            "10.9.1",
        ),
        # language runtimes
        (
            "3.12.1-slim-bookworm",
            [
                "3.12.2-slim-bookworm",
                "3.12.2-slim-bullseye",
                "3.13.0rc1-slim-bookworm",
                "3.13.0-slim-bookworm",
                "3.13.0-bookworm",
            ],
            {},
            "3.13.0-slim-bookworm",
        ),
        (
            "3.13.0rc1-slim",
            ["3.13.0rc2-slim", "3.13.0-slim", "3.14.0a1-slim"],
            {},
            "3.13.0-slim",
        ),
        ("3.13.0rc1-slim", ["3.13.0rc2-slim", "3.14.0a1-slim"], {}, "3.13.0rc2-slim"),
        ("3.12.1", ["3.13.0rc1", "3.12.2"], PRE, "3.13.0rc1"),
        (
            "8.2.14-fpm-alpine",
            [
                "8.2.15-fpm-alpine",
                "8.3.0RC1-fpm-alpine",
                "8.3.1-fpm-alpine",
                "8.3.1-apache",
            ],
            {},
            "8.3.1-fpm-alpine",
        ),
        (
            "17.0.9_9-jre-jammy",
            ["17.0.10_7-jre-jammy", "21.0.2_13-jre-jammy", "17.0.10_7-jdk-jammy"],
            PIN_MAJOR,
            "17.0.10_7-jre-jammy",
        ),
        ("20", ["20.11", "20.11.1", "21", "22-alpine"], PIN_MAJOR, "20.11.1"),
        # home automation and other calendar versions
        (
            "2024.6.4",
            [
                "2024.7.0",
                "2024.7.1",
                "2024.8.0b0",
                "stable",
                "latest",
                "dev",
                "2024.12.0",
                "2025.1.0",
            ],
            {},
            "2025.1.0",
        ),
        ("2025.1.0", ["2024.12.5", "2025.1.1", "2025.2.0b1"], {}, "2025.1.1"),
        ("2025.02.0", ["2025.02.1", "2025.2.2", "1.2.3"], {}, "2025.2.2"),
        (
            "RELEASE.2024-01-15T10-00-00Z",
            ["RELEASE.2025-04-22T22-12-26Z", "RELEASE.2024-12-18T13-15-44Z", "latest"],
            {},
            "RELEASE.2025-04-22T22-12-26Z",
        ),
        (
            "jammy-20240111",
            ["jammy-20240227", "noble-20240423", "22.04", "jammy"],
            {},
            "jammy-20240227",
        ),
        # apps with variants
        (
            "1.30.1-alpine",
            ["1.30.3-alpine", "1.31.0", "1.31.0-alpine", "alpine", "latest-alpine"],
            {},
            "1.31.0-alpine",
        ),
        (
            "28.0.1-apache",
            [
                "28.0.2-apache",
                "29.0.0-apache",
                "29.0.0-fpm",
                "stable-apache",
                "production",
            ],
            {},
            "29.0.0-apache",
        ),
        (
            "6.4-php8.2-apache",
            ["6.5-php8.2-apache", "6.5-php8.3-apache", "6.6-php8.3-apache"],
            {},
            "6.5-php8.2-apache",
        ),
        (
            "6.5-php8.2-apache",
            ["6.6-php8.3-apache", "6.6.1-php8.3-apache"],
            {},
            "6.6.1-php8.3-apache",
        ),
        (
            "1.21.4-rootless",
            [
                "1.21.5-rootless",
                "1.22.0",
                "1.22.0-rootless",
                "nightly-rootless",
                "dev-rootless",
            ],
            {},
            "1.22.0-rootless",
        ),
        (
            "3.12.10-management-alpine",
            [
                "3.12.12-management-alpine",
                "3.13.0-management",
                "3.13.0-rc.1-management-alpine",
            ],
            {},
            "3.12.12-management-alpine",
        ),
        ("10.2.3-ubuntu", ["10.3.1-ubuntu", "10.3.1"], {}, "10.3.1-ubuntu"),
        ("amd64-1.2.3", ["amd64-1.2.4", "arm64v8-1.2.5", "1.2.6"], {}, "amd64-1.2.4"),
        # CI build numbers and revisions
        ("1086", ["1243", "v3.40.3", "latest"], {}, "1243"),
        ("4.5.0", ["4.5.0.5"], {}, "4.5.0.5"),
    ],
)
def test_real_world_choice(current, tags, labels, expected):
    assert pick(current, tags, labels) == expected


class TestPrecision:
    def test_ties_prefer_the_current_precision(self):
        assert pick("16.1", ["17.2.0", "17.2"]) == "17.2"
        assert pick("16.1.0", ["17.2", "17.2.0"]) == "17.2.0"

    def test_more_precise_newer_versions_win(self):
        # Fixture alpine 3.18 -> 3.19.1: a newer full version beats the floating 3.19.
        assert pick("3.18", ["3.19", "3.19.0", "3.19.1"]) == "3.19.1"

    def test_less_precise_tags_are_only_a_fallback(self):
        assert pick("1.2.3", ["2", "1.2.4"]) == "1.2.4"
        decision = choose_update("1.2.3", ["2", "1.2.4"])
        assert {(r.tag, r.reason) for r in decision.rejected} == {
            ("2", RejectReason.LESS_PRECISE)
        }
        assert pick("1.2.3", ["2"]) == "2"

    def test_ties_prefer_the_current_v_style(self):
        assert pick("v1.0", ["1.1", "v1.1"]) == "v1.1"
        assert pick("1.0", ["v1.1", "1.1"]) == "1.1"


class TestVariants:
    def test_exact_variant_wins_over_a_newer_family_member(self):
        decision = choose_update(
            "16.1-alpine3.18", ["16.3-alpine3.18", "16.3-alpine3.19", "16.2-bookworm"]
        )
        assert decision.chosen_tag == "16.3-alpine3.18"
        assert {(r.tag, r.reason) for r in decision.rejected} == {
            ("16.3-alpine3.19", RejectReason.EXACT_VARIANT_PREFERRED),
            ("16.2-bookworm", RejectReason.VARIANT),
        }

    def test_a_newer_base_continues_the_line_when_the_old_one_stopped(self):
        decision = choose_update(
            "16.1-alpine3.18", ["16.2-alpine3.18", "16.3-alpine3.19"]
        )
        assert decision.chosen_tag == "16.3-alpine3.19"
        assert "moved on from alpine3.18 to alpine3.19" in decision.reason
        assert {(r.tag, r.reason) for r in decision.rejected} == {
            ("16.2-alpine3.18", RejectReason.SUPERSEDED)
        }

    def test_family_fallback_when_the_variant_stopped(self):
        decision = choose_update(
            "16.1-alpine3.18", ["16.1-alpine3.19", "16.2-alpine3.19", "16.2-bookworm"]
        )
        assert decision.chosen_tag == "16.2-alpine3.19"
        assert "same family" in decision.reason

    def test_codenames_are_distinct_variants(self):
        assert pick("16.1-bullseye", ["16.2-bookworm"]) is None
        assert pick("20.10.0-iron", ["20.11.1-iron-alpine", "21.0.0-hydrogen"]) is None

    def test_plain_current_never_moves_to_a_variant(self):
        assert pick("7.2.3", ["7.2.4-alpine", "7.4.0-bookworm"]) is None


class TestOutcomes:
    def test_update(self):
        d = choose_update("1.2.3", ["1.2.4", "1.3.0", "latest"])
        assert (d.outcome, d.chosen_tag, d.change) == (
            Outcome.UPDATE,
            "1.3.0",
            ChangeType.MINOR,
        )
        assert d.current.tag == "1.2.3"

    def test_up_to_date(self):
        d = choose_update("1.3.0", ["1.2.4", "1.3.0", "latest"])
        assert (d.outcome, d.chosen, d.change) == (
            Outcome.UP_TO_DATE,
            None,
            ChangeType.NONE,
        )

    def test_up_to_date_explains_label_exclusions(self):
        d = choose_update("1.3.0", ["2.0.0", "1.4.0-rc1"], parse_constraints(PIN_MAJOR))
        assert d.chosen is None
        assert "1 pinned-major" in d.reason
        assert "1 prerelease" in d.reason

    def test_update_says_which_newer_tags_the_labels_left_out(self):
        # The demo's pinned stack: 1.2.0 is offered, 2.0.0 is newer but pinned
        # away. The reason must say so, not only "the newest release".
        d = choose_update("1.0.0", ["1.2.0", "2.0.0"], parse_constraints(PIN_MAJOR))
        assert d.chosen_tag == "1.2.0"
        assert "newer tags excluded by labels: 1 pinned-major" in d.reason, d.reason
        # A prerelease older than the choice is no newer tag left out.
        d = choose_update("1.0.0", ["1.1.0-rc1", "1.2.0"])
        assert d.chosen_tag == "1.2.0"
        assert "excluded" not in d.reason, d.reason

    def test_reason_never_calls_a_major_jump_the_same_line(self):
        # "Line" means the current major line in the pin labels' help; the
        # reason names the tag format instead, so 2.0.0 is not "in the line
        # of 1.0.0".
        d = choose_update("1.0.0", ["2.0.0"])
        assert d.chosen_tag == "2.0.0"
        assert "line" not in d.reason, d.reason
        assert "2.0.0 is the newest release in the tag format of 1.0.0" in d.reason
        up_to_date = choose_update("1.3.0", ["1.2.4"])
        assert "line" not in up_to_date.reason, up_to_date.reason

    def test_ignored(self):
        d = choose_update(
            "1.2.3", ["1.2.4"], parse_constraints({"docksmith.ignore": "Yes"})
        )
        assert (d.outcome, d.chosen, d.change) == (
            Outcome.IGNORED,
            None,
            ChangeType.UNKNOWN,
        )

    def test_floating_current_suggests_a_pin_unless_latest_is_allowed(self):
        tags = ["latest", "1.2.3", "1.3.0", "1.4.0-rc1", "1.3.0-alpine"]
        d = choose_update("latest", tags)
        assert (d.outcome, d.chosen, d.change) == (
            Outcome.FLOATING_CURRENT,
            None,
            ChangeType.UNKNOWN,
        )
        assert d.pin_suggestion is not None
        assert d.pin_suggestion.tag == "1.3.0"
        capped = choose_update(
            "latest", tags, parse_constraints({"docksmith.version-max": "1.2.9"})
        )
        assert capped.pin_suggestion is not None
        assert capped.pin_suggestion.tag == "1.2.3"
        allowed = choose_update(
            "latest", tags, parse_constraints({"docksmith.allow-latest": "true"})
        )
        assert allowed.pin_suggestion is None

    def test_variant_alias_current_is_floating(self):
        d = choose_update("alpine", ["7.2.4-alpine", "7.4.0-alpine3.20", "7.4.0"])
        assert d.outcome is Outcome.FLOATING_CURRENT
        assert d.pin_suggestion is not None
        assert d.pin_suggestion.tag == "7.4.0-alpine3.20"

    @pytest.mark.parametrize("current", ["pr-123", "abc1234", "something"])
    def test_unversioned_current(self, current):
        d = choose_update(current, ["1.0.0", "2.0.0"])
        assert (d.outcome, d.chosen, d.change) == (
            Outcome.UNVERSIONED_CURRENT,
            None,
            ChangeType.UNKNOWN,
        )

    def test_duplicates_and_the_current_tag_are_not_candidates(self):
        d = choose_update("1.0.0", ["1.0.0", "0.9.0", "0.9.0"])
        assert [r.tag for r in d.rejected] == ["0.9.0"]

    def test_accepts_any_iterable(self):
        assert choose_update("1.0.0", (t for t in ["1.0.1"])).chosen_tag == "1.0.1"

    def test_to_dict_is_json_ready(self):
        import json

        d = choose_update("v3.0.0-beta1", ["v3.0.0-rc1", "v2.11.0", "latest"])
        data = json.loads(json.dumps(d.to_dict()))
        assert data["chosen"]["tag"] == "v3.0.0-rc1"
        assert data["chosen"]["prerelease"] == "rc1"
        assert data["change_type"] == "prerelease"
        assert {r["tag"]: r["reason"] for r in data["rejected"]} == {
            "v2.11.0": "not-newer",
            "latest": "meta-tag",
        }


@pytest.mark.parametrize(
    ("current", "tag", "labels", "reason"),
    [
        ("1.0.0", "latest", {}, RejectReason.META),
        ("1.0.0", "abc1234", {}, RejectReason.HASH),
        ("1.0.0", "something", {}, RejectReason.UNVERSIONED),
        ("1.0.0", "amd64-2.0.0", {}, RejectReason.PREFIX),
        ("1.0.0", "1243", {}, RejectReason.CI_BUILD),
        ("1.0.0", "2024.6.4", {}, RejectReason.SCHEME),
        ("1.0.0", "2.0.0-alpine", {}, RejectReason.VARIANT),
        ("1.0.0", "2.0.0", {"docksmith.tag-regex": r"1\..*"}, RejectReason.TAG_REGEX),
        ("1.0.0", "2.0.0-rc1", {}, RejectReason.PRERELEASE),
        ("1.0.0", "2.0.0", PIN_MAJOR, RejectReason.PIN_MAJOR),
        ("1.0.0", "1.1.0", PIN_MINOR, RejectReason.PIN_MINOR),
        ("1.0.0", "1.0.1", PIN_PATCH, RejectReason.PIN_PATCH),
        ("1.0.0", "1.0.1", {"docksmith.version-min": "1.1"}, RejectReason.BELOW_MIN),
        ("1.0.0", "2.0.0", {"docksmith.version-max": "1.9.9"}, RejectReason.ABOVE_MAX),
        ("1.0.0", "0.9.0", {}, RejectReason.NOT_NEWER),
        ("1.0.0", "v1.0.0", {}, RejectReason.NOT_NEWER),
    ],
)
def test_each_rejection_reason(current, tag, labels, reason):
    d = choose_update(current, [tag], parse_constraints(labels))
    assert d.chosen is None
    assert [(r.tag, r.reason) for r in d.rejected] == [(tag, reason)]
    assert d.rejected[0].explanation


def test_losing_candidates_are_explained():
    d = choose_update("1.0.0", ["1.0.1", "1.1.0"])
    assert [(r.tag, r.reason) for r in d.rejected] == [
        ("1.0.1", RejectReason.SUPERSEDED)
    ]
