"""The docksmith.* version labels: parsing, validation and effect."""

from __future__ import annotations

import time

import pytest

from services.errors import InvalidInputError
from services.versioning import (
    Constraints,
    choose_update,
    parse_constraints,
)
from services.versioning.explicit import crossed_label


@pytest.mark.parametrize("value", ["true", "TRUE", "True", "1", "yes", "YES", " yes "])
def test_true_values(value):
    c = parse_constraints({"docksmith.allow-prerelease": value})
    assert c.allow_prerelease is True


@pytest.mark.parametrize("value", ["false", "FALSE", "0", "no", ""])
def test_false_values(value):
    assert (
        parse_constraints(
            {"docksmith.pin-major": "x", "docksmith.ignore": value}
        ).ignore
        is False
    )


@pytest.mark.parametrize(
    "label",
    [
        "docksmith.ignore",
        "docksmith.allow-latest",
        "docksmith.allow-prerelease",
        "docksmith.version-pin-major",
        "docksmith.version-pin-minor",
        "docksmith.version-pin-patch",
    ],
)
def test_unparseable_booleans_name_the_label(label):
    with pytest.raises(InvalidInputError, match=label) as info:
        parse_constraints({label: "maybe"})
    assert "'maybe'" in info.value.message


def test_defaults_and_unrelated_labels():
    c = parse_constraints(
        {"com.docker.compose.project": "x", "docksmith.pre-update-check": "/s.sh"}
    )
    assert c == Constraints()


def test_all_labels_parse():
    c = parse_constraints(
        {
            "docksmith.ignore": "0",
            "docksmith.allow-latest": "1",
            "docksmith.allow-prerelease": "yes",
            "docksmith.version-pin-major": "true",
            "docksmith.version-pin-minor": "true",
            "docksmith.version-pin-patch": "true",
            "docksmith.version-min": "v1.2",
            "docksmith.version-max": "3.0.0-ls5",
            "docksmith.tag-regex": r"^\d+\.\d+\.\d+$",
        }
    )
    assert (c.ignore, c.allow_latest, c.allow_prerelease) == (False, True, True)
    assert (c.pin_major, c.pin_minor, c.pin_patch) == (True, True, True)
    assert c.version_min is not None
    assert c.version_min.numbers == (1, 2)
    assert c.version_max is not None
    assert c.version_max.build == (5,)
    assert c.tag_regex is not None
    assert c.tag_regex.matches("1.2.3")


@pytest.mark.parametrize("label", ["docksmith.version-min", "docksmith.version-max"])
@pytest.mark.parametrize("value", ["latest", "abc", "not a version", "sha-abc1234"])
def test_bounds_must_be_versions(label, value):
    with pytest.raises(InvalidInputError, match=label):
        parse_constraints({label: value})


def test_min_above_max_is_rejected():
    with pytest.raises(InvalidInputError, match="version-min"):
        parse_constraints(
            {"docksmith.version-min": "2.0", "docksmith.version-max": "1.0"}
        )


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("(a)\\1", "escape"),  # backreference
        ("(?=a)b", "perl operator"),  # lookahead
        ("[a-", "missing"),
        ("x" * 501, "limit is 500"),
    ],
)
def test_bad_regexes_are_rejected_clearly(pattern, why):
    with pytest.raises(InvalidInputError, match=r"docksmith\.tag-regex") as info:
        parse_constraints({"docksmith.tag-regex": pattern})
    assert why in info.value.message


def test_catastrophic_pattern_runs_in_linear_time():
    # (a+)+$ takes exponential time in a backtracking engine on this input.
    c = parse_constraints({"docksmith.tag-regex": "(a+)+b"})
    tags = ["a" * 5000 + "!", "1.0.1"]
    started = time.perf_counter()
    d = choose_update("1.0.0", tags, c)
    assert time.perf_counter() - started < 1.0
    assert d.chosen is None


