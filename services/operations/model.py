"""The operations' closed sets: what an operation does, where it is, and how
loud each line of its log is.

A leaf module (no store, no engine): the store's records carry these members,
and the recorder and the update engine, which import the store, name them too.
"""

from __future__ import annotations

from enum import StrEnum


class OperationStatus(StrEnum):
    QUEUED = "queued"
    VALIDATING = "validating"
    PRE_UPDATE_CHECK = "pre_update_check"
    BACKING_UP = "backing_up"
    UPDATING_COMPOSE = "updating_compose"
    PULLING_IMAGE = "pulling_image"
    STOPPING = "stopping"
    STARTING = "starting"
    RESTARTING = "restarting"
    REMOVING = "removing"
    RECREATING = "recreating"
    HEALTH_CHECK = "health_check"
    RESTARTING_DEPENDENTS = "restarting_dependents"
    ROLLING_BACK = "rolling_back"
    COMPLETE = "complete"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (OperationStatus.COMPLETE, OperationStatus.FAILED)


class OperationType(StrEnum):
    """What an operation does; `start` refuses anything else, so a new kind
    of action has to be named here (and so in the GraphQL enum) first."""

    UPDATE = "update"
    BATCH = "batch"
    ROLLBACK = "rollback"
    FIX_MISMATCH = "fix_mismatch"
    LABEL_CHANGE = "label_change"
    RESTART = "restart"
    STOP = "stop"
    START = "start"
    REMOVE = "remove"
    AUTO_UPDATE = "auto_update"


class RunKind(StrEnum):
    """Which of the update engine's runners runs a queued operation; kept
    as `kind` in its stored payload, as this value."""

    UPDATE = "update"
    ROLLBACK = "rollback"
    FIX_MISMATCH = "fix_mismatch"
    LABEL_CHANGE = "label_change"
    RESTART = "restart"
    STACK_RESTART = "stack_restart"


class LogLevel(StrEnum):
    """How serious a line of an operation's log is."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
