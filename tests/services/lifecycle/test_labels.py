"""Label requests: typed fields, merging, validation (pure logic)."""

from __future__ import annotations

import pytest

from services.autoupdate.rules import AutoUpdateLabel, AutoUpdateLevel
from services.errors import ConflictError, InvalidInputError
from services.lifecycle.label_ops import inverse
from services.lifecycle.labels import (
    LabelChange,
    from_typed,
    merge,
    removal,
    single_label_problems,
    validate,
)
from services.store.records import OperationRecord
from services.updates.policies import AutoRollbackLabel


def test_typed_fields_set_true_and_delete_false_or_empty():
    change = from_typed(
        {
            "version_pin_major": True,
            "ignore": False,
            "tag_regex": "^v1",
            "version_min": "",
            "script": None,
        }
    )
    assert change.set == {
        "docksmith.version-pin-major": "true",
        "docksmith.tag-regex": "^v1",
    }
    assert change.remove == ["docksmith.ignore", "docksmith.version-min"]


def test_typed_auto_rollback_and_post_update_fields():
    change = from_typed({"auto_rollback": "false", "post_update": "restart:db"})
    assert change.set == {
        "docksmith.auto-rollback": "false",
        "docksmith.post-update": "restart:db",
    }
    # The older spelling is read first: it goes whenever the label changes.
    assert change.remove == ["docksmith.auto_rollback"]
    cleared = from_typed({"auto_rollback": "", "post_update": ""})
    assert cleared.set == {}
    assert cleared.remove == [
        "docksmith.auto-rollback",
        "docksmith.auto_rollback",
        "docksmith.post-update",
    ]


def test_auto_rollback_choices_arrive_as_the_label_values():
    # GraphQL's AutoRollbackLabel enum: TRUE/FALSE are the label's values,
    # POLICIES removes it (and the older spelling) like "".
    assert {c.value for c in AutoRollbackLabel} == {"", "true", "false"}
    never = from_typed({"auto_rollback": AutoRollbackLabel.FALSE})
    assert never.set == {"docksmith.auto-rollback": "false"}
    policies = from_typed({"auto_rollback": AutoRollbackLabel.POLICIES})
    assert (policies.set, policies.remove) == (
        {},
        ["docksmith.auto-rollback", "docksmith.auto_rollback"],
    )


@pytest.mark.parametrize(
    ("label", "value", "message"),
    [
        (
            "docksmith.auto-rollback",
            "maybe",
            "docksmith.auto-rollback must be true or false, not 'maybe'",
        ),
        (
            "docksmith.auto_rollback",
            "maybe",
            "docksmith.auto_rollback must be true or false, not 'maybe'",
        ),
        (
            "docksmith.version-pin-minor",
            "maybe",
            "docksmith.version-pin-minor must be true or false, not 'maybe'",
        ),
        (
            "docksmith.auto-update",
            "sometimes",
            "docksmith.auto-update must be one of off, digest, patch, minor, "
            "major, not 'sometimes'",
        ),
    ],
)
def test_a_value_outside_a_closed_set_is_refused_in_one_wording(
    label, value, message, tmp_path
):
    # The words REST's typed fields, both edges' label maps and the editor's
    # per-field check all show.
    change = LabelChange(set={label: value})
    with pytest.raises(InvalidInputError) as raised:
        validate(change, {}, scripts_dir=tmp_path, allow_exec=False)
    assert raised.value.message == message
    [problem] = single_label_problems(change, scripts_dir=tmp_path, allow_exec=False)
    assert (problem.label, problem.message) == (label, message)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ({"auto_rollback": "maybe"}, "true or false"),
        ({"post_update": "reboot:now"}, "must be one of restart:"),
        ({"post_update": "exec:rm -rf /"}, "ALLOW_EXEC_ACTIONS"),
    ],
)
def test_typed_auto_rollback_and_post_update_are_validated(typed, reason, tmp_path):
    with pytest.raises(InvalidInputError, match=reason):
        validate(from_typed(typed), {}, scripts_dir=tmp_path, allow_exec=False)


def test_typed_auto_update_fields(tmp_path):
    change = from_typed(
        {
            "auto_update": AutoUpdateLabel.PATCH,
            "min_age": " 3d ",
            "maintenance_window": "sat,sun 02:00-06:00",
        }
    )
    assert change.set == {
        "docksmith.auto-update": "patch",
        "docksmith.min-age": "3d",
        "docksmith.maintenance-window": "sat,sun 02:00-06:00",
    }
    # POLICIES (and "" for the strings) removes the label: the policies decide.
    cleared = from_typed(
        {
            "auto_update": AutoUpdateLabel.POLICIES,
            "min_age": "",
            "maintenance_window": "",
        }
    )
    assert cleared.set == {}
    assert cleared.remove == [
        "docksmith.auto-update",
        "docksmith.min-age",
        "docksmith.maintenance-window",
    ]
    current = {"docksmith.auto-update": "minor", "docksmith.min-age": "1d"}
    assert validate(cleared, current, scripts_dir=tmp_path, allow_exec=False) == {}


def test_auto_update_label_choices_are_the_levels_and_no_label():
    assert {c.value for c in AutoUpdateLabel} == {"", *AutoUpdateLevel}


