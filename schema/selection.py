"""What the running query asks of the field being resolved."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import (
    FragmentSpread,
    InlineFragment,
    SelectedField,
    Selection,
)

from schema.context import Info


def selects(info: Info, field: str) -> bool:
    """Whether the field being resolved selects `field` (its GraphQL name) on
    its own objects, directly or through fragments. A field left out by
    `@skip`/`@include` still counts: asking for too much is only slower."""
    return any(_selects(s.selections, field) for s in info.selected_fields)


def _selects(selections: Iterable[Selection], field: str) -> bool:
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == field:
                return True
        elif isinstance(selection, FragmentSpread | InlineFragment) and _selects(
            selection.selections, field
        ):
            return True
    return False
