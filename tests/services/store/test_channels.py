"""Stored notification channels on both backends."""

from __future__ import annotations

import pytest

from services.errors import ConflictError, NotFoundError
from services.store.channels import ChannelRepository


async def test_channels_are_stored_listed_and_removed(store):
    repo = ChannelRepository(store)
    row = await repo.create(
        "ch_1",
        {
            "name": "phone",
            "url": "ntfy://secret-topic",
            "events": ["updates_found"],
            "min_change": "minor",
            "exclude_stacks": ["lab"],
        },
    )
    assert row.channel_id == "ch_1"
    assert row.events == ["updates_found"]
    assert row.include_stacks == []
    assert "secret-topic" not in repr(row)
    await repo.create("ch_2", {"name": "desk", "url": "gotify://h/t"})
    assert [r.name for r in await repo.all()] == ["desk", "phone"]
    with pytest.raises(ConflictError, match="phone already exists"):
        await repo.create("ch_3", {"name": "phone", "url": "ntfy://x"})
    await repo.delete("ch_1")
    assert [r.channel_id for r in await repo.all()] == ["ch_2"]
    with pytest.raises(NotFoundError):
        await repo.delete("ch_1")
