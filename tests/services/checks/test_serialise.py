"""Saved check results: the JSON form round-trips, matches the full
recursive conversion it replaced, and what earlier versions saved still
loads."""

from __future__ import annotations

import base64
import dataclasses
import json
import tracemalloc
import zlib
from dataclasses import replace
from datetime import UTC, datetime
from types import MappingProxyType

import pytest

from services.checks.model import (
    CheckResult,
    ContainerStatus,
    PreUpdateCheck,
    PreUpdateSource,
)
from services.checks.serialise import (
    PACKED,
    pack_results,
    results_from_json,
    results_to_json,
    unpack_results,
)
from services.versioning.model import ChangeType


def full_result() -> CheckResult:
    return CheckResult(
        name="web", id="f" * 64, image="example/web:1.0.0",
        status=ContainerStatus.UPDATE_AVAILABLE_BLOCKED,
        checked_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), stack="site",
        service="web", labels={"docksmith.ignore": "false"}, health="healthy",
        state="running", current_tag="1.0.0", current_version="1.0.0",
        current_digest="sha256:" + "a" * 64, latest_version="1.1.0",
        latest_tag="1.1.0", latest_digest="sha256:" + "b" * 64, change_type=ChangeType.MINOR,
        recommended_tag="1.0.0", reason="blocked", error=None,
        compose_file="/srv/site/compose.yaml", compose_image="example/web:${TAG}",
        env_controlled=True, env_var_name="TAG", labels_out_of_sync=True,
        compose_labels={"docksmith.ignore": "true"}, dependencies=("db", "cache"),
        pre_update_check=PreUpdateCheck("check.sh", False, "no", PreUpdateSource.LABEL),
    )  # fmt: skip


def recursive(result: CheckResult) -> dict:
    data = dataclasses.asdict(result)
    data["status"] = str(result.status)
    data["checked_at"] = result.checked_at.isoformat()
    data["labels"] = dict(result.labels)
    data["dependencies"] = list(result.dependencies)
    return data


def test_the_saved_form_is_what_the_recursive_conversion_gave():
    results = [
        full_result(),
        CheckResult("a", "1", "x", ContainerStatus.ERROR, datetime(2026, 1, 1, tzinfo=UTC)),
        # A label map that is not a dict is saved as one all the same.
        replace(full_result(), labels=MappingProxyType({"a": "b"}), compose_labels=None),
    ]  # fmt: skip
    saved = json.loads(results_to_json(results))
    for result, item in zip(results, saved, strict=True):
        expected = recursive(replace(result, labels=dict(result.labels)))
        # The one liberty: UTC written as Z; the time it names is the same.
        assert datetime.fromisoformat(item.pop("checked_at")) == result.checked_at
        expected.pop("checked_at")
        assert item == expected
    assert results_from_json(results_to_json(results)) == [
        replace(r, labels=dict(r.labels)) for r in results
    ]


def test_results_saved_by_the_earlier_encoder_still_load():
    results = [full_result()]
    earlier = json.dumps([recursive(r) for r in results])
    assert results_from_json(earlier) == results


def test_closed_sets_load_as_their_enums_and_save_as_the_same_words():
    [loaded] = results_from_json(results_to_json([full_result()]))
    assert loaded.change_type is ChangeType.MINOR
    assert loaded.pre_update_check is not None
    assert loaded.pre_update_check.source is PreUpdateSource.LABEL
    [saved] = json.loads(results_to_json([loaded]))
    assert saved["change_type"] == "minor"
    assert saved["pre_update_check"]["source"] == "label"
    no_change = replace(full_result(), change_type=None, pre_update_check=None)
    [loaded] = results_from_json(results_to_json([no_change]))
    assert loaded.change_type is None


def test_saved_results_are_deflated_and_load_back():
    # given: 2,000 results, as a check of that many containers saves them
    base = full_result()
    results = [
        replace(base, name=f"web-{i:04d}", labels={"n": str(i)}) for i in range(2000)
    ]

    # when
    saved = pack_results(results)

    # then: a fraction of the JSON (which SQLite copied twice while writing
    # it, at the peak of every check's memory), and the same results back
    assert saved.startswith(PACKED)
    assert len(saved) < len(results_to_json(results)) / 4
    assert unpack_results(saved) == results


def test_saving_deflates_as_it_writes_without_the_whole_json():
    base = full_result()
    results = [
        replace(base, name=f"web-{i:04d}", labels={"n": str(i)}) for i in range(2000)
    ]
    text = results_to_json(results)

    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        saved = pack_results(results)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()

    # The JSON is what a plain read gives back, byte for byte, though it was
    # never held whole: the peak is the deflated answer and a piece of it.
    raw = zlib.decompress(base64.b64decode(saved.removeprefix(PACKED)))
    assert raw == text.encode()
    assert peak < len(text) / 4, (peak, len(text))


def test_results_saved_as_plain_json_by_earlier_versions_still_load():
    results = [full_result()]
    assert unpack_results(results_to_json(results)) == results
    assert unpack_results(json.dumps([recursive(r) for r in results])) == results


@pytest.mark.parametrize(
    ("damaged", "words"),
    [
        (PACKED + "not base64!", "saved check results are damaged"),
        (PACKED + "aGVsbG8=", "saved check results are damaged"),
        ("{not json", "Expecting property name"),
    ],
)
def test_damaged_saved_results_are_a_value_error(damaged, words):
    # CheckService.load logs a ValueError and starts without results.
    with pytest.raises(ValueError, match=words):
        unpack_results(damaged)
