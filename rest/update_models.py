"""REST bodies and projections of the update engine (seed shapes; the
original's field names are accepted too)."""

from __future__ import annotations

from datetime import datetime

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from resolvers.updates import PolicyOverview
from rest.closed import EntityType
from services.hosts import DEFAULT_HOST
from services.store.records import OperationRecord
from services.updates.policy_entity import PolicyEntityType
from services.updates.requests import BatchItem, BatchStarted


class _Request(BaseModel):
    # strict: JSON types as documented (`false` is not 0, `"1"` is not 1),
    # as the original's Go decoder had them. Strings are not stripped: the
    # services refuse a blank or padded value instead of guessing.
    model_config = ConfigDict(extra="ignore", strict=True)


class _Out(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )


class UpdateRequest(_Request):
    # no min_length: the service checks the Docker name grammar, for both edges
    container: str = Field(validation_alias=AliasChoices("container", "container_name"))
    version: str | None = Field(
        default=None, validation_alias=AliasChoices("version", "target_version")
    )
    script: str | None = None
    force: bool = False


class BatchEntry(_Request):
    # no min_length: the service checks the Docker name grammar, for both edges
    name: str = Field(
        validation_alias=AliasChoices("name", "container", "container_name"),
    )
    version: str | None = Field(
        default=None, validation_alias=AliasChoices("version", "target_version")
    )
    host: str | None = Field(
        default=None,
        description="The container's Docker host (GET /api/hosts); default `local`",
    )


class BatchRequest(_Request):
    # No min_length (nor below): the services refuse an empty list or id, in
    # the words GraphQL's refusal has.
    containers: list[str | BatchEntry]
    force: bool = False

    def items(self) -> list[BatchItem]:
        return [
            BatchItem(container=c)
            if isinstance(c, str)
            else BatchItem(c.name, c.version, c.host or DEFAULT_HOST)
            for c in self.containers
        ]


class RollbackRequest(_Request):
    operation_id: str
    containers: list[str] | None = Field(
        default=None, validation_alias=AliasChoices("containers", "container_names")
    )
    force: bool = False


class PolicyRequest(_Request):
    entity_type: EntityType
    entity_id: str = ""
    auto_rollback: bool | None = Field(
        default=None,
        validation_alias=AliasChoices("auto_rollback", "auto_rollback_enabled"),
    )
    health_timeout_seconds: int | None = None
    stability_window_seconds: int | None = None


class OperationStartedOut(_Out):
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


class StackOperationOut(_Out):
    stack: str
    containers: list[str]
    operation_id: str
    status: str


class BatchStartedOut(_Out):
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


class RollbackStartedOut(_Out):
    operation_id: str
    original_operation_id: str
    status: str
    message: str = "Rollback initiated"


class ContainerPolicyOut(_Out):
    host: str
    can_rollback: bool
    last_operation_id: str
    old_version: str | None
    new_version: str | None
    status: str


class PolicyOut(_Out):
    entity_type: PolicyEntityType
    entity_id: str
    auto_rollback_enabled: bool
    health_check_required: bool
    health_timeout_seconds: int
    stability_window_seconds: int
    updated_at: datetime | None
    host: str


class PolicyRemovedOut(_Out):
    entity_type: str
    entity_id: str
    host: str


class PoliciesOut(_Out):
    # The seed's map, keyed by name: one host's containers (a name is not
    # unique across hosts). `hosts` holds every host's the overview covers.
    containers: dict[str, ContainerPolicyOut]
    hosts: dict[str, dict[str, ContainerPolicyOut]]
    global_policy: PolicyOut | None
    policies: list[PolicyOut]

    @classmethod
    def of(cls, overview: PolicyOverview, *, host: str) -> PoliciesOut:
        """`containers` are `host`'s; `hosts` every host's in `overview`."""
        policies = [PolicyOut.model_validate(p) for p in overview.policies]
        hosts: dict[str, dict[str, ContainerPolicyOut]] = {}
        for info in overview.containers:
            hosts.setdefault(info.host, {})[info.container] = (
                ContainerPolicyOut.model_validate(info)
            )
        return cls(
            containers=hosts.get(host, {}),
            hosts=hosts,
            global_policy=next(
                (p for p in policies if p.entity_type == PolicyEntityType.GLOBAL), None
            ),
            policies=policies,
        )
