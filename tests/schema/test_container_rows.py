"""A list of containers is answered without all its Container objects alive
at once (schema/types/container.py, ContainerRows): each is made when
graphql-core reaches it and freed once its row is written."""

from __future__ import annotations

import dataclasses
import tracemalloc
from datetime import UTC, datetime

from strawberry.types import ExecutionResult

from resolvers.context import open_app_context
from schema import build_schema
from schema.context import GraphQLContext
from schema.types.container import Container, ContainerRows
from services.checks.model import CheckResult, ContainerStatus
from services.config import Settings

QUERY = (
    "{ containers { name status labels { key value } lastOperation { operationId } } }"
)


def results(count: int) -> list[CheckResult]:
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return [
        CheckResult(
            name=f"c{i:04d}",
            id=f"{i:064x}",
            image=f"127.0.0.1:5000/r{i % 50}:1.0.0",
            status=ContainerStatus.UPDATE_AVAILABLE,
            checked_at=now,
            labels={f"label.{n}": f"value {i} {n}" for n in range(8)},
        )
        for i in range(count)
    ]


async def traced_answer(
    settings: Settings, found: list[CheckResult], query: str
) -> tuple[ExecutionResult, int, int]:
    """`query` answered over the check results `found`, caches warm: the
    answer, the memory it kept and the most it held on the way (bytes)."""
    async with open_app_context(
        settings, background_checks=False, background_updates=False
    ) as ctx:
        ctx.checks.state.results = found
        schema = build_schema()
        context = GraphQLContext(ctx)
        await schema.execute(query, context_value=context)  # caches warmed

        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            result = await schema.execute(query, context_value=context)
            now, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return result, now - before, peak - before


async def test_a_big_list_holds_little_beyond_its_answer(settings_factory):
    result, kept, held = await traced_answer(settings_factory(), results(2000), QUERY)

    assert result.errors is None
    rows = result.data["containers"]
    assert [r["name"] for r in rows] == [f"c{i:04d}" for i in range(2000)]
    assert rows[7]["labels"][0] == {"key": "label.0", "value": "value 7 0"}
    # What the answer keeps is its rows; the Containers (and their Labels)
    # made on the way were about as much again when all 2,000 lived at once.
    assert held < 1.3 * kept, (held, kept)


def test_rows_are_made_when_read():
    found = results(3)
    rows = ContainerRows(found)

    assert len(rows) == 3
    assert isinstance(rows[1], Container)
    assert rows[1].name == "c0001"
    assert rows[-1].name == "c0002"
    assert [c.name for c in rows[1:]] == ["c0001", "c0002"]
    assert [c.name for c in rows] == ["c0000", "c0001", "c0002"]
    assert rows[0].last_operation is None
    # Nothing is kept: each read makes its own.
    assert rows[0] is not rows[0]


async def test_stacks_hold_little_beyond_their_answer(settings_factory):
    """Each stack's containers are made as they are read, like a list's."""
    query = "{ stacks { name containers { name status labels { key value } } } }"
    stacked = [
        dataclasses.replace(r, stack=f"s{i % 20:02d}")
        for i, r in enumerate(results(2000))
    ]
    result, kept, held = await traced_answer(settings_factory(), stacked, query)

    assert result.errors is None
    stacks = {s["name"]: s["containers"] for s in result.data["stacks"]}
    assert sorted(stacks) == [f"s{n:02d}" for n in range(20)]
    assert [c["name"] for c in stacks["s07"]] == [
        f"c{i:04d}" for i in range(7, 2000, 20)
    ]
    assert stacks["s07"][0]["labels"][0] == {"key": "label.0", "value": "value 7 0"}
    assert held < 1.3 * kept, (held, kept)
