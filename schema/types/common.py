"""Small shapes several types share."""

from __future__ import annotations

from collections.abc import Mapping

import strawberry


@strawberry.type(description="One label (or any other key and value).")
class Label:
    key: str = strawberry.field(description="The label's name.")
    value: str = strawberry.field(description="Its value.")


def labels_of(mapping: Mapping[str, str]) -> list[Label]:
    """A map as a list sorted by key, so the order is stable between calls."""
    return [Label(key=k, value=str(v)) for k, v in sorted(mapping.items())]
