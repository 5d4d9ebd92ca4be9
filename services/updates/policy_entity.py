"""What a policy (auto-rollback or auto-update) applies to.

A leaf module: the store's policy records carry `PolicyEntityType`, and the
policy services, which import the store, name it too.
"""

from __future__ import annotations

from enum import StrEnum

from services.inputs import not_one_of


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
