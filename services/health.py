"""The verdict of a health check of Docksmith and what it relies on."""

from __future__ import annotations

from enum import StrEnum


class HealthStatus(StrEnum):
    OK = "ok"
    # Docksmith answers, but the Docker engine or its database does not.
    DEGRADED = "degraded"
