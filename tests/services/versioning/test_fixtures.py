"""The real-world tag fixtures: each case's expected_latest is the answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.versioning import Outcome, choose_update, parse_constraints

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Docksmith's own cases in the same format (the copies above must stay equal
# to the shared set, so additions live beside them).
OWN_CASES = Path(__file__).resolve().parent / "cases"
SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "tag-fixtures"


def _cases(folder: Path = FIXTURES) -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text())
        for i, case in enumerate(data["test_cases"]):
            cases.append((f"{path.stem}-{i}-{case['current_tag']}", case))
    return cases


CASES = _cases()
ALL_CASES = CASES + _cases(OWN_CASES)


def test_fixture_copy_is_complete():
    assert len(list(FIXTURES.glob("*.json"))) == 9
    assert len(CASES) == 21


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="shared/ is not checked out beside the repo"
)
def test_fixture_copy_matches_shared():
    shared = {p.name: p.read_bytes() for p in SHARED.glob("*.json")}
    copied = {p.name: p.read_bytes() for p in FIXTURES.glob("*.json")}
    assert copied == shared


@pytest.mark.parametrize(
    "case", [c for _, c in ALL_CASES], ids=[i for i, _ in ALL_CASES]
)
def test_fixture_expected_latest(case):
    # given
    constraints = parse_constraints(case.get("labels", {}))
    # when
    decision = choose_update(case["current_tag"], case["available_tags"], constraints)
    # then
    if case["expected_latest"] == case["current_tag"]:
        assert decision.chosen is None
        if case["expected_version"] == "digest":
            assert decision.outcome is Outcome.FLOATING_CURRENT
        else:
            assert decision.outcome is Outcome.UP_TO_DATE
            assert decision.current.version_string == case["expected_version"]
    else:
        assert decision.outcome is Outcome.UPDATE
        assert decision.chosen_tag == case["expected_latest"]
        assert decision.chosen is not None
        assert decision.chosen.version_string == case["expected_version"]


def test_fixture_edge_case_examples():
    # The "edge_cases" sections state how single tags must be classified.
    from services.versioning import TagKind, is_meta_tag, parse_tag

    assert is_meta_tag("edge")
    assert is_meta_tag("mainline")
    assert is_meta_tag("stable")
    assert parse_tag("20250108").version_string == "2025.01.08"
    assert parse_tag("amd64-1.43.0.10492-121068a07-ls293").kind is TagKind.PREFIXED
    assert parse_tag("version-1.43.0.10492-121068a07").kind is TagKind.PREFIXED
    assert parse_tag("f737b826c").kind is TagKind.HASH
    assert parse_tag("5.28.0.10274-ls285").version_string == "5.28.0.10274"
