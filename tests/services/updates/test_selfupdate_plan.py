"""The self-update plan crosses versions (the old Docksmith writes it, the new
image's helper reads it): its kind is the same word, read back as the enum."""

from __future__ import annotations

import json

from services.updates.selfupdate import Plan
from services.updates.state import MemberKind


def test_a_plan_reads_back_its_kind_as_the_enum():
    plan = Plan(
        operation_id="op_1", kind=MemberKind.STANDALONE, container="docksmith",
        new_ref="docksmith:2", health_timeout_seconds=60, stability_seconds=5,
    )  # fmt: skip
    text = plan.to_json()
    assert json.loads(text)["kind"] == "standalone"
    assert Plan.from_json(text) == plan
    assert Plan.from_json(text).kind is MemberKind.STANDALONE
