"""Logs fit for a service: plain ISO-8601 UTC lines off a terminal, JSON lines
with LOG_FORMAT=json, registry HTTP at DEBUG, one line per finished operation."""

from __future__ import annotations

import io
import json
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

from rest.logs import configured_logging
from services.config import (
    LogFormat,
    Settings,
    SettingsError,
    describe_settings_error,
)
from services.operations import OperationStatus, OperationType
from services.operations.summary import finished_line
from services.store.records import OperationRecord

ISO_UTC = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


def _emit(log_format: LogFormat, level: str = "INFO") -> list[str]:
    stream = io.StringIO()
    with configured_logging(level, stream, log_format):
        logging.getLogger("docksmith.test").info("checked %d containers", 3)
        try:
            raise RuntimeError("engine went away\nsecond line")
        except RuntimeError:
            logging.getLogger("docksmith.test").exception("check failed")
        logging.getLogger("httpx").info("HTTP Request: GET http://127.0.0.1/v2/")
    return stream.getvalue().splitlines()


def test_json_format_gives_one_object_per_line():
    lines = _emit(LogFormat.JSON)
    assert len(lines) == 2  # the registry request line stays below INFO
    first, second = (json.loads(line) for line in lines)
    assert first == {
        "time": first["time"],
        "level": "INFO",
        "logger": "docksmith.test",
        "message": "checked 3 containers",
    }
    assert re.fullmatch(ISO_UTC, first["time"])
    assert second["level"] == "ERROR"
    assert second["message"] == "check failed"
    assert "RuntimeError: engine went away\nsecond line" in second["exception"]


def test_plain_format_off_a_terminal_is_one_iso_utc_line_per_record():
    lines = _emit(LogFormat.AUTO)  # a StringIO is not a terminal
    assert len(lines) == 2
    assert re.match(rf"{ISO_UTC} INFO docksmith\.test: checked 3 containers$", lines[0])
    assert re.match(rf"{ISO_UTC} ERROR docksmith\.test: check failed \| ", lines[1])


def test_registry_http_lines_are_debug():
    lines = _emit(LogFormat.PLAIN, level="DEBUG")
    [request] = [line for line in lines if "HTTP Request" in line]
    assert " DEBUG httpx: " in request


def test_log_format_setting_accepts_any_case_and_names_a_bad_value(tmp_path):
    assert Settings(_env_file=None, log_format="JSON").log_format is LogFormat.JSON
    assert Settings(_env_file=None).log_format is LogFormat.AUTO
    with pytest.raises(SettingsError) as info:
        Settings(_env_file=None, log_format="xml")
    assert describe_settings_error(info.value) == (
        "LOG_FORMAT='xml' is invalid: expected one of auto, plain, json"
    )


START = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _op(kind: str, status: str = "complete", **fields) -> OperationRecord:
    return OperationRecord(
        operation_id="op_1",
        operation_type=OperationType(kind),
        status=OperationStatus(status),
        container_name="web",
        started_at=START,
        completed_at=START + timedelta(seconds=4.14),
        **fields,
    )


@pytest.mark.parametrize(
    ("record", "line"),
    [
        (
            _op("update", old_version="1.2.0", new_version="1.3.0"),
            "updated web from 1.2.0 to 1.3.0 in 4.1 s",
        ),
        (
            _op("rollback", old_version="1.3.0", new_version="1.2.0"),
            "rolled back web from 1.3.0 to 1.2.0 in 4.1 s",
        ),
        (
            _op("update", "failed", error_message="pull failed: manifest unknown"),
            "update of web failed: pull failed: manifest unknown in 4.1 s",
        ),
        (
            _op(
                "update",
                "failed",
                error_message="health check failed",
                old_version="1.2.0",
                new_version="1.3.0",
                rollback_occurred=True,
            ),
            "update of web failed: health check failed; rolled back to 1.2.0 in 4.1 s",
        ),
        (_op("restart"), "restarted web in 4.1 s"),
        (
            _op("label_change", old_version='{"a": "1"}', new_version='{"a": "2"}'),
            "changed the labels of web in 4.1 s",
        ),
        (
            _op("batch", "failed", error_message="db: pull failed"),
            "batch update of web failed: db: pull failed in 4.1 s",
        ),
    ],
)
def test_finished_operation_line(record, line):
    assert finished_line(record) == line
