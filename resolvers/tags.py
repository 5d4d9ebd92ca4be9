from __future__ import annotations

from collections.abc import Mapping, Sequence

from services.versioning import Decision, choose_update, parse_constraints


def pick_tag(current: str, tags: Sequence[str], labels: Mapping[str, str]) -> Decision:
    """Choose the update for `current` among `tags` under the container `labels`.

    Raises InvalidInputError when a version label is malformed.
    """
    return choose_update(current, tags, parse_constraints(labels))
