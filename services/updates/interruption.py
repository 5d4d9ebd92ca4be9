"""What left an operation unsettled, so the words its settling writes say
what happened: a server that restarted, or a Docker engine that stopped
answering while the server stayed up (docs/updates.md, "Crash safety")."""

from __future__ import annotations

from enum import StrEnum


class Interruption(StrEnum):
    SERVER_RESTART = "server_restart"
    ENGINE_LOST = "engine_lost"

    @property
    def interrupted(self) -> str:
        """Leads a failed verdict: "<interrupted>; back on app:1.0"."""
        if self is Interruption.ENGINE_LOST:
            return "interrupted by the Docker engine going away"
        return "interrupted by restart"

    @property
    def verified_after(self) -> str:
        if self is Interruption.ENGINE_LOST:
            return "verified once the Docker engine answered again"
        return "verified after restart"

    @property
    def verified(self) -> str:
        """The verdict of an operation found done."""
        return f"{self.verified_after} ({self.interrupted})"

    @property
    def before(self) -> str:
        """When a step found done had happened: "recreated on x <before>"."""
        if self is Interruption.ENGINE_LOST:
            return "before the Docker engine went away"
        return "before the server restart"

    @property
    def after(self) -> str:
        """When settling did what it did: "restarted <after>"."""
        if self is Interruption.ENGINE_LOST:
            return "once the Docker engine answered again"
        return "after the server restart"
