"""Setting and removing stored auto-update policies (global, stack,
container), validated with the same parsers as the labels."""

from __future__ import annotations

from services.autoupdate.rules import AutoUpdateLevel, parse_age, parse_level
from services.autoupdate.windows import parse_windows
from services.errors import InvalidInputError, NotFoundError
from services.hosts import DEFAULT_HOST
from services.store.autoupdate import AutoUpdatePolicyRepository
from services.store.records import AutoUpdatePolicyRecord
from services.updates.policy_entity import PolicyEntityType, policy_entity


async def set_policy(
    repo: AutoUpdatePolicyRepository,
    *,
    entity_type: PolicyEntityType | str,
    entity_id: str = "",
    level: AutoUpdateLevel | str | None = None,
    min_age: str | None = None,
    maintenance_window: str | None = None,
    host: str = DEFAULT_HOST,
) -> AutoUpdatePolicyRecord:
    """Fields left None keep their value; an empty `min_age` or
    `maintenance_window` clears it (the next level's value applies)."""
    kind, name = policy_entity(entity_type, entity_id)
    values: dict[str, object] = {}
    if level is not None:
        values["level"] = parse_level(str(level), "level")
    if min_age is not None:
        values["min_age_seconds"] = (
            int(parse_age(min_age, "min_age").total_seconds())
            if min_age != ""
            else None
        )
    if maintenance_window is not None:
        values["maintenance_window"] = (
            parse_windows(maintenance_window, "maintenance_window").text
            if maintenance_window != ""
            else None
        )
    if not values:
        raise InvalidInputError(
            "nothing to set: give level, min_age or maintenance_window"
        )
    return await repo.set(kind, name, values, host=host)


async def remove_policy(
    repo: AutoUpdatePolicyRepository,
    *,
    entity_type: PolicyEntityType | str,
    entity_id: str = "",
    host: str = DEFAULT_HOST,
) -> None:
    kind, name = policy_entity(entity_type, entity_id)
    if not await repo.delete(kind, name, host=host):
        raise NotFoundError(
            f"no auto-update policy for {kind}" + (f" {name}" if name else "")
        )
