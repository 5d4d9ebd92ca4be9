"""One wire shape per concept: each REST model and the GraphQL type that
carries the same concept agree field for field (names modulo camelCase,
types, nullability), and with the service's dataclass where one is named.

Where a projection must differ (GraphQL has no maps and a 32-bit Int, REST
keeps the original's spellings), the difference is declared here with its
reason; anything else that drifts apart fails.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import inspect
import types
import typing
from dataclasses import dataclass, field
from typing import Any

import msgspec
from strawberry.scalars import JSON
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.private import is_private

from resolvers.auth import Viewer
from rest import (
    auth_models,
    autoupdate_models,
    check_models,
    explorer_models,
    host_models,
    lifecycle_models,
    models,
    notify_models,
    update_models,
)
from schema.types import (
    auth,
    autoupdate,
    container,
    explorer,
    health,
    host,
    lifecycle,
    notifications,
    operation,
    registry,
    scripts,
    update,
)
from services import actions
from services.autoupdate import planner
from services.docker import resources
from services.notify import model as notify


@dataclass(frozen=True)
class Shape:
    rest: type[msgspec.Struct]
    graphql: type
    domain: type | None = None
    # field -> why only this edge has it
    rest_only: dict[str, str] = field(default_factory=dict)
    graphql_only: dict[str, str] = field(default_factory=dict)
    # field -> why its type differs between the edges
    differs: dict[str, str] = field(default_factory=dict)


SEED_STATUS = "REST keeps the seed's `status: started|queued`; GraphQL says `queued`"

SHAPES = [
    Shape(explorer_models.StatsOut, explorer.ContainerStatsSample, resources.ContainerStats),
    Shape(explorer_models.PortOut, explorer.Port),
    Shape(explorer_models.ContainerOverviewOut, explorer.DockerContainer),
    Shape(explorer_models.ImageOut, explorer.DockerImage),
    Shape(explorer_models.NetworkOut, explorer.DockerNetwork,
          rest_only={"is_default": "the original's name for `builtin`"}),
    Shape(explorer_models.VolumeOut, explorer.DockerVolume),
    Shape(explorer_models.MountOut, explorer.ContainerMount),
    Shape(explorer_models.InspectOut, explorer.ContainerInspection),
    Shape(explorer_models.RestartPolicyOut, explorer.ContainerRestartPolicy,
          resources.RestartPolicy),
    Shape(explorer_models.HealthcheckOut, explorer.ContainerHealthcheck,
          resources.HealthcheckConfig),
    Shape(explorer_models.ContainerActionOut, explorer.ContainerActionSuccess,
          actions.ContainerAction,
          rest_only={"force": "echoes the request", "volumes": "echoes the request"}),
    Shape(check_models.ContainerOut, container.Container,
          graphql_only={"last_operation": "a link in the graph",
                        "auto_update": "a link in the graph (REST: GET /api/auto-update)"}),
    Shape(check_models.PreUpdateCheckOut, container.PreUpdateCheckResult),
    Shape(check_models.StatusOut, container.CheckStatus,
          differs={"counts": "GraphQL: a list of {status, count}"}),
    Shape(models.HealthOut, health.Health),
    Shape(host_models.HostOut, host.DockerHost),
    Shape(models.ServicesOut, health.ServiceHealth),
    Shape(models.OperationOut, operation.Operation,
          rest_only={"created_at": "row bookkeeping the original returned",
                     "updated_at": "row bookkeeping the original returned",
                     "dependents_affected": "the original's field"},
          graphql_only={"log": "REST returns it on GET /api/operations/{id} only"},
          differs={"batch_details": "GraphQL: one untyped JSON value"}),
    Shape(models.OperationLogOut, operation.OperationLogLine),
    Shape(models.ScriptOut, scripts.Script),
    Shape(models.ScriptAssignmentOut, scripts.ScriptAssignment,
          rest_only={"updated_at": "row bookkeeping the original returned"}),
    Shape(models.RegistryTagsOut, registry.RegistryTagList),
    Shape(models.DockerConfigOut, registry.DockerConfig),
    Shape(models.RegistryInUseOut, registry.RegistryInUse),
    Shape(lifecycle_models.ContainerLabelsOut, lifecycle.ContainerLabels,
          rest_only={"source": "the original's field"}),
    Shape(update_models.PolicyOut, update.RollbackPolicy,
          rest_only={"health_check_required": "the original's field; stored, unused"}),
    Shape(update_models.PolicyRemovedOut, update.RollbackPolicyRemoved),
    Shape(update_models.ContainerPolicyOut, update.ContainerRollback,
          rest_only={"status": "the original's field"},
          graphql_only={"container": "REST keys the map by container"}),
    Shape(update_models.StackOperationOut, update.StackOperation,
          rest_only={"status": SEED_STATUS}, graphql_only={"queued": SEED_STATUS}),
    Shape(update_models.OperationStartedOut, update.OperationStarted,
          rest_only={"status": SEED_STATUS},
          graphql_only={"queued": SEED_STATUS, "operation": "a link in the graph"}),
    Shape(autoupdate_models.AutoUpdatePolicyOut, autoupdate.AutoUpdatePolicy),
    Shape(autoupdate_models.AutoUpdatePolicyRemovedOut,
          autoupdate.AutoUpdatePolicyRemoved),
    Shape(autoupdate_models.AutoUpdateDecisionOut, autoupdate.AutoUpdateDecision,
          planner.AutoUpdateDecision),
    Shape(autoupdate_models.AutoUpdateRunOut, autoupdate.AutoUpdateRun),
    Shape(autoupdate_models.AutoUpdateOverviewOut, autoupdate.AutoUpdateOverview),
    Shape(notify_models.NotificationChannelOut, notifications.NotificationChannel,
          notify.ChannelInfo),
    Shape(notify_models.NotificationDeliveryOut, notifications.NotificationDelivery,
          notify.DeliveryStatus),
 Shape(auth_models.ViewerOut, auth.Viewer, Viewer),
    Shape(auth_models.ApiTokenOut, auth.ApiToken),
    Shape(auth_models.UserOut, auth.LocalUser),
    Shape(auth_models.UserPasswordSetOut, auth.UserPasswordSet),
]  # fmt: skip

# REST models with no GraphQL twin, and why.
REST_ONLY_MODELS = {
    "SessionOut": "a password sign-in sets cookies: REST only",
    "TicketOut": "a ticket for EventSource: REST only",
    "CreatedTokenOut": "ApiTokenOut with the token; GraphQL nests it (CreatedApiToken)",
    "RevokedTokenOut": "the revoked token's name",
    "DeletedUserOut": "the removed user's name",
    "CheckOut": "GraphQL returns the containers (checkNow)",
    "HistoryOut": "GraphQL pages history as a connection of HistoryItem",
    "ExplorerOut": "the explorer view; its members are paired",
    "ImagesOut": "a list with its count",
    "NetworksOut": "a list with its count",
    "VolumesOut": "a list with its count",
    "ImageRemovedOut": "adds the seed's message",
    "RemovedOut": "the seed's message",
    "LogsOut": "the seed's logs text",
    "PruneOut": "the seed's prune answer",
    "SystemPruneOut": "the seed's prune answer",
    "OperationDetailOut": "OperationOut with its log",
    "MessageOut": "the seed's message",
    "LabelOperationOut": "the seed's answer to a label change",
    "RestartStartedOut": "the seed's answer to a restart",
    "BatchStartedOut": "the seed's batch answer",
    "RollbackStartedOut": "the seed's rollback answer",
    "PoliciesOut": "the seed's policies map",
}


def kind(annotation: Any) -> tuple[str, bool]:
    """A comparable (type, nullable) for an annotation of either edge.

    Edge-independent equivalences: an enum is its string on the wire; a
    map is a list of key/value pairs in GraphQL (no maps there); an int may
    be a Float in GraphQL (its Int is 32 bits; byte counts are larger);
    untyped JSON stands for any dict."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return kind(args[0])
    if origin in (typing.Union, types.UnionType):
        present = [a for a in args if a is not type(None)]
        inner, _ = kind(present[0] if len(present) == 1 else annotation)
        return inner, len(present) < len(args)
    if origin in (list, tuple, typing.Sequence):
        inner, _ = kind(args[0])
        return ("map" if inner == "pair" else f"list[{inner}]"), False
    if origin is dict or annotation is JSON:
        return "map", False
    if annotation in (int, float):
        return "number", False
    if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        return "str", False
    if annotation in (str, bool, datetime.datetime):
        return annotation.__name__, False
    if inspect.isclass(annotation) and {"key", "value"} <= set(
        typing.get_type_hints(annotation)
    ):
        return "pair", False
    return "object", False


