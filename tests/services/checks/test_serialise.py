"""Saved check results: the JSON form round-trips and matches the full
recursive conversion it replaced."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

from services.checks.model import CheckResult, ContainerStatus, PreUpdateCheck
from services.checks.serialise import result_from_json, result_to_json


def full_result() -> CheckResult:
    return CheckResult(
        name="web", id="f" * 64, image="example/web:1.0.0",
        status=ContainerStatus.UPDATE_AVAILABLE_BLOCKED,
        checked_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), stack="site",
        service="web", labels={"docksmith.ignore": "false"}, health="healthy",
        state="running", current_tag="1.0.0", current_version="1.0.0",
        current_digest="sha256:" + "a" * 64, latest_version="1.1.0",
        latest_tag="1.1.0", latest_digest="sha256:" + "b" * 64, change_type="minor",
        recommended_tag="1.0.0", reason="blocked", error=None,
        compose_file="/srv/site/compose.yaml", compose_image="example/web:${TAG}",
        env_controlled=True, env_var_name="TAG", labels_out_of_sync=True,
        compose_labels={"docksmith.ignore": "true"}, dependencies=("db", "cache"),
        pre_update_check=PreUpdateCheck("check.sh", False, "no", "label"),
    )  # fmt: skip


def recursive(result: CheckResult) -> dict:
    data = dataclasses.asdict(result)
    data["status"] = str(result.status)
    data["checked_at"] = result.checked_at.isoformat()
    data["labels"] = dict(result.labels)
    data["dependencies"] = list(result.dependencies)
    return data


def test_the_saved_form_is_what_the_recursive_conversion_gave():
    for result in (full_result(), CheckResult("a", "1", "x", ContainerStatus.ERROR,
                                              datetime(2026, 1, 1, tzinfo=UTC))):  # fmt: skip
        assert json.dumps(result_to_json(result)) == json.dumps(recursive(result))
        assert (
            result_from_json(json.loads(json.dumps(result_to_json(result)))) == result
        )