@pytest.mark.parametrize(
    ("typed", "label", "reason"),
    [
        ({"auto_update": "sometimes"}, "docksmith.auto-update", "must be one of off, "),
        ({"min_age": "3 days"}, "docksmith.min-age", "a duration such as 3d"),
        ({"min_age": "400d"}, "docksmith.min-age", "at most 366d"),
        (
            {"maintenance_window": "sat 25:00-26:00"},
            "docksmith.maintenance-window",
            "impossible time",
        ),
    ],
)
def test_typed_auto_update_fields_are_validated_by_the_auto_update_rules(
    typed, label, reason, tmp_path
):
    with pytest.raises(InvalidInputError, match=reason) as raised:
        validate(from_typed(typed), {}, scripts_dir=tmp_path, allow_exec=False)
    assert label in raised.value.message
    # The editor's per-field check blames the same label with the same words.
    [problem] = single_label_problems(
        from_typed(typed), scripts_dir=tmp_path, allow_exec=False
    )
    assert (problem.label, problem.message) == (label, raised.value.message)


def test_merge_later_wins_and_removal_trims():
    merged = merge(
        LabelChange(set={"a": "1", "b": "2"}),
        LabelChange(remove=["a"]),
        LabelChange(set={"c": "3"}),
    )
    assert merged.set == {"b": "2", "c": "3"}
    assert merged.remove == ["a"]
    assert removal([" x ", "", "y"]).remove == ["x", "y"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (LabelChange(), "no labels specified"),
        (LabelChange(set={"docksmith.ignore": "sometimes"}), "true or false"),
        (LabelChange(set={"docksmith.tag-regex": "("}), "regex"),
        (LabelChange(set={"docksmith.tag-regex": "a" * 501}), "longer than 500"),
        (
            LabelChange(
                set={"docksmith.version-min": "2.0.0", "docksmith.version-max": "1.0"}
            ),
            "above",
        ),
        (LabelChange(set={"com.docker.compose.service": "x"}), "belongs to Docker"),
        (LabelChange(set={"docksmith.restart-after": "a,,b"}), "comma-separated"),
        (LabelChange(set={"docksmith.post-update": "exec:id"}), "ALLOW_EXEC_ACTIONS"),
        (LabelChange(set={"docksmith.post-update": "restart:"}), "must be one of"),
        (LabelChange(set={"docksmith.pre-update-check": "../x.sh"}), "outside"),
        (LabelChange(set={"docksmith.pre-update-check": "x.sh"}), "not found"),
    ],
)
def test_invalid_changes_say_why(tmp_path, change, reason):
    with pytest.raises(InvalidInputError) as caught:
        validate(change, {}, scripts_dir=tmp_path, allow_exec=False)
    assert reason in caught.value.message


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        # A misspelt label would recreate the container and then do nothing.
        ("docksmith.pin-major", "did you mean docksmith.version-pin-major?"),
        ("docksmith.autoupdate", "did you mean docksmith.auto-update?"),
        ("docksmith.pre-update", "did you mean docksmith.pre-update-check?"),
        (
            "docksmith.version-pin",
            "one of docksmith.version-pin-major, docksmith.version-pin-minor, "
            "docksmith.version-pin-patch?",
        ),
        ("docksmith.bogus", "docksmith.ignore, docksmith.allow-latest"),
    ],
)
def test_an_unknown_docksmith_label_is_refused_naming_the_known_ones(
    tmp_path, key, reason
):
    with pytest.raises(InvalidInputError) as caught:
        validate(
            LabelChange(set={key: "true"}), {}, scripts_dir=tmp_path, allow_exec=False
        )
    assert caught.value.message.startswith(f"{key} is not a label Docksmith reads")
    assert reason in caught.value.message


def test_other_labels_and_removing_an_unknown_docksmith_label_still_work(tmp_path):
    # Labels of other tools are the user's business; a misspelt one set
    # before must stay removable.
    assert validate(
        merge(
            LabelChange(set={"traefik.enable": "true"}), removal(["docksmith.bogus"])
        ),
        {"docksmith.bogus": "x"},
        scripts_dir=tmp_path,
        allow_exec=False,
    ) == {"traefik.enable": "true"}
    # Both spellings of auto-rollback are read (services/updates/policies.py).
    assert validate(
        LabelChange(set={"docksmith.auto_rollback": "true"}),
        {},
        scripts_dir=tmp_path,
        allow_exec=False,
    ) == {"docksmith.auto_rollback": "true"}


def test_valid_change_returns_the_resulting_labels(tmp_path):
    script = tmp_path / "check.sh"
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(0o755)
    result = validate(
        LabelChange(
            set={
                "docksmith.version-pin-minor": "true",
                "docksmith.pre-update-check": "check.sh",
                "docksmith.post-update": "exec:nginx -s reload",
            },
            remove=["docksmith.ignore"],
        ),
        {"docksmith.ignore": "true", "other": "x"},
        scripts_dir=tmp_path,
        allow_exec=True,
    )
    assert result == {
        "other": "x",
        "docksmith.version-pin-minor": "true",
        "docksmith.pre-update-check": "check.sh",
        "docksmith.post-update": "exec:nginx -s reload",
    }


def _done(details: dict) -> OperationRecord:
    return OperationRecord(
        operation_id="op_1",
        operation_type="label_change",
        status="complete",
        container_name="app",
        batch_details=[details],
    )


def test_inverse_restores_previous_values_and_drops_added_labels():
    original = _done(
        {
            "set": {"a": "new", "b": "added"},
            "remove": ["c", "never-there"],
            "previous": {"a": "old", "b": None, "c": "was", "never-there": None},
        }
    )
    undo = inverse(original, False, {"a": "new", "b": "added"})
    assert undo.set == {"a": "old", "c": "was"}
    assert undo.remove == ["b"]


def test_inverse_refuses_when_labels_moved_unless_forced():
    original = _done({"set": {"a": "new"}, "remove": [], "previous": {"a": "old"}})
    with pytest.raises(ConflictError):
        inverse(original, False, {"a": "edited by hand"})
    assert inverse(original, True, {"a": "edited by hand"}).set == {"a": "old"}
