"""Properties of the order and of choose_update over generated tags."""

from __future__ import annotations

import itertools
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.versioning import (
    Constraints,
    choose_update,
    compare,
    parse_constraints,
    parse_tag,
    sort_key,
)

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

numbers = st.lists(st.integers(0, 12), min_size=1, max_size=4)
prereleases = st.sampled_from(
    ["", "-rc1", "-rc2", "-beta1", "-alpha", "rc3", "-beta.2", "-dev1"]
)
variants = st.sampled_from(
    ["", "-alpine", "-alpine3.19", "-alpine3.20", "-bookworm", "-slim-bookworm"]
)
builds = st.sampled_from(["", "-ls5", "-ls12", "-r1", "-r3"])


@st.composite
def version_tags(draw: st.DrawFn) -> str:
    v = draw(st.sampled_from(["", "v"]))
    nums = ".".join(str(n) for n in draw(numbers))
    return v + nums + draw(prereleases) + draw(variants) + draw(builds)


noise = st.sampled_from(
    ["latest", "edge", "abc1234", "1243", "amd64-1.2.3", "2024.6.4", "pr-7", "alpine"]
)
tag_lists = st.lists(st.one_of(version_tags(), noise), max_size=25)
bool_text = st.sampled_from(["", "true", "false"])


@st.composite
def label_sets(draw: st.DrawFn) -> dict[str, str]:
    labels = {
        "docksmith.version-pin-major": draw(bool_text),
        "docksmith.version-pin-minor": draw(bool_text),
        "docksmith.version-pin-patch": draw(bool_text),
        "docksmith.allow-prerelease": draw(bool_text),
    }
    if draw(st.booleans()):
        labels["docksmith.version-max"] = ".".join(str(n) for n in draw(numbers))
    if draw(st.booleans()):
        labels["docksmith.version-min"] = ".".join(str(n) for n in draw(numbers))
    if draw(st.booleans()):
        labels["docksmith.tag-regex"] = draw(
            st.sampled_from([r"v?\d+\.\d+\.\d+.*", r".*alpine.*", r"[^-]*"])
        )
    return labels


@SETTINGS
@given(st.lists(version_tags(), min_size=1, max_size=12))
def test_order_is_total_and_consistent(tags):
    ordered = sorted(tags, key=sort_key)
    for a, b in itertools.pairwise(ordered):
        assert compare(a, b) <= 0
    for a in tags:
        for b in tags:
            assert compare(a, b) == -compare(b, a)
            assert (compare(a, b) == 0) == (parse_tag(a).key == parse_tag(b).key)
            # sort_key refines compare: equal sort keys only for identical tags
            assert (sort_key(a) == sort_key(b)) == (a == b)


@SETTINGS
@given(st.text(alphabet=string.ascii_letters + string.digits + "._-", max_size=40))
def test_parser_accepts_any_docker_tag_text(text):
    p = parse_tag(text)
    assert p.tag == text
    assert (p.scheme is None) == (p.key == ())


def _satisfies(current, chosen, c: Constraints) -> bool:
    pin = 3 if c.pin_patch else 2 if c.pin_minor else 1 if c.pin_major else 0
    if chosen.release[:pin] != current.release[:pin]:
        return False
    if c.version_min is not None and chosen.key < c.version_min.key:
        return False
    if c.version_max is not None and chosen.key > c.version_max.key:
        return False
    if c.tag_regex is not None and not c.tag_regex.matches(chosen.tag):
        return False
    if chosen.prerelease is not None and not c.allow_prerelease:
        return current.prerelease is not None and chosen.release == current.release
    return True


@SETTINGS
@given(version_tags(), tag_lists, label_sets(), st.randoms(use_true_random=False))
def test_choose_update_is_newer_constrained_and_order_independent(
    current, tags, labels, rnd
):
    try:
        constraints = parse_constraints(labels)
    except Exception:  # min above max: nothing to choose under
        return
    decision = choose_update(current, tags, constraints)
    shuffled = list(tags)
    rnd.shuffle(shuffled)
    assert (
        choose_update(current, shuffled, constraints).chosen_tag == decision.chosen_tag
    )
    chosen = decision.chosen
    if chosen is None:
        return
    cur = parse_tag(current)
    assert chosen.tag in tags
    assert chosen.scheme is cur.scheme
    assert compare(chosen, cur) == 1
    assert _satisfies(cur, chosen, constraints)
    # nothing acceptable in the same exact variant was newer than the choice
    if chosen.variant == cur.variant:
        for t in tags:
            p = parse_tag(t)
            if (
                p.variant == cur.variant
                and p.scheme is cur.scheme
                and p.prefix == cur.prefix
                and p.precision >= cur.precision
                and _satisfies(cur, p, constraints)
                and compare(p, cur) == 1
            ):
                assert compare(p, chosen) <= 0
