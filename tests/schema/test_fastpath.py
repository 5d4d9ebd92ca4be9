"""The leaf fast path (schema/fastpath.py) answers exactly as graphql-core
does: same data, same errors at the same paths, same key order."""

from __future__ import annotations

import enum
import json
from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from resolvers.context import open_app_context
from schema import build_schema
from schema.context import GraphQLContext
from schema.fastpath import LeafFastPathExecutionContext, _plain_leaf
from services.checks.model import (
    CheckResult,
    ContainerStatus,
    PreUpdateCheck,
    PreUpdateSource,
)
from services.store.records import OperationRecord
from tests.support.ui_queries import UI_UPDATES_QUERY


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Tag:
    key: str
    value: str | None


@strawberry.type
class Item:
    name: str
    colour: Colour
    note: str | None
    count: int
    words: list[str]
    maybe_words: list[str | None] | None
    tags: list[Tag]
    maybe_tags: list[Tag] | None
    best: Tag | None
    must_tag: Tag
    must: str  # some rows break it: a null in a non-null field
    # A member, its bare value, null, and a value no member has (an error).
    tint: Colour | None

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return self.name.upper() * times


def _items() -> list[Item]:
    return [
        Item(
            name=f"c{i}",
            colour=Colour.RED if i % 2 else Colour.BLUE,
            note=None if i % 3 else f"n{i}",
            count=i,
            words=["a", "b"],
            maybe_words=None if i % 2 else ["x", None],
            tags=[Tag(key="k", value=None), Tag(key="j", value="v")],
            # Row 4 breaks the non-null `key` inside a list of objects.
            maybe_tags=None if i % 2 else [Tag(key=None if i == 4 else "m", value="w")],  # type: ignore[arg-type]
            best=None if i % 3 == 1 else Tag(key="b", value=None),
            # Row 5 breaks the non-null `key` inside a non-null object.
            must_tag=Tag(key=None if i == 5 else "t", value="u"),  # type: ignore[arg-type]
            must=None if i == 3 else "ok",  # type: ignore[arg-type]
            tint=[Colour.RED, "blue", None, Colour.BLUE, "nope", Colour.RED][i],  # type: ignore[list-item]
        )
        for i in range(6)
    ]


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item | None]:
        return list(_items())

    @strawberry.field
    async def later(self) -> list[Item]:
        return [i for i in _items() if i.must is not None]


QUERIES = [
    "{ items { name colour note count words maybeWords tags { key value } } }",
    "{ items { name tint colour } }",
    "{ items { must name } }",  # the null in a non-null field: same error
    "{ items { n: name name, shout(times: 2) colour } }",
    "{ items { ...F note @include(if: false) count @skip(if: true) } }"
    " fragment F on Item { name colour }",
    "{ later { name colour tags { key } } }",
    "{ items { tags { v: value key } maybeTags { key value } } }",
    "{ items { tags { __typename key } } }",
    "{ items { tags { key ... on Tag { value } } } }",
    "{ items { tags { key @skip(if: true) value } } }",
    "query($yes: Boolean!) { items { name @include(if: $yes) colour } }",
    # What the UI's client sends: __typename everywhere.
    "{ items { __typename name tags { key __typename } best { __typename value } } }",
    "{ items { t: __typename kind: __typename name } }",
    "{ items { best { key value } mustTag { key } } }",  # row 5: an error
    "{ items { mustTag { value __typename } best { k: key k: key } } }",
    "{ later { __typename best { __typename key } } }",
    "{ items { best { __typename @skip(if: true) key } } }",
    "{ items { ...F name __typename } } fragment F on Item { __typename name }",
    # Fields left to graphql-core before and after one it always completes
    # (`shout`): the errors and the keys keep the query's order.
    "{ items { tint shout must name t: __typename } }",
    "{ later { tags { __typename v: value k: key } best { value __typename } } }",
]


def _run(schema: strawberry.Schema, query: str) -> dict[str, Any]:
    import asyncio

    result = asyncio.run(schema.execute(query, variable_values={"yes": True}))
    errors = [{"message": e.message, "path": e.path} for e in result.errors or []]
    return {"data": result.data, "errors": errors}


@pytest.mark.parametrize("query", QUERIES)
def test_same_answer_as_graphql_core(query):
    plain = strawberry.Schema(query=Query)
    fast = strawberry.Schema(
        query=Query, execution_context_class=LeafFastPathExecutionContext
    )
    expected, got = _run(plain, query), _run(fast, query)
    # json.dumps keeps key order: the field order must match too.
    assert json.dumps(got) == json.dumps(expected)


def test_the_real_containers_type_takes_the_fast_path_for_plain_fields():
    schema = build_schema()
    container = schema._schema.type_map["Container"]
    assert _plain_leaf(container, "name") is not None
    assert _plain_leaf(container, "status") is not None  # an enum
    assert _plain_leaf(container, "dependencies") is not None  # [String!]!
    assert _plain_leaf(container, "lastOperation") is None  # an object
    assert _plain_leaf(container, "labels") is None  # objects
    assert _plain_leaf(container, "autoUpdate") is None  # a resolver


class CountingContext(LeafFastPathExecutionContext):
    """Counts the fields graphql-core executes itself (the slow path)."""

    executed: ClassVar[list[str]] = []

    def execute_field(self, parent_type, source, field_details_list, path, *rest):
        CountingContext.executed.append(
            f"{parent_type.name}.{field_details_list[0].node.name.value}"
        )
        return super().execute_field(
            parent_type, source, field_details_list, path, *rest
        )


async def test_the_uis_updates_query_leaves_only_resolvers_to_graphql_core(
    settings_factory,
):
    """Every field of the Updates page's query below the root fields is
    answered in one step, `lastOperation` too (read ahead for the whole
    list); the answer is the one graphql-core gives alone."""
    async with open_app_context(
        settings_factory(), background_checks=False, background_updates=False
    ) as ctx:
        now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
        for i in range(0, 20, 3):
            await ctx.repos.operations.create(
                OperationRecord(
                    operation_id=f"op_{i}",
                    operation_type="restart",
                    status="complete",
                    container_name=f"c{i}",
                    started_at=now,
                )
            )
        ctx.checks.state.results = [
            CheckResult(
                name=f"c{i}",
                id=f"{i:012x}",
                image="x:1",
                status=ContainerStatus.UP_TO_DATE,
                checked_at=now,
                labels={"b": "2", "a": "1"},
                stack="s" if i % 2 else None,
                pre_update_check=PreUpdateCheck(
                    script="s.sh", passed=True, output="", source=PreUpdateSource.LABEL
                )
                if i % 4 == 0
                else None,
            )
            for i in range(20)
        ]
        answers = []
        for context_class in (StrawberryGraphQLCoreExecutionContext, CountingContext):
            schema = build_schema()
            schema.execution_context_class = context_class
            CountingContext.executed.clear()
            result = await schema.execute(
                UI_UPDATES_QUERY, context_value=GraphQLContext(ctx)
            )
            assert result.errors is None
            answers.append(json.dumps(result.data))
    assert answers[0] == answers[1]
    assert sorted(CountingContext.executed) == [
        "Query.containers",
        "Query.policies",
        "Query.status",
    ]
    got = json.loads(answers[1])["containers"]
    assert got[3]["lastOperation"]["operationId"] == "op_3"
    assert got[4]["lastOperation"] is None