def rest_fields(model: type[msgspec.Struct]) -> dict[str, tuple[str, bool]]:
    hints = typing.get_type_hints(model)
    return {name: kind(hints[name]) for name in model.__struct_fields__}


def annotation_of(strawberry_type: Any) -> Any:
    """A resolver field's Strawberry type as a plain annotation."""
    if isinstance(strawberry_type, StrawberryOptional):
        return annotation_of(strawberry_type.of_type) | None
    if isinstance(strawberry_type, StrawberryList):
        return list[annotation_of(strawberry_type.of_type)]  # type: ignore[misc]
    return strawberry_type


def graphql_fields(cls: type) -> dict[str, tuple[str, bool]]:
    hints = typing.get_type_hints(cls)
    definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    # A Private field is the type's own bookkeeping, never on the wire.
    return {
        f.python_name: kind(hints.get(f.python_name) or annotation_of(f.type))
        for f in definition.fields
        if not is_private(f.type)
    }


def domain_fields(cls: type) -> dict[str, tuple[str, bool]]:
    hints = typing.get_type_hints(cls)
    return {f.name: kind(hints[f.name]) for f in dataclasses.fields(cls)}


def test_every_rest_projection_is_paired_or_explained():
    paired = {s.rest.__name__ for s in SHAPES}
    outs = {
        name
        for module in (
            autoupdate_models,
            auth_models,
            check_models,
            explorer_models,
            lifecycle_models,
            models,
            notify_models,
            update_models,
        )
        for name, obj in vars(module).items()
        if name.endswith("Out")
        and not name.startswith("_")
        and inspect.isclass(obj)
        and obj.__module__ == module.__name__
    }
    assert outs - paired == set(REST_ONLY_MODELS)


