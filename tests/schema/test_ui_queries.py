"""The UI documents that tests/support/ui_queries.py reads from the frontend
source are the ones the frontend really sends (its generated documents, plus
urql's `__typename` in every selection set), so the benchmark and the
fast-path tests measure what a browser asks for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
)

from tests.support.ui_queries import UI_UPDATES_QUERY

GENERATED = Path(__file__).parents[2] / "frontend/src/gql/graphql.ts"


def _generated(name: str) -> dict[str, Any]:
    prefix = f"export const {name} = "
    for line in GENERATED.read_text().splitlines():
        if line.startswith(prefix):
            return dict(json.loads(line[len(prefix) : line.index(" as unknown as ")]))
    raise AssertionError(f"{name} is not in {GENERATED}")


def _from_json(selection_set: dict[str, Any] | None) -> list[Any]:
    if selection_set is None:
        return []
    shape: list[Any] = []
    for s in selection_set["selections"]:
        assert not s.get("directives"), s
        assert not s.get("arguments"), s
        if s["kind"] == "FragmentSpread":
            shape.append(("...", s["name"]["value"]))
        else:
            assert s["kind"] == "Field", s
            alias = s.get("alias", {}).get("value")
            children = _from_json(s.get("selectionSet"))
            shape.append((s["name"]["value"], alias, children))
    return shape


def _from_text(
    selection_set: SelectionSetNode | None, *, root: bool = False
) -> list[Any]:
    if selection_set is None:
        return []
    shape: list[Any] = []
    typename = [
        s
        for s in selection_set.selections
        if isinstance(s, FieldNode) and s.name.value == "__typename"
    ]
    # urql asks for it in every selection set but an operation's own.
    assert root or typename, selection_set
    for s in selection_set.selections:
        if isinstance(s, FragmentSpreadNode):
            shape.append(("...", s.name.value))
        elif isinstance(s, FieldNode) and s.name.value != "__typename":
            alias = s.alias.value if s.alias else None
            shape.append((s.name.value, alias, _from_text(s.selection_set)))
    return shape


def test_the_updates_query_is_the_updates_pages():
    generated = {
        d["name"]["value"]: _from_json(d["selectionSet"])
        for d in _generated("UpdatesDocument")["definitions"]
    }
    sent = {
        d.name.value: _from_text(
            d.selection_set, root=isinstance(d, OperationDefinitionNode)
        )
        for d in parse(UI_UPDATES_QUERY).definitions
        if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)
        and d.name is not None
    }
    assert sent == generated
