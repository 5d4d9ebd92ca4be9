"""docs/graphql.md stays true: its examples validate against the schema and
its REST -> GraphQL map names only fields that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

from schema.export import sdl

DOC = (Path(__file__).resolve().parents[2] / "docs" / "graphql.md").read_text()
SDL = build_schema(sdl())
EXAMPLES = re.findall(r"```graphql\n(.*?)```", DOC, flags=re.DOTALL)


def test_the_page_has_examples_of_each_kind():
    text = "\n".join(EXAMPLES)
    for kind in ("query ", "mutation ", "subscription "):
        assert kind in text


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_is_valid_against_the_schema(example):
    assert validate(SDL, parse(example)) == []


def _root_fields() -> set[str]:
    roots = (SDL.query_type, SDL.mutation_type, SDL.subscription_type)
    return {name for root in roots if root for name in root.fields}


def test_rest_map_names_existing_root_fields():
    table = DOC.split("## REST → GraphQL", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) >= 35
    known = _root_fields()
    for row in rows:
        graphql_side = row.rsplit("|", 2)[1]
        for name in re.findall(r"`([a-zA-Z]+)\b(?!:)", graphql_side):
            assert name in known, (name, row)
