"""An explicit target version against the container's version labels."""

from __future__ import annotations

import pytest

from services.versioning import parse_constraints
from services.versioning.explicit import crossed_label, tag_options


@pytest.mark.parametrize(
    ("current", "target", "labels", "named"),
    [
        ("1.2.3", "2.0.0", {"docksmith.version-pin-major": "true"}, "pin-major"),
        ("1.2.3", "1.3.0", {"docksmith.version-pin-minor": "true"}, "pin-minor"),
        ("1.2.3", "1.2.4", {"docksmith.version-pin-patch": "true"}, "pin-patch"),
        ("1.2.3", "0.9.0", {"docksmith.version-pin-major": "true"}, "pin-major"),
        ("1.2.3", "3.0.0", {"docksmith.version-max": "2.0.0"}, "max"),
        ("1.2.3", "1.0.0", {"docksmith.version-min": "1.1"}, "min"),
        ("latest", "3.0.0", {"docksmith.version-max": "2"}, "max"),
        # not a version: it cannot be shown to be within the bound
        ("1.2.3", "nightly", {"docksmith.version-max": "2.0.0"}, "max"),
        ("1.2.3", "2024.1.0", {"docksmith.version-pin-major": "true"}, "pin-major"),
    ],
)
def test_a_target_across_a_label_is_named(current, target, labels, named):
    reason = crossed_label(current, target, parse_constraints(labels))
    assert reason is not None
    assert f"docksmith.version-{named}" in reason
    assert target in reason


@pytest.mark.parametrize(
    ("current", "target", "labels"),
    [
        ("1.2.3", "1.9.0", {"docksmith.version-pin-major": "true"}),
        ("1.2.3", "1.2.9", {"docksmith.version-pin-minor": "true"}),
        ("1.2.3", "1.2.3-r1", {"docksmith.version-pin-patch": "true"}),
        ("1.2.3", "2.0.0", {"docksmith.version-max": "2.0.0"}),
        ("1.2.3", "1.1.0", {"docksmith.version-min": "1.1"}),
        ("latest", "7.0", {"docksmith.version-pin-major": "true"}),
        ("1.2.3", "9.9.9", {}),
        ("1.2.3", "latest", {}),
    ],
)
def test_a_target_within_the_labels_passes(current, target, labels):
    assert crossed_label(current, target, parse_constraints(labels)) is None


def test_the_message_says_which_line_the_pin_keeps():
    reason = crossed_label(
        "1.2.3", "1.3.0", parse_constraints({"docksmith.version-pin-minor": "yes"})
    )
    assert reason == (
        "docksmith.version-pin-minor keeps 1.2.3 on 1.2.x; 1.3.0 is outside "
        "that minor line"
    )


def test_tag_options_mark_what_each_label_rules_out():
    labels = {
        "docksmith.version-pin-major": "true",
        "docksmith.tag-regex": r"^\d+\.\d+\.\d+(-rc\d+)?$",
    }
    options = tag_options(
        "1.2.3",
        ["2.0.0", "1.4.0-rc1", "1.4.0", "1.2.3", "1.4.0-alpine", "latest"],
        parse_constraints(labels),
    )
    by_tag = {o.tag: o for o in options}
    # the order is kept, allowed tags carry no reason
    assert [o.tag for o in options] == [
        "2.0.0",
        "1.4.0-rc1",
        "1.4.0",
        "1.2.3",
        "1.4.0-alpine",
        "latest",
    ]
    assert by_tag["1.4.0"].allowed
    assert by_tag["1.4.0"].excluded_by is None
    assert by_tag["1.2.3"].current
    assert by_tag["1.2.3"].allowed
    # each exclusion names the label to blame
    assert "docksmith.version-pin-major" in str(by_tag["2.0.0"].excluded_by)
    assert "docksmith.tag-regex" in str(by_tag["1.4.0-alpine"].excluded_by)
    assert "docksmith.allow-prerelease" in str(by_tag["1.4.0-rc1"].excluded_by)
    assert not by_tag["latest"].allowed


def test_tag_options_without_labels_allow_every_stable_tag():
    options = tag_options("1.0", ["1.1", "2.0", "2.1-beta"], parse_constraints({}))
    assert [(o.tag, o.allowed) for o in options] == [
        ("1.1", True),
        ("2.0", True),
        ("2.1-beta", False),
    ]
