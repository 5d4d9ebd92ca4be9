"""What a policy (auto-rollback or auto-update) applies to.

A leaf module: the store's policy records carry `PolicyEntityType`, and the
policy services, which import the store, name it too.
"""

from __future__ import annotations

from enum import StrEnum

from services.errors import InvalidInputError
from services.inputs import docker_name, not_one_of


class PolicyEntityType(StrEnum):
    """What a policy applies to (the global one has an empty id)."""

    GLOBAL = "global"
    STACK = "stack"
    CONTAINER = "container"


def policy_entity_type(value: PolicyEntityType | str) -> PolicyEntityType:
    """`value` as a policy's entity type (rollback and auto-update alike)."""
    try:
        return PolicyEntityType(value)
    except ValueError:
        raise not_one_of("entity_type", PolicyEntityType, str(value)) from None


def policy_entity(
    entity_type: PolicyEntityType | str, entity_id: str
) -> tuple[PolicyEntityType, str]:
    """What a policy applies to, checked: a stack or container needs its
    name (a valid Docker name); the global one has none."""
    kind = policy_entity_type(entity_type)
    if kind is PolicyEntityType.GLOBAL:
        return kind, ""
    if not entity_id.strip():
        raise InvalidInputError(f"a {kind} policy needs the {kind} name")
    return kind, docker_name(entity_id.strip(), "entity_id")
