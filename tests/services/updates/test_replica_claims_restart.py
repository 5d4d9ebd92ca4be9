"""An operation on one replica of a scaled compose service holds the other
replicas too (its `compose up` recreates them). The queue row naming them is
deleted when the operation starts, so the operation's own row keeps them: a
server killed mid-update claims them all again when it starts, not only the
members, until the operation is settled."""

from __future__ import annotations

import pytest

from resolvers.context import open_app_context
from services.errors import ConflictError
from services.hosts import DEFAULT_HOST
from services.operations import OperationStatus, OperationType, RunKind
from services.updates.state import MemberState, MemberStatus


async def test_a_crashed_update_holds_the_other_replicas_after_restart(
    settings_factory,
):
    settings = settings_factory()
    quiet = {
        "background_checks": False,
        "background_auto_updates": False,
        "notify": False,
    }
    # given an update of app-1 that holds its sibling app-2, queued then
    # started (its queue row gone) when the server was killed
    async with open_app_context(settings, background_updates=False, **quiet) as ctx:
        ctx.updates.queue.scheduler.hold({DEFAULT_HOST})
        record = await ctx.updates.queue.submit(
            RunKind.FIX_MISMATCH,
            OperationType.FIX_MISMATCH,
            "shop",
            ["app-1", "app-2"],
            {"container": "app-1"},
        )
        op_id = record.operation_id
        assert record.held_containers == ["app-1", "app-2"]
        member = MemberState(
            container_name="app-1",
            stack_name="shop",
            service="app",
            status=MemberStatus.IN_PROGRESS,
        )
        assert await ctx.repos.queue.remove(op_id)
        await ctx.repos.operations.update(
            op_id,
            {
                "status": OperationStatus.RECREATING,
                "batch_details": [member.as_dict()],
            },
        )

    # when the server starts again, its engine unreachable (nothing settled)
    async with open_app_context(settings, **quiet) as ctx:
        assert (await ctx.repos.operations.get(op_id)).status == "recreating"

        # then both replicas stay held by the interrupted update
        for name in ("app-1", "app-2"):
            assert ctx.updates.active_operation(name) == op_id
            with pytest.raises(ConflictError, match=op_id):
                ctx.updates.queue.claims.check([name])
