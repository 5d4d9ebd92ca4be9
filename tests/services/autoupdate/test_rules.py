"""The auto-update vocabulary: levels, ages, windows, cron, policy order."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.autoupdate.planner import ready_at
from services.autoupdate.policy import AutoUpdateSource, effective
from services.autoupdate.rules import (
    AutoUpdateLevel,
    check_labels,
    format_age,
    level_needed,
    parse_age,
)
from services.autoupdate.schedule import CronSchedule, parse_zone
from services.autoupdate.windows import parse_windows
from services.config import Settings, SettingsError, describe_settings_error
from services.errors import InvalidInputError
from services.lifecycle.labels import LabelChange, check_change
from services.store.records import AutoUpdatePolicyRecord
from services.versioning.model import ChangeType

SAT_0300 = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # a Saturday


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("3d", 259200), ("12h", 43200), ("1w", 604800), ("1d12h", 129600), ("0", 0)],
)
def test_ages_parse_and_format_back(text, seconds):
    assert parse_age(text) == timedelta(seconds=seconds)
    assert parse_age(format_age(parse_age(text))) == parse_age(text)


@pytest.mark.parametrize("text", ["3 days", "3", "d3", "-1d", "", "400d"])
def test_bad_ages_are_refused_naming_the_label(text):
    with pytest.raises(InvalidInputError, match=r"docksmith\.min-age"):
        parse_age(text)


def test_levels_needed_by_change():
    assert level_needed(ChangeType.PATCH, same_tag=False) is AutoUpdateLevel.PATCH
    assert level_needed(ChangeType.MINOR, same_tag=False) is AutoUpdateLevel.MINOR
    assert level_needed(ChangeType.UNKNOWN, same_tag=False) is AutoUpdateLevel.MAJOR
    assert level_needed(ChangeType.NONE, same_tag=True) is AutoUpdateLevel.DIGEST
    # a floating tag that moved across a major needs the major level
    assert level_needed(ChangeType.MAJOR, same_tag=True) is AutoUpdateLevel.MAJOR


def test_windows_cross_midnight_and_name_the_next_opening():
    windows = parse_windows("sat,sun 02:00-06:00; mon-fri 22:00-02:00")
    assert windows.contains(SAT_0300, UTC)
    assert windows.contains(SAT_0300 - timedelta(hours=2), UTC)  # Friday night
    assert not windows.contains(SAT_0300 + timedelta(hours=4), UTC)
    assert windows.next_opening(SAT_0300, UTC) == SAT_0300 + timedelta(days=1, hours=-1)


def test_windows_are_read_in_the_configured_zone():
    berlin = ZoneInfo("Europe/Berlin")
    windows = parse_windows("02:00-03:00")
    assert windows.contains(datetime(2026, 12, 5, 1, 30, tzinfo=UTC), berlin)
    assert not windows.contains(datetime(2026, 12, 5, 2, 30, tzinfo=UTC), berlin)


@pytest.mark.parametrize(
    "text", ["", "xyz 01:00-02:00", "25:00-01:00", "01:00-01:00", "mon", "1-2"]
)
def test_bad_windows_are_refused_with_the_syntax(text):
    with pytest.raises(InvalidInputError, match=r"\[days \]HH:MM-HH:MM"):
        parse_windows(text)


def test_cron_next_fire_in_a_zone_and_bad_expressions():
    schedule = CronSchedule("0 4 * * *", parse_zone("Europe/Berlin"))
    assert schedule.next_after(SAT_0300) == datetime(2026, 12, 6, 3, 0, tzinfo=UTC)
    for bad in ("0 4 * *", "61 * * * *", "0 0 30 2 *"):
        with pytest.raises(InvalidInputError):
            CronSchedule(bad)


def test_settings_name_the_variable_and_its_form():
    with pytest.raises(SettingsError) as caught:
        Settings(
            _env_file=None,
            auto_update_schedule="0 4 * *",
            auto_update_min_age="3x",
            auto_update_timezone="Mars/Olympus",
        )
    text = describe_settings_error(caught.value)
    assert "AUTO_UPDATE_SCHEDULE='0 4 * *' is invalid: expected a cron" in text
    assert "AUTO_UPDATE_MIN_AGE='3x' is invalid" in text
    assert "AUTO_UPDATE_TIMEZONE='Mars/Olympus' is invalid" in text


def test_label_wins_over_container_over_stack_over_global_over_default():
    def row(kind: str, **values: object) -> AutoUpdatePolicyRecord:
        return AutoUpdatePolicyRecord(entity_type=kind, entity_id="x", **values)  # type: ignore[arg-type]

    rows = {
        "container": row("container", min_age_seconds=60),
        "stack": row("stack", level="minor", maintenance_window="02:00-03:00"),
        "global_policy": row("global", level="major", min_age_seconds=7200),
    }
    got = effective({}, default_min_age=timedelta(days=1), **rows)  # type: ignore[arg-type]
    assert (got.level, got.level_source) == (
        AutoUpdateLevel.MINOR,
        AutoUpdateSource.STACK,
    )
    assert (got.min_age, got.min_age_source) == (
        timedelta(minutes=1),
        AutoUpdateSource.CONTAINER,
    )
    assert got.window_source is AutoUpdateSource.STACK
    labelled = effective(
        {"docksmith.auto-update": "off", "docksmith.min-age": "2h"},
        default_min_age=timedelta(0),
        **rows,  # type: ignore[arg-type]
    )
    assert (labelled.level, labelled.level_source) == (
        AutoUpdateLevel.OFF,
        AutoUpdateSource.LABEL,
    )
    assert labelled.min_age == timedelta(hours=2)
    default = effective(
        {},
        container=None,
        stack=None,
        global_policy=None,
        default_min_age=timedelta(days=3),
    )
    assert (default.level, default.min_age_source) == (
        AutoUpdateLevel.OFF,
        AutoUpdateSource.DEFAULT,
    )


def test_min_age_counts_from_the_build_time_else_first_seen():
    built = datetime(2026, 12, 1, tzinfo=UTC)
    seen = datetime(2026, 12, 3, tzinfo=UTC)
    assert ready_at(built, seen, timedelta(days=3)) == (
        built + timedelta(days=3),
        "built 2026-12-01 00:00 UTC",
    )
    assert ready_at(None, seen, timedelta(days=3))[0] == seen + timedelta(days=3)
    assert "first seen" in ready_at(None, seen, timedelta(days=3))[1]


@pytest.mark.parametrize(
    ("labels", "named"),
    [
        ({"docksmith.auto-update": "weekly"}, "docksmith.auto-update"),
        ({"docksmith.min-age": "soon"}, "docksmith.min-age"),
        ({"docksmith.maintenance-window": "nightly"}, "docksmith.maintenance-window"),
    ],
)
def test_labels_api_refuses_bad_auto_update_values(tmp_path, labels, named):
    check_labels({"docksmith.auto-update": "PATCH", "docksmith.min-age": "3d"})
    with pytest.raises(InvalidInputError, match=re.escape(named)):
        check_change(LabelChange(set=labels), scripts_dir=tmp_path, allow_exec=False)
