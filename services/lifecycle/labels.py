"""Which label changes a request means, and whether they are valid.

The seed sends a `labels` map (set) or list (remove); the original sent
typed fields (`version_pin_major: true`, `tag_regex: "..."`). Both become one
`LabelChange`. The resulting label set is validated as a whole with the
checker's own parser before anything is touched, so a change can never leave
a container its checker cannot read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field
from pathlib import Path

from services.auth.principal import Principal, Scope
from services.autoupdate.rules import (
    LABEL_AUTO_UPDATE,
    LABEL_MIN_AGE,
    LABEL_WINDOW,
)
from services.autoupdate.rules import check_labels as check_auto_update_labels
from services.errors import ForbiddenError, InvalidInputError
from services.frozen import frozen
from services.inputs import MAX_NAME, docker_names, not_one_of, plain_text
from services.lifecycle.actions import POST_UPDATE, parse_action
from services.scripts.catalog import ScriptCatalog
from services.updates.policies import label_value as rollback_label
from services.versioning.constraints import BOOLEAN_LABELS, parse_constraints

PRE_UPDATE_CHECK = "docksmith.pre-update-check"
RESTART_AFTER = "docksmith.restart-after"
AUTO_ROLLBACK = "docksmith.auto-rollback"
# The older spelling is read first (services/updates/policies.py): a typed
# change of the label replaces both.
AUTO_ROLLBACK_OLD = "docksmith.auto_rollback"

# The original's typed request fields and the label each one stands for.
BOOLEAN_FIELDS = {
    "ignore": "docksmith.ignore",
    "allow_latest": "docksmith.allow-latest",
    "allow_prerelease": "docksmith.allow-prerelease",
    "version_pin_major": "docksmith.version-pin-major",
    "version_pin_minor": "docksmith.version-pin-minor",
    "version_pin_patch": "docksmith.version-pin-patch",
}
STRING_FIELDS = {
    "tag_regex": "docksmith.tag-regex",
    "version_min": "docksmith.version-min",
    "version_max": "docksmith.version-max",
    "script": PRE_UPDATE_CHECK,
    "restart_after": RESTART_AFTER,
    # Values as the label reads them: `true`/`false` for auto-rollback (""
    # removes it: the rollback policies decide), an action for post-update.
    "auto_rollback": AUTO_ROLLBACK,
    "post_update": POST_UPDATE,
    # Checked by the auto-update rules themselves (check_auto_update_labels):
    # a level (an AutoUpdateLabel), a minimum age, a maintenance window.
    "auto_update": LABEL_AUTO_UPDATE,
    "min_age": LABEL_MIN_AGE,
    "maintenance_window": LABEL_WINDOW,
}
MANAGED_LABELS = (*BOOLEAN_FIELDS.values(), *STRING_FIELDS.values())
# Every docksmith.* label something reads: setting another is a typo that
# would recreate the container and then change nothing.
_KNOWN_LABELS = frozenset((*MANAGED_LABELS, AUTO_ROLLBACK_OLD))
_MAX_REGEX = 500
_MAX_LABELS = 64
_MAX_VALUE = 4096


@frozen
class LabelChange:
    set: dict[str, str] = field(default_factory=dict)
    remove: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.set and not self.remove

    def apply(self, labels: Mapping[str, str]) -> dict[str, str]:
        result = {k: v for k, v in labels.items() if k not in self.remove}
        result.update(self.set)
        return result

    def present(self, *labels: Iterable[str]) -> LabelChange:
        """This change without removing labels found in none of `labels`:
        those change nothing, and recorded they read as `unset → unset` (a
        typed auto-rollback removes the older spelling, rarely there)."""
        there = {key for keys in labels for key in keys}
        return LabelChange(
            set=dict(self.set), remove=[k for k in self.remove if k in there]
        )


def from_typed(values: Mapping[str, bool | str | None]) -> LabelChange:
    """The original's fields: `true` sets "true", `false` and "" delete."""
    change = LabelChange()
    for name, value in values.items():
        label = BOOLEAN_FIELDS.get(name) or STRING_FIELDS.get(name)
        if label is None or value is None:
            continue
        if value is True:
            change.set[label] = "true"
        elif value is False or (isinstance(value, str) and not value.strip()):
            change.remove.append(label)
        else:
            change.set[label] = str(value).strip()
        if label == AUTO_ROLLBACK:
            change.remove.append(AUTO_ROLLBACK_OLD)
    return change


def merge(*changes: LabelChange) -> LabelChange:
    result = LabelChange()
    for change in changes:
        for key, value in change.set.items():
            result.set[key] = value
            if key in result.remove:
                result.remove.remove(key)
        for key in change.remove:
            result.set.pop(key, None)
            if key not in result.remove:
                result.remove.append(key)
    return result


def removal(names: Iterable[str]) -> LabelChange:
    return LabelChange(remove=[n.strip() for n in names if n.strip()])


