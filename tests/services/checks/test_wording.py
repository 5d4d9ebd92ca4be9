"""How a count of available updates reads, wherever it is printed."""

from __future__ import annotations

import pytest

from services.checks.model import updates_available_text


@pytest.mark.parametrize(
    ("count", "new", "text"),
    [
        (0, False, "0 updates available"),
        (1, False, "1 update available"),
        (3, False, "3 updates available"),
        (1, True, "1 new update available"),
        (2, True, "2 new updates available"),
    ],
)
def test_one_update_is_singular(count: int, new: bool, text: str) -> None:
    assert updates_available_text(count, new=new) == text
