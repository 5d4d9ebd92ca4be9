"""Stored notification channels (the only code that queries their table)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.exceptions import IntegrityError

from services.errors import ConflictError, NotFoundError
from services.notify.model import NotificationEvent
from services.store.database import Store, in_store
from services.store.decode import Decoder
from services.store.models import NotificationChannel
from services.store.records import NotificationChannelRecord

_FIELDS = tuple(NotificationChannelRecord.__dataclass_fields__)
_TABLE = NotificationChannel._meta.db_table


class ChannelRepository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._decoder = Decoder()

    def _record(self, row: NotificationChannel) -> NotificationChannelRecord:
        """A channel a newer version stored with an event or a minimum this
        one does not know still loads (see the record's fields): refusing it
        would fail the notifier's start, and every other channel with it."""
        values = {name: getattr(row, name) for name in _FIELDS}
        values["events"] = self._decoder.members(
            NotificationEvent,
            values["events"] or [],
            table=_TABLE,
            key=row.channel_id,
            column="events",
        )
        return self._decoder.record(
            NotificationChannelRecord, values, table=_TABLE, key=row.channel_id
        )

    @in_store
    async def all(self) -> list[NotificationChannelRecord]:
        rows = await NotificationChannel.all().order_by("name")
        return [self._record(row) for row in rows]

    @in_store
    async def create(
        self, channel_id: str, values: Mapping[str, Any]
    ) -> NotificationChannelRecord:
        if await NotificationChannel.exists(name=values["name"]):
            raise ConflictError(f"a channel named {values['name']} already exists")
        try:
            row = await NotificationChannel.create(channel_id=channel_id, **values)
        except IntegrityError:
            # Two requests for the same name at once: the second loses here.
            raise ConflictError(
                f"a channel named {values['name']} already exists"
            ) from None
        return self._record(row)

    @in_store
    async def delete(self, channel_id: str) -> None:
        deleted = await NotificationChannel.filter(channel_id=channel_id).delete()
        if not deleted:
            raise NotFoundError(f"no notification channel {channel_id}")