def check_change(change: LabelChange, *, scripts_dir: Path, allow_exec: bool) -> None:
    """Everything about `change` that does not depend on the container's
    current labels: checked before the engine is asked about the container,
    so bad input is a 400 even while Docker is away."""
    if change.empty:
        raise InvalidInputError("no labels specified")
    if len(change.set) + len(change.remove) > _MAX_LABELS:
        raise InvalidInputError(f"at most {_MAX_LABELS} labels at once")
    for key in [*change.set, *change.remove]:
        plain_text(key, "label name", MAX_NAME)
        if not key:
            raise InvalidInputError("a label name is empty")
        if key.startswith("com.docker."):
            raise InvalidInputError(f"{key} belongs to Docker or compose; not changed")
    for key in change.set:
        if key.startswith("docksmith.") and key not in _KNOWN_LABELS:
            raise _unknown_label(key)
    for key, value in change.set.items():
        # Written into a compose file: a control character would mangle it.
        plain_text(value, f"label {key}", _MAX_VALUE)
    for key in BOOLEAN_LABELS:
        if key in change.set and change.set[key].lower() not in (
            "true",
            "false",
            "1",
            "0",
            "yes",
            "no",
        ):
            raise not_one_of(key, ("true", "false"), change.set[key])
    regex = change.set.get("docksmith.tag-regex", "")
    if len(regex) > _MAX_REGEX:
        raise InvalidInputError(
            f"invalid tag regex: longer than {_MAX_REGEX} characters"
        )
    standalone = change.apply({})
    parse_constraints(standalone)
    rollback_label(standalone)
    check_auto_update_labels(standalone)
    if change.set.get(PRE_UPDATE_CHECK):
        ScriptCatalog(scripts_dir).resolve(change.set[PRE_UPDATE_CHECK])
    if RESTART_AFTER in change.set:
        names = [n.strip() for n in change.set[RESTART_AFTER].split(",")]
        if not all(names):
            raise InvalidInputError(
                f"{RESTART_AFTER} must be a comma-separated list of container names"
            )
        docker_names(names, RESTART_AFTER)
    if change.set.get(POST_UPDATE):
        action = parse_action(change.set[POST_UPDATE])
        check_exec_allowed(change, allow_exec=allow_exec)
        if action.kind == "script":
            ScriptCatalog(scripts_dir).resolve(action.argument)


def check_exec_allowed(change: LabelChange, *, allow_exec: bool) -> None:
    """Raise InvalidInputError when `change` sets an `exec:` post-update
    action while ALLOW_EXEC_ACTIONS is off (a malformed value is left to
    `check_change`); a rollback putting one back is refused so too."""
    value = change.set.get(POST_UPDATE)
    if not value or allow_exec:
        return
    try:
        kind = parse_action(value).kind
    except InvalidInputError:
        return
    if kind == "exec":
        raise InvalidInputError(
            "exec: post-update actions run commands and are disabled; the "
            "administrator must set ALLOW_EXEC_ACTIONS=true to allow them"
        )


def _unknown_label(key: str) -> InvalidInputError:
    # Imported here: the server leaves difflib out until a label typo needs
    # it (tests/cli/test_lazy_imports.py).
    from difflib import get_close_matches

    said = f"{key} is not a label Docksmith reads"
    # A label cut short (docksmith.pre-update) means the one it begins.
    begun = [k for k in MANAGED_LABELS if k.startswith(key)]
    guess = begun or get_close_matches(key, MANAGED_LABELS, n=1, cutoff=0.75)
    if len(guess) == 1:
        return InvalidInputError(f"{said}; did you mean {guess[0]}?")
    if guess:
        return InvalidInputError(f"{said}; did you mean one of {', '.join(guess)}?")
    return InvalidInputError(f"{said}; its labels are {', '.join(MANAGED_LABELS)}")


def check_scope(change: LabelChange, principal: Principal) -> None:
    """Raise ForbiddenError when `change` sets an `exec:` post-update action
    and `principal` is not an admin: the action runs a command of its choice
    inside the container after each update, more than removing the container
    (which needs admin) allows. Its other kinds run scripts the administrator
    put in SCRIPTS_DIR or restart containers, which `operate` may do anyway.
    A malformed value is left to `check_change` to explain."""
    value = change.set.get(POST_UPDATE)
    if not value or principal.may(Scope.ADMIN):
        return
    try:
        kind = parse_action(value).kind
    except InvalidInputError:
        return
    if kind == "exec":
        raise ForbiddenError(
            f"an exec: {POST_UPDATE} action runs a command in the container, so "
            f"setting one needs the admin scope; {principal.audit_name} has "
            f"{principal.scope}"
        )


@frozen
class LabelProblem:
    """Why a label change would be refused; `label` is None when no single
    label is to blame (min above max, a compose file that cannot be edited)."""

    label: str | None
    message: str


def single_label_problems(
    change: LabelChange, *, scripts_dir: Path, allow_exec: bool
) -> list[LabelProblem]:
    """`check_change` one label at a time, so an editor can say beside each
    field what is wrong with it (the whole change may hide all but the first)."""
    problems: list[LabelProblem] = []
    singles = [
        *((key, LabelChange(set={key: value})) for key, value in change.set.items()),
        *((key, LabelChange(remove=[key])) for key in change.remove),
    ]
    for key, single in singles:
        try:
            check_change(single, scripts_dir=scripts_dir, allow_exec=allow_exec)
        except InvalidInputError as exc:
            problems.append(LabelProblem(key, exc.message))
    return problems


def validate(
    change: LabelChange,
    current: Mapping[str, str],
    *,
    scripts_dir: Path,
    allow_exec: bool,
) -> dict[str, str]:
    """The labels after `change`; raises InvalidInputError saying what is wrong."""
    check_change(change, scripts_dir=scripts_dir, allow_exec=allow_exec)
    result = change.apply(current)
    parse_constraints(result)  # with the labels kept: min <= max, say
    rollback_label(result)
    check_auto_update_labels(result)
    return result


def managed_values(labels: Mapping[str, str]) -> dict[str, str]:
    return {k: labels[k] for k in (*MANAGED_LABELS, AUTO_ROLLBACK_OLD) if k in labels}
