"""A list of containers asks the database once for their last operations,
wherever in the query the list is."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from resolvers.context import open_app_context
from schema import build_schema
from schema.context import GraphQLContext
from services.checks.model import CheckResult, ContainerStatus
from services.store import OperationRepository
from services.store.records import OperationRecord


class CountingOperations(OperationRepository):
    calls = 0

    async def latest_for(self, names, **by_host):
        CountingOperations.calls += 1
        return await super().latest_for(names, **by_host)


QUERIES = {
    "{ containers { name lastOperation { operationId } } }": lambda d: d["containers"],
    "{ stacks { containers { name lastOperation { operationId } } } }": lambda d: [
        c for s in d["stacks"] for c in s["containers"]
    ],
}


@pytest.mark.parametrize("query", QUERIES)
async def test_last_operation_is_batched(settings_factory, query):
    async with open_app_context(
        settings_factory(), background_checks=False, background_updates=False
    ) as ctx:
        now = datetime.now(UTC)
        for i, name in enumerate(["a", "b", "a"]):
            await ctx.repos.operations.create(
                OperationRecord(
                    operation_id=f"op_{i}",
                    operation_type="update",
                    status="complete",
                    container_name=name,
                    started_at=now.replace(microsecond=i),
                )
            )
        ctx.checks.state.results = [
            CheckResult(
                name=n,
                id=n * 12,
                image="x:1",
                status=ContainerStatus.UP_TO_DATE,
                checked_at=now,
                stack="s1" if n == "a" else "s2",
            )
            for n in ("a", "b", "c")
        ]
        CountingOperations.calls = 0
        counting = CountingOperations(ctx.store)
        app = dataclasses.replace(
            ctx, repos=dataclasses.replace(ctx.repos, operations=counting)
        )
        result = await build_schema().execute(query, context_value=GraphQLContext(app))
    assert result.errors is None
    got = {c["name"]: c["lastOperation"] for c in QUERIES[query](result.data)}
    assert got == {
        "a": {"operationId": "op_2"},
        "b": {"operationId": "op_1"},
        "c": None,
    }
    assert CountingOperations.calls == 1
