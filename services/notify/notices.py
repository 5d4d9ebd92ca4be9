"""Turning what happened (a check run, a finished operation, a registry or
the engine failing) into notices, and deciding what is new enough to say.

"Tell me once": a container's update is announced when its candidate (the
tag and digest it would move to) is one not announced before; what was
announced is kept in the store, so a restart does not repeat the last digest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.checks.model import (
    CheckResult,
    ContainerStatus,
    updates_available_text,
)
from services.errors import DocksmithError
from services.notify.model import (
    ChangeLevel,
    Notice,
    NotificationEvent,
    Severity,
    Subject,
)
from services.operations import OperationStatus, OperationType
from services.registry.references import parse_reference
from services.store.records import OperationRecord

# Operation types a person hears about; restarts, stops and label changes
# are their own answers. `auto_update` is the automatic updater's type.
NOTIFIED_OPERATIONS = frozenset(
    {
        OperationType.UPDATE,
        OperationType.BATCH,
        OperationType.ROLLBACK,
        OperationType.AUTO_UPDATE,
    }
)
# States that say nothing about the update (a registry hiccup): what was
# announced for these containers is kept, so it is not announced again.
_UNDECIDED = frozenset({ContainerStatus.ERROR})


def candidate(result: CheckResult) -> str:
    return f"{result.latest_tag or result.latest_version or ''}@{result.latest_digest or ''}"


def updates_digest(
    results: Iterable[CheckResult],
    announced: Mapping[str, str],
    at: datetime,
) -> tuple[Notice | None, dict[str, str]]:
    """The digest of updates not announced before, and what is announced after it."""
    now_announced: dict[str, str] = {}
    fresh: list[Subject] = []
    for result in results:
        if result.update_available:
            key = candidate(result)
            now_announced[result.name] = key
            if announced.get(result.name) != key:
                fresh.append(
                    Subject(
                        container=result.name,
                        stack=result.stack,
                        change=ChangeLevel.of(result.change_type),
                        current=result.current_version or result.current_tag,
                        new=result.latest_version or result.latest_tag,
                    )
                )
        elif result.status in _UNDECIDED and result.name in announced:
            now_announced[result.name] = announced[result.name]
    if not fresh:
        return None, now_announced
    notice = Notice(
        event=NotificationEvent.UPDATES_FOUND,
        severity=Severity.INFO,
        summary=updates_available_text(len(fresh), new=True),
        subjects=tuple(fresh),
        at=at,
    )
    return notice, now_announced


def load_announced(stored: str | None) -> dict[str, str]:
    if not stored:
        return {}
    try:
        value = json.loads(stored)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def operation_notice(record: OperationRecord, at: datetime) -> Notice | None:
    if record.operation_type not in NOTIFIED_OPERATIONS:
        return None
    # Batch members (update engine) or an auto-update run's decisions, of
    # which only the included ones were acted on.
    members = [
        m
        for m in record.batch_details or []
        if m.get("container_name") and m.get("included", True)
    ]
    subjects = tuple(
        Subject(
            container=m["container_name"], stack=m.get("stack_name") or m.get("stack")
        )
        for m in members
    ) or (Subject(container=record.container_name, stack=record.stack_name),)
    if record.operation_type is OperationType.AUTO_UPDATE:
        what = "automatic update run"
    else:
        what = f"{record.operation_type} of {record.container_name}"
    data: dict[str, Any] = {
        "operation_id": record.operation_id,
        "operation_type": record.operation_type,
        "status": record.status,
        "rolled_back": record.rollback_occurred,
        "old_version": record.old_version,
        "new_version": record.new_version,
        "error": record.error_message,
        "containers": [
            {
                "container": m["container_name"],
                "status": m.get("status") or m.get("outcome"),
                "message": m.get("message"),
            }
            for m in members
        ],
    }
    summary = record.summary
    if record.status is OperationStatus.COMPLETE:
        versions = (
            f" ({record.old_version} → {record.new_version})"
            if record.old_version and record.new_version
            else ""
        )
        done = (
            f": {summary}"
            if summary and record.operation_type is OperationType.AUTO_UPDATE
            else ""
        )
        return Notice(
            NotificationEvent.OPERATION_FINISHED,
            Severity.SUCCESS,
            f"{what} succeeded{versions}{done}",
            subjects,
            data,
            at,
        )
    if record.rollback_occurred:
        return Notice(
            NotificationEvent.OPERATION_FINISHED,
            Severity.WARNING,
            f"{what} failed and was rolled back automatically",
            subjects,
            data,
            at,
        )
    return Notice(
        NotificationEvent.OPERATION_FINISHED,
        Severity.FAILURE,
        f"{what} failed",
        subjects,
        data,
        at,
    )


@dataclass(slots=True)
class RegistryFailures:
    """Registries whose every container failed, run after run. One notice
    when a registry reaches `threshold` failed runs, one when it recovers."""

    threshold: int
    failing_runs: dict[str, int] = field(default_factory=dict)
    last_error: dict[str, str] = field(default_factory=dict)

    def observe(self, results: Iterable[CheckResult], at: datetime) -> list[Notice]:
        outcome: dict[str, bool] = {}  # registry -> did any container succeed
        for result in results:
            registry = _registry_of(result)
            if registry is None or result.status is ContainerStatus.IGNORED:
                continue
            failed = result.status is ContainerStatus.ERROR
            outcome[registry] = outcome.get(registry, False) or not failed
            if failed and result.error:
                self.last_error[registry] = result.error
        notices = []
        for registry, succeeded in sorted(outcome.items()):
            runs = self.failing_runs.get(registry, 0)
            if succeeded:
                self.failing_runs.pop(registry, None)
                if runs >= self.threshold:
                    notices.append(
                        Notice(
                            NotificationEvent.CHECK_FAILING,
                            Severity.SUCCESS,
                            f"registry {registry} answers again",
                            data={"registry": registry, "failed_runs": runs},
                            at=at,
                        )
                    )
                continue
            self.failing_runs[registry] = runs + 1
            if runs + 1 == self.threshold:
                notices.append(
                    Notice(
                        NotificationEvent.CHECK_FAILING,
                        Severity.FAILURE,
                        f"registry {registry} failed {runs + 1} checks in a row",
                        data={
                            "registry": registry,
                            "failed_runs": runs + 1,
                            "error": self.last_error.get(registry),
                        },
                        at=at,
                    )
                )
        return notices


def _registry_of(result: CheckResult) -> str | None:
    try:
        return parse_reference(result.image).registry
    except DocksmithError:
        return None


def docker_notice(reachable: bool, error: str | None, at: datetime) -> Notice:
    if reachable:
        return Notice(
            NotificationEvent.DOCKER_UNREACHABLE,
            Severity.SUCCESS,
            "the Docker engine is reachable again",
            data={"reachable": True},
            at=at,
        )
    return Notice(
        NotificationEvent.DOCKER_UNREACHABLE,
        Severity.FAILURE,
        "the Docker engine is unreachable",
        data={"reachable": False, "error": error},
        at=at,
    )
