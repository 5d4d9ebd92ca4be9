"""REST bodies and projections of the update engine (seed shapes; the
original's field names are accepted too)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from resolvers.updates import PolicyOverview
from rest.wire import In, Out
from services.hosts import DEFAULT_HOST
from services.store.records import OperationRecord
from services.updates.policy_entity import PolicyEntityType
from services.updates.requests import BatchItem, BatchStarted


class UpdateRequest(In, kw_only=True):
    ALIASES = {
        "container": ("container", "container_name"),
        "version": ("version", "target_version"),
    }
    # no min_length: the service checks the Docker name grammar, for both edges
    container: str
    version: str | None = None
    script: str | None = None
    force: bool = False


class BatchEntry(In, kw_only=True):
    ALIASES = {
        "name": ("name", "container", "container_name"),
        "version": ("version", "target_version"),
    }
    # no min_length: the service checks the Docker name grammar, for both edges
    name: str
    version: str | None = None
    host: Annotated[
        str | None,
        msgspec.Meta(
            description="The container's Docker host (GET /api/hosts); default `local`"
        ),
    ] = None


class BatchRequest(In, kw_only=True):
    # No min_length (nor below): the services refuse an empty list or id, in
    # the words GraphQL's refusal has.
    NESTED = {"containers": BatchEntry}
    containers: list[str | BatchEntry]
    force: bool = False

    def items(self) -> list[BatchItem]:
        return [
            BatchItem(container=c)
            if isinstance(c, str)
            else BatchItem(c.name, c.version, c.host or DEFAULT_HOST)
            for c in self.containers
        ]


class RollbackRequest(In, kw_only=True):
    ALIASES = {"containers": ("containers", "container_names")}
    operation_id: str
    containers: list[str] | None = None
    force: bool = False


class PolicyRequest(In, kw_only=True):
    ALIASES = {"auto_rollback": ("auto_rollback", "auto_rollback_enabled")}
    CLOSED = {"entity_type": PolicyEntityType}
    entity_type: PolicyEntityType
    entity_id: str = ""
    auto_rollback: bool | None = None
    health_timeout_seconds: int | None = None
    stability_window_seconds: int | None = None


class OperationStartedOut(Out, kw_only=True):
    operation_id: str
    container: str
    status: str

    @classmethod
    def of(cls, record: OperationRecord) -> OperationStartedOut:
        status = "queued" if record.status == "queued" else "started"
        return cls(
            operation_id=record.operation_id,
            container=record.container_name,
            status=status,
        )


class StackOperationOut(Out, kw_only=True):
    stack: str
    containers: list[str]
    operation_id: str
    status: str


class BatchStartedOut(Out, kw_only=True):
    batch_group_id: str
    operations: list[StackOperationOut]
    skipped: dict[str, str]
    status: str = "started"

    @classmethod
    def of(cls, started: BatchStarted) -> BatchStartedOut:
        return cls(
            batch_group_id=started.batch_group_id,
            operations=[
                StackOperationOut(
                    stack=o.stack,
                    containers=o.containers,
                    operation_id=o.operation_id,
                    status="queued" if o.status == "queued" else "started",
                )
                for o in started.operations
            ],
            skipped=started.skipped,
        )


class RollbackStartedOut(Out, kw_only=True):
    operation_id: str
    original_operation_id: str
    status: str
    message: str = "Rollback initiated"


class ContainerPolicyOut(Out, kw_only=True):
    host: str
    can_rollback: bool
    last_operation_id: str
    old_version: str | None
    new_version: str | None
    status: str


class PolicyOut(Out, kw_only=True):
    entity_type: PolicyEntityType
    entity_id: str
    auto_rollback_enabled: bool
    health_check_required: bool
    health_timeout_seconds: int
    stability_window_seconds: int
    updated_at: datetime | None
    host: str


class PolicyRemovedOut(Out, kw_only=True):
    entity_type: str
    entity_id: str
    host: str


class PoliciesOut(Out, kw_only=True):
    # The seed's map, keyed by name: one host's containers (a name is not
    # unique across hosts). `hosts` holds every host's the overview covers.
    containers: dict[str, ContainerPolicyOut]
    hosts: dict[str, dict[str, ContainerPolicyOut]]
    global_policy: PolicyOut | None
    policies: list[PolicyOut]

    @classmethod
    def of(cls, overview: PolicyOverview, *, host: str) -> PoliciesOut:
        """`containers` are `host`'s; `hosts` every host's in `overview`."""
        policies = [PolicyOut.read(p) for p in overview.policies]
        hosts: dict[str, dict[str, ContainerPolicyOut]] = {}
        for info in overview.containers:
            hosts.setdefault(info.host, {})[info.container] = ContainerPolicyOut.read(
                info
            )
        return cls(
            containers=hosts.get(host, {}),
            hosts=hosts,
            global_policy=next(
                (p for p in policies if p.entity_type == PolicyEntityType.GLOBAL), None
            ),
            policies=policies,
        )
