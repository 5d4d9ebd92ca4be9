"""Auto-rollback policy: the container's label, else its container policy,
else its stack's, else the global one (which always exists, off by default).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from services.errors import InvalidInputError, NotFoundError
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.inputs import not_one_of
from services.store.records import RollbackPolicyRecord
from services.store.repositories import PolicyRepository
from services.updates.policy_entity import PolicyEntityType, policy_entity

LABELS = ("docksmith.auto_rollback", "docksmith.auto-rollback")
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")
HEALTH_TIMEOUT_RANGE = range(1, 3601)
STABILITY_WINDOW_RANGE = range(601)


class AutoRollbackLabel(StrEnum):
    """The docksmith.auto-rollback label as a typed label change sets it:
    always, never, or POLICIES to remove the label so the container, stack
    or global rollback policy decides (the value is the label's)."""

    POLICIES = ""
    TRUE = "true"
    FALSE = "false"


class RollbackPolicySource(StrEnum):
    """Where a container's effective rollback setting came from."""

    LABEL = "label"
    CONTAINER = "container"
    STACK = "stack"
    GLOBAL = "global"


@frozen
class EffectivePolicy:
    auto_rollback: bool
    health_timeout_seconds: int
    stability_window_seconds: int
    source: RollbackPolicySource


def label_value(labels: Mapping[str, str]) -> bool | None:
    for key in LABELS:
        raw = labels.get(key)
        if raw is None or not raw.strip():
            continue
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise not_one_of(key, AutoRollbackLabel, raw)
    return None


async def effective_policy(
    repo: PolicyRepository,
    *,
    container: str,
    stack: str | None,
    labels: Mapping[str, str],
    host: str = DEFAULT_HOST,
) -> EffectivePolicy:
    found = await repo.find(PolicyEntityType.CONTAINER, container, host=host)
    if found is None and stack:
        found = await repo.find(PolicyEntityType.STACK, stack, host=host)
    return resolve(labels, found or await repo.get(PolicyEntityType.GLOBAL, ""))


def resolve(labels: Mapping[str, str], policy: RollbackPolicyRecord) -> EffectivePolicy:
    """The effective policy from the stored one that decides (the
    container's, else its stack's, else the global one), the label deciding
    auto-rollback over it."""
    from_label = label_value(labels)
    return EffectivePolicy(
        auto_rollback=from_label
        if from_label is not None
        else policy.auto_rollback_enabled,
        health_timeout_seconds=policy.health_timeout_seconds,
        stability_window_seconds=policy.stability_window_seconds,
        source=RollbackPolicySource.LABEL
        if from_label is not None
        else RollbackPolicySource(policy.entity_type),
    )


def _in_range(name: str, value: int, bounds: range) -> int:
    if value not in bounds:
        raise InvalidInputError(
            f"{name} must be between {bounds.start} and {bounds.stop - 1}"
        )
    return value


async def set_policy(
    repo: PolicyRepository,
    *,
    entity_type: PolicyEntityType | str,
    entity_id: str = "",
    auto_rollback: bool | None = None,
    health_timeout_seconds: int | None = None,
    stability_window_seconds: int | None = None,
    host: str = DEFAULT_HOST,
) -> RollbackPolicyRecord:
    """A stack's or container's policy is `host`'s (the engine looks it up
    under the container's host); the global one applies to every host.
    Fields left None keep their value; at least one must be given."""
    kind, name = policy_entity(entity_type, entity_id)
    values: dict[str, object] = {}
    if auto_rollback is not None:
        values["auto_rollback_enabled"] = auto_rollback
    if health_timeout_seconds is not None:
        values["health_timeout_seconds"] = _in_range(
            "health_timeout_seconds", health_timeout_seconds, HEALTH_TIMEOUT_RANGE
        )
    if stability_window_seconds is not None:
        values["stability_window_seconds"] = _in_range(
            "stability_window_seconds", stability_window_seconds, STABILITY_WINDOW_RANGE
        )
    if not values:
        # As the auto-update policy does: an empty call would otherwise
        # store a policy of defaults that silently overrides the stack's or
        # the global one.
        raise InvalidInputError(
            "nothing to set: give auto_rollback, health_timeout_seconds or "
            "stability_window_seconds"
        )
    return await repo.set(kind, name, values, host=host)


async def remove_policy(
    repo: PolicyRepository,
    *,
    entity_type: PolicyEntityType | str,
    entity_id: str = "",
    host: str = DEFAULT_HOST,
) -> None:
    """Remove a stack's or container's policy, so the next level decides.
    The global one always exists: it can be set, not removed."""
    kind, name = policy_entity(entity_type, entity_id)
    if kind is PolicyEntityType.GLOBAL:
        raise InvalidInputError(
            "the global rollback policy cannot be removed; set it instead"
        )
    if not await repo.delete(kind, name, host=host):
        raise NotFoundError(f"no rollback policy for {kind} {name} on host {host}")
