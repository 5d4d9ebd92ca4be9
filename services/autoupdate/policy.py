"""The effective auto-update policy of one container: each setting (level,
minimum age, maintenance window) comes from the container's label, else its
container policy, else its stack's, else the global one, else the
environment's default (AUTO_UPDATE_MIN_AGE; level off; no window).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from enum import StrEnum

from services.autoupdate.rules import (
    AutoUpdateLevel,
    label_age,
    label_level,
    label_windows,
)
from services.autoupdate.windows import MaintenanceWindows, parse_windows
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.store.records import AutoUpdatePolicyRecord


class AutoUpdateSource(StrEnum):
    """Where an effective setting came from."""

    LABEL = "label"
    CONTAINER = "container"
    STACK = "stack"
    GLOBAL = "global"
    DEFAULT = "default"


@frozen
class EffectiveAutoUpdate:
    level: AutoUpdateLevel
    level_source: AutoUpdateSource
    min_age: timedelta
    min_age_source: AutoUpdateSource
    window: MaintenanceWindows | None
    window_source: AutoUpdateSource


def effective(
    labels: Mapping[str, str],
    *,
    container: AutoUpdatePolicyRecord | None,
    stack: AutoUpdatePolicyRecord | None,
    global_policy: AutoUpdatePolicyRecord | None,
    default_min_age: timedelta,
) -> EffectiveAutoUpdate:
    """Raises InvalidInputError for a bad label value (stored values were
    validated when they were set; a stored level this version does not
    know reads as off, see services.store.records)."""
    rows = [
        (AutoUpdateSource.CONTAINER, container),
        (AutoUpdateSource.STACK, stack),
        (AutoUpdateSource.GLOBAL, global_policy),
    ]
    level, level_source = label_level(labels), AutoUpdateSource.LABEL
    if level is None:
        level, level_source = AutoUpdateLevel.OFF, AutoUpdateSource.DEFAULT
        for source, row in rows:
            if row is not None and row.level is not None:
                level, level_source = row.level, source
                break
    age, age_source = label_age(labels), AutoUpdateSource.LABEL
    if age is None:
        age, age_source = default_min_age, AutoUpdateSource.DEFAULT
        for source, row in rows:
            if row is not None and row.min_age_seconds is not None:
                age, age_source = timedelta(seconds=row.min_age_seconds), source
                break
    window, window_source = label_windows(labels), AutoUpdateSource.LABEL
    if window is None:
        window_source = AutoUpdateSource.DEFAULT
        for source, row in rows:
            if row is not None and row.maintenance_window:
                window = parse_windows(row.maintenance_window)
                window_source = source
                break
    return EffectiveAutoUpdate(
        level, level_source, age, age_source, window, window_source
    )


def excluded_as_self(
    policy: EffectiveAutoUpdate, *, container_id: str, host: str, own: str | None
) -> bool:
    """Docksmith's own container (`own`: its id) is never updated by a
    container, stack or global policy: only its own label includes it. It
    runs next to the default host's engine only."""
    return (
        own is not None
        and host == DEFAULT_HOST
        and container_id == own
        and policy.level_source is not AutoUpdateSource.LABEL
    )
