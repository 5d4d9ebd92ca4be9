"""What the running query asks of the field being resolved."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import SelectedField, Selection

from schema.context import Info


def selects(info: Info, field: str) -> bool:
    """Whether the query asks for `field` (its GraphQL name) anywhere below
    the field being resolved, directly or through fragments (`stacks {
    containers { lastOperation } }` counts for `stacks`). A field left out by
    `@skip`/`@include`, or the same name on another type, still counts:
    asking for too much is only slower."""
    return any(_selects(s.selections, field) for s in info.selected_fields)


def _selects(selections: Iterable[Selection], field: str) -> bool:
    for selection in selections:
        if isinstance(selection, SelectedField) and selection.name == field:
            return True
        if _selects(selection.selections, field):
            return True
    return False
