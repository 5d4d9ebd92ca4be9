"""An operation whose Docker engine stops answering once it has begun to
change things is not settled there and then: with the engine gone, nothing
can be restored and nothing it says about the containers is true yet (the
engine stops them as it goes, and may start them again when it returns).
The operation keeps its stage and its containers' claims, and the update
engine settles it as start-up reconciliation would once the engine
answers again (`UpdateOrchestrator`, docs/updates.md "Crash safety")."""

from __future__ import annotations

from typing import NoReturn

from services.docker.updater import DockerUpdater
from services.errors import DockerUnavailableError, DocksmithError
from services.operations import LogLevel, OperationStatus
from services.operations.recorder import OperationHandle


class EngineLostError(DockerUnavailableError):
    """Raised out of a run whose engine went away mid-way; the queue keeps
    the operation unsettled and hands it to reconciliation."""


async def engine_lost(updater: DockerUpdater, error: DocksmithError) -> bool:
    """Whether `error` came from the engine going away rather than from the
    step itself. Asked, not read from the error's type: a compose CLI or a
    swap whose engine vanished fails with an ordinary engine error, and a
    health gate with an 'exited' verdict once the engine stopped the
    container."""
    if isinstance(error, EngineLostError):
        return True
    return not await updater.answers()


def lost_message(
    container: str, stage: OperationStatus | None, error: DocksmithError
) -> str:
    where = (stage or OperationStatus.VALIDATING).value.replace("_", " ")
    return (
        f"{container}: the Docker engine stopped answering (at {where}: "
        f"{error.message}); nothing is restored or judged until it answers "
        "again, then this operation is settled from what is there"
    )


async def leave_to_reconciliation(
    op: OperationHandle,
    container: str,
    stage: OperationStatus | None,
    error: DocksmithError,
) -> NoReturn:
    """Say in the operation's log that the engine went away at `stage`, and
    raise EngineLostError for the queue to keep the operation unsettled."""
    message = lost_message(container, stage, error)
    await op.log(message, level=LogLevel.ERROR)
    raise EngineLostError(message) from error


async def defer_if_engine_lost(
    updater: DockerUpdater, op: OperationHandle, name: str, error: DocksmithError
) -> None:
    """Raise EngineLostError (after saying so in the operation's log) when
    `error` came from the engine going away; return otherwise, for the
    caller's own handling of a failed step."""
    if await engine_lost(updater, error):
        await leave_to_reconciliation(op, name, op.record.status, error)
