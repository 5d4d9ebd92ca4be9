"""Which notice a finished operation makes (pure: records in, notices out)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.notify.model import NotificationEvent, Severity
from services.notify.notices import operation_notice
from services.operations import OperationStatus, OperationType
from services.store.records import OperationRecord

AT = datetime(2026, 12, 6, 4, 0, tzinfo=UTC)


def test_an_auto_update_run_names_only_the_containers_it_acted_on():
    record = OperationRecord(
        "op_3",
        OperationType.AUTO_UPDATE,
        OperationStatus.FAILED,
        "auto-update",
        rollback_occurred=True,
        error_message="1 updated, 1 failed (db: health check failed)",
        summary="1 updated, 1 failed, 1 not included",
        batch_details=[
            {"container_name": "api", "stack": "web", "included": True, "outcome": "updated"},
            {"container_name": "db", "stack": "web", "included": True,
             "outcome": "rolled_back", "message": "health check failed"},
            {"container_name": "cache", "stack": "web", "included": False,
             "outcome": None, "message": "policy is off"},
        ],
    )  # fmt: skip
    notice = operation_notice(record, AT)
    assert notice is not None
    assert notice.event is NotificationEvent.OPERATION_FINISHED
    assert notice.severity is Severity.WARNING
    assert (
        notice.summary
        == "automatic update run failed and was rolled back automatically"
    )
    assert [s.container for s in notice.subjects] == ["api", "db"]
    assert {s.stack for s in notice.subjects} == {"web"}
    assert notice.data["containers"][1] == {
        "container": "db",
        "status": "rolled_back",
        "message": "health check failed",
    }


def test_restarts_and_label_changes_are_not_announced():
    for kind in ("restart", "label_change", "stop", "remove", "fix_mismatch"):
        record = OperationRecord(
            "op", OperationType(kind), OperationStatus.COMPLETE, "x"
        )
        assert operation_notice(record, AT) is None
