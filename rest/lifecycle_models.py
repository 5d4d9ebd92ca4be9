"""REST bodies and projections for labels and restarts (seed shapes; the
original's field names and typed label fields are accepted too)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import msgspec

from resolvers.labels import TYPED_FIELDS
from rest.wire import In, Out
from services.autoupdate.rules import AutoUpdateLabel
from services.store.records import OperationRecord
from services.updates.policies import AutoRollbackLabel


def _choice(choices: type[StrEnum], decides: str) -> msgspec.Meta:
    listed = ", ".join(f'"{c.value}"' for c in choices if c.value)
    return msgspec.Meta(
        description=f'One of {listed}; "" removes the label so the {decides} decide.'
    )


# no min_length: the service checks the Docker name grammar, for both edges
_CONTAINER = ("container", "container_name")


class SetLabelsRequest(In, kw_only=True):
    ALIASES = {"container": _CONTAINER}
    container: str
    labels: dict[str, str | bool] | None = None
    ignore: bool | None = None
    allow_latest: bool | None = None
    allow_prerelease: bool | None = None
    version_pin_major: bool | None = None
    version_pin_minor: bool | None = None
    version_pin_patch: bool | None = None
    tag_regex: str | None = None
    version_min: str | None = None
    version_max: str | None = None
    script: str | None = None
    restart_after: str | None = None
    # The closed sets are strings here, checked by the label rules in
    # services: a value outside them gets the words GraphQL's label map and
    # the editor's per-field check get, not the validator's own.
    auto_rollback: Annotated[
        str | None, _choice(AutoRollbackLabel, "rollback policies")
    ] = None
    post_update: str | None = None
    auto_update: Annotated[
        str | None, _choice(AutoUpdateLabel, "auto-update policies")
    ] = None
    min_age: str | None = None
    maintenance_window: str | None = None
    no_restart: bool = False
    force: bool = False

    def label_map(self) -> dict[str, str]:
        return {
            k: ("true" if v else "false") if isinstance(v, bool) else v
            for k, v in (self.labels or {}).items()
        }

    def typed(self) -> dict[str, bool | str | None]:
        return {name: getattr(self, name) for name in TYPED_FIELDS}


class RemoveLabelsRequest(In, kw_only=True):
    ALIASES = {"container": _CONTAINER, "labels": ("labels", "label_names")}
    container: str
    # no min_length: the service refuses an empty list, for both edges
    labels: list[str]
    no_restart: bool = False
    force: bool = False


class LabelOperationOut(Out, kw_only=True):
    container: str
    operation: str
    operation_id: str
    status: str
    message: str = "Operation started"

    @classmethod
    def of(cls, record: OperationRecord, operation: str) -> LabelOperationOut:
        return cls(
            container=record.container_name,
            operation=operation,
            operation_id=record.operation_id,
            status="queued" if record.status == "queued" else "started",
        )


class ContainerLabelsOut(Out, kw_only=True):
    container: str
    labels: dict[str, str]
    compose_labels: dict[str, str]
    compose_file: str | None
    service: str | None
    source: str = "container_labels"


class RestartRequest(In, kw_only=True):
    ALIASES = {"container": _CONTAINER}
    container: str
    force: bool = False


class RestartStartedOut(Out, kw_only=True):
    operation_id: str
    container_name: str
    stack_name: str | None
    force: bool
    status: str

    @classmethod
    def of(cls, record: OperationRecord) -> RestartStartedOut:
        return cls(
            operation_id=record.operation_id,
            container_name=record.container_name,
            stack_name=record.stack_name,
            force=record.forced,
            status="queued" if record.status == "queued" else "started",
        )