def test_rest_and_graphql_agree_field_for_field():
    problems = []
    for shape in SHAPES:
        rest, graphql = rest_fields(shape.rest), graphql_fields(shape.graphql)
        pair = f"{shape.rest.__name__} ~ {shape.graphql.__name__}"
        if extra := set(rest) - set(graphql) - set(shape.rest_only):
            problems.append(f"{pair}: only REST has {sorted(extra)}")
        if extra := set(graphql) - set(rest) - set(shape.graphql_only):
            problems.append(f"{pair}: only GraphQL has {sorted(extra)}")
        if stale := (set(shape.rest_only) & set(graphql)) | (
            set(shape.graphql_only) & set(rest)
        ):
            problems.append(f"{pair}: {sorted(stale)} are on both edges now")
        for name in set(rest) & set(graphql) - set(shape.differs):
            if rest[name] != graphql[name]:
                problems.append(
                    f"{pair}.{name}: REST {rest[name]}, GraphQL {graphql[name]}"
                )
        for name in shape.differs:
            if rest.get(name) == graphql.get(name):
                problems.append(
                    f"{pair}.{name}: no longer differs; drop it from `differs`"
                )
    assert not problems, "\n".join(problems)


def test_both_edges_agree_with_the_service_dataclass():
    for shape in (s for s in SHAPES if s.domain is not None):
        domain = domain_fields(shape.domain)
        rest = domain.keys() - shape.graphql_only
        graphql = domain.keys() - shape.rest_only
        assert rest_fields(shape.rest) == {k: domain[k] for k in rest}, (
            shape.rest.__name__
        )
        assert graphql_fields(shape.graphql) == {k: domain[k] for k in graphql}, (
            shape.graphql.__name__
        )


def test_a_closed_set_in_the_service_is_the_same_enum_in_graphql():
    """kind() reads an enum as its string, so this is checked apart: a
    service enum must reach GraphQL as that enum, not as a free String."""
    problems = []
    for shape in (s for s in SHAPES if s.domain is not None):
        domain = typing.get_type_hints(shape.domain)
        graphql = typing.get_type_hints(shape.graphql)
        for name, annotation in domain.items():
            closed = inspect.isclass(annotation) and issubclass(annotation, enum.Enum)
            if closed and name in graphql and graphql[name] is not annotation:
                problems.append(f"{shape.graphql.__name__}.{name}: {graphql[name]}")
    assert not problems, "\n".join(problems)
