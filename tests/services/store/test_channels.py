"""Stored notification channels on both backends."""

from __future__ import annotations

import pytest

from services.errors import ConflictError, NotFoundError
from services.notify.model import ChangeLevel, NotificationEvent
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


async def test_a_channel_loads_its_events_and_minimum_as_enums(store):
    repo = ChannelRepository(store)
    await repo.create(
        "ch_1",
        {"name": "phone", "url": "ntfy://t", "events": ["check_failing"],
         "min_change": "patch"},
    )  # fmt: skip
    await repo.create(
        "ch_2",
        {"name": "later", "url": "ntfy://u", "events": ["scan_done", "test"],
         "min_change": "build"},
    )  # fmt: skip
    rows = {r.channel_id: r for r in await repo.all()}
    assert rows["ch_1"].events == [NotificationEvent.CHECK_FAILING]
    assert isinstance(rows["ch_1"].events[0], NotificationEvent)
    assert rows["ch_1"].min_change is ChangeLevel.PATCH
    # Unknown: the event is dropped, the minimum reads as none.
    assert rows["ch_2"].events == [NotificationEvent.TEST]
    assert rows["ch_2"].min_change is None
