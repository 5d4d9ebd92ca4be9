"""The leaf fast path (schema/fastpath.py) answers exactly as graphql-core
does: same data, same errors at the same paths, same key order."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
import strawberry

from schema import build_schema
from schema.fastpath import LeafFastPathExecutionContext, _plain_leaf


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
    must: str  # some rows break it: a null in a non-null field

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
            must=None if i == 3 else "ok",  # type: ignore[arg-type]
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
    assert _plain_leaf(container, "lastOperation") is None  # a resolver
    assert _plain_leaf(container, "labels") is None  # objects
