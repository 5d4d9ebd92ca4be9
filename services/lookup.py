"""Finding one container among many by what a person typed: a name, a full
id, or an id prefix.

The rule is the same wherever a container is looked up in Docksmith's own
state (check results, discovery): an exact name wins, then a full id, then a
prefix that matches exactly one id. A prefix that matches several is refused
with the candidates named, never answered with whichever came first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from services.errors import InvalidInputError

T = TypeVar("T")
# Enough to name the candidates without flooding an error message.
_SHOWN = 10


def pick_container(
    items: Iterable[T],
    wanted: str,
    *,
    name: Callable[[T], str],
    id: Callable[[T], str],
) -> T | None:
    """The one item `wanted` names, or None when nothing matches."""
    everything = list(items)
    for key in (name, id):
        found = [item for item in everything if key(item) == wanted]
        if found:
            return found[0]
    if not wanted:
        return None
    prefixed = [item for item in everything if id(item).startswith(wanted)]
    if len(prefixed) > 1:
        names = sorted(name(item) for item in prefixed)
        shown = ", ".join(names[:_SHOWN])
        more = f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
        raise InvalidInputError(
            f"{wanted} is the start of the id of several containers ({shown}{more}); "
            "give more of the id or the name"
        )
    return prefixed[0] if prefixed else None
