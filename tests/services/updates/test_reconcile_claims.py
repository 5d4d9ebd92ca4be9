"""Start-up reconciliation holds the containers of what it has yet to settle:
while it waits (here for the engine) the API already answers, and nothing
may change a container an interrupted operation left halfway."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from resolvers.context import open_app_context
from services.errors import ConflictError
from services.store.records import OperationRecord
from services.updates.state import MemberState, MemberStatus


async def test_an_interrupted_update_holds_its_container_until_settled(
    settings_factory,
):
    # given an update a killed server left while it pulled
    settings = settings_factory()
    member = MemberState(
        container_name="web",
        stack_name="shop",
        service="web",
        status=MemberStatus.IN_PROGRESS,
    )
    async with open_app_context(
        settings,
        background_checks=False,
        background_updates=False,
        background_auto_updates=False,
        notify=False,
    ) as ctx:
        await ctx.repos.operations.create(
            OperationRecord(
                operation_id="op_left",
                operation_type="update",
                status="pulling_image",
                container_name="web",
                stack_name="shop",
                batch_details=[member.as_dict()],
                started_at=datetime.now(UTC),
            )
        )

    # when the server starts again with the engine unreachable
    async with open_app_context(
        settings, background_checks=False, background_auto_updates=False, notify=False
    ) as ctx:
        op = await ctx.repos.operations.get("op_left")
        assert op.status == "pulling_image"  # nothing settled blind

        # then the operation still holds its container: no request may act on it
        assert ctx.updates.active_operation("web") == "op_left"
        with pytest.raises(ConflictError, match="op_left"):
            ctx.updates.queue.claims.check(["web"])
        assert ctx.updates.active_operation("db") is None