def test_regex_matches_the_whole_tag():
    c = parse_constraints({"docksmith.tag-regex": r"1\.2"})
    assert choose_update("1.0.0", ["1.2.0", "1.2"], c).chosen_tag == "1.2"


class TestEffect:
    TAGS = ["1.2.4", "1.3.0", "1.3.1", "2.0.0", "2.1.0-rc1", "3.0.0", "3.0.0-ls5"]

    @pytest.mark.parametrize(
        ("labels", "expected"),
        [
            ({}, "3.0.0-ls5"),
            ({"docksmith.version-pin-major": "true"}, "1.3.1"),
            ({"docksmith.version-pin-minor": "true"}, "1.2.4"),
            ({"docksmith.version-pin-patch": "true"}, None),
            (
                {"docksmith.version-max": "3.0.0"},
                "3.0.0",
            ),  # a build of 3.0.0 is above 3.0.0
            ({"docksmith.version-max": "2.9"}, "2.0.0"),
            ({"docksmith.version-max": "2.0"}, "2.0.0"),  # inclusive; 2.0 == 2.0.0
            (
                {"docksmith.version-max": "2.9", "docksmith.allow-prerelease": "1"},
                "2.1.0-rc1",
            ),
            (
                {"docksmith.version-min": "2.0", "docksmith.version-max": "2.0.0"},
                "2.0.0",
            ),
            ({"docksmith.version-min": "4"}, None),
            (
                {"docksmith.version-max": "2024.1.1"},
                None,
            ),  # another scheme bounds nothing in
            ({"docksmith.tag-regex": r"1\.\d+\.\d+"}, "1.3.1"),
            ({"docksmith.tag-regex": r"\d+\.\d+\.\d+"}, "3.0.0"),
        ],
    )
    def test_constraint(self, labels, expected):
        assert (
            choose_update("1.2.3", self.TAGS, parse_constraints(labels)).chosen_tag
            == expected
        )

    def test_pins_follow_the_current_version_not_the_tag_precision(self):
        c = parse_constraints({"docksmith.version-pin-minor": "true"})
        assert (
            choose_update("7.2.0", ["7.2.4", "7.3.0", "8.0.0"], c).chosen_tag == "7.2.4"
        )
        c = parse_constraints({"docksmith.version-pin-major": "true"})
        assert (
            choose_update("7.2.0", ["7.2.4", "7.4.1", "8.0.0"], c).chosen_tag == "7.4.1"
        )


class TestSeveralPins:
    """Pin major and Pin minor (or patch) may both be on: the strictest pin
    decides, as in the original, and the others add nothing. Nothing refuses
    the pair: an auto-update level adds its pin beside the container's own
    (services/autoupdate/planner.py), and labels written for the original
    keep working. The UI says which pin decides (LabelsEditor)."""

    TAGS = ["1.2.4", "1.3.0", "2.0.0"]
    MAJOR = {"docksmith.version-pin-major": "true"}
    MINOR = {"docksmith.version-pin-minor": "true"}
    PATCH = {"docksmith.version-pin-patch": "true"}

    @pytest.mark.parametrize(
        ("labels", "alone"),
        [
            ({**MAJOR, **MINOR}, MINOR),
            ({**MAJOR, **PATCH}, PATCH),
            ({**MINOR, **PATCH}, PATCH),
            ({**MAJOR, **MINOR, **PATCH}, PATCH),
        ],
    )
    def test_the_strictest_pin_decides(self, labels, alone):
        both, strictest = parse_constraints(labels), parse_constraints(alone)
        chosen = choose_update("1.2.3", self.TAGS, both)
        assert (
            chosen.chosen_tag == choose_update("1.2.3", self.TAGS, strictest).chosen_tag
        )
        for target in [*self.TAGS, "1.2.3-r1"]:
            assert crossed_label("1.2.3", target, both) == crossed_label(
                "1.2.3", target, strictest
            )
