"""CheckResult to and from JSON, for persisting the last run's results."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from services.checks.model import CheckResult, ContainerStatus, PreUpdateCheck

_FIELDS = tuple(f.name for f in dataclasses.fields(CheckResult))


def result_to_json(result: CheckResult) -> dict[str, Any]:
    # Field by field rather than dataclasses.asdict, whose recursive deep
    # copy cost more than the rest of saving a 2,000-container run.
    data = {name: getattr(result, name) for name in _FIELDS}
    data["status"] = str(result.status)
    data["checked_at"] = result.checked_at.isoformat()
    data["labels"] = dict(result.labels)
    data["dependencies"] = list(result.dependencies)
    if result.compose_labels is not None:
        data["compose_labels"] = dict(result.compose_labels)
    check = result.pre_update_check
    data["pre_update_check"] = dataclasses.asdict(check) if check else None
    return data


def result_from_json(data: dict[str, Any]) -> CheckResult:
    values = dict(data)
    values["status"] = ContainerStatus(values["status"])
    values["checked_at"] = datetime.fromisoformat(values["checked_at"])
    values["dependencies"] = tuple(values.get("dependencies") or ())
    check = values.get("pre_update_check")
    values["pre_update_check"] = PreUpdateCheck(**check) if check else None
    known = {f.name for f in dataclasses.fields(CheckResult)}
    return CheckResult(**{k: v for k, v in values.items() if k in known})
