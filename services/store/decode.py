"""Reading a row into its record: a closed set's stored value becomes its
enum member, and a value this version does not know is handled in one place.

A column whose record field declares `unknown_as` (services.store.records)
reads an unknown value as that member, with a warning; any other unknown
value refuses the row with `UnknownStoredValueError`. A repository asked for one
row lets that error through (a clear 500 naming the row); a list leaves the
row out with a warning, so one bad row never hides all the others.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import types
import typing
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, TypeVar, cast

from services.errors import DocksmithError
from services.frozen import frozen
from services.store.records import UNKNOWN_AS

log = logging.getLogger(__name__)

RecordT = TypeVar("RecordT")
EnumT = TypeVar("EnumT", bound=StrEnum)
_NO_FALLBACK = object()
# Distinct (table, column, value) triples warned about: a UI polling a list
# must not repeat the same warning every few seconds.
_MAX_WARNED = 256


class UnknownStoredValueError(DocksmithError):
    """A row holds a value of a closed set that this version does not know."""

    def __init__(self, table: str, key: object, column: str, value: object) -> None:
        self.table, self.key, self.column, self.value = table, key, column, value
        super().__init__(
            f"{table} row {key} has {column} {value!r}, which this version of "
            "Docksmith does not know (written by a newer version, or edited by "
            "hand?); upgrade Docksmith or correct the row"
        )


@frozen
class _ClosedColumn:
    name: str
    enum: type[StrEnum]
    members: Mapping[str, StrEnum]
    fallback: object  # a member, None, or _NO_FALLBACK


@functools.cache
def _closed_columns(cls: object) -> tuple[_ClosedColumn, ...]:
    """The record's fields typed as a closed set (`X` or `X | None`)."""
    hints = typing.get_type_hints(cls)
    found = []
    for f in dataclasses.fields(cast(Any, cls)):
        hint = hints[f.name]
        # `X` or `X | None`; a list of members (`list[X]`) is not one value.
        union = typing.get_origin(hint) in (typing.Union, types.UnionType)
        for kind in (hint, *(typing.get_args(hint) if union else ())):
            if isinstance(kind, type) and issubclass(kind, StrEnum):
                members = cast(Mapping[str, StrEnum], kind._value2member_map_)
                fallback = f.metadata.get(UNKNOWN_AS, _NO_FALLBACK)
                found.append(_ClosedColumn(f.name, kind, members, fallback))
    return tuple(found)


class Decoder:
    """Decodes rows for one store; remembers what it has warned about."""

    def __init__(self) -> None:
        self._warned: set[tuple[str, str, str]] = set()

    def record(
        self, cls: type[RecordT], values: dict[str, Any], *, table: str, key: object
    ) -> RecordT:
        """`values` (one row's columns, changed in place) as a `cls`;
        UnknownStoredValueError for an unknown value without a fallback."""
        shape: object = cls
        self._decode(_closed_columns(shape), values, table, key)
        return cls(**values)

    def records(
        self,
        cls: type[RecordT],
        rows: Iterable[tuple[dict[str, Any], object]],
        *,
        table: str,
    ) -> list[RecordT]:
        """Each (values, key) row as a `cls`, leaving out (with a warning)
        the rows refused for an unknown value."""
        shape: object = cls
        columns = _closed_columns(shape)
        found = []
        for values, key in rows:
            try:
                self._decode(columns, values, table, key)
            except UnknownStoredValueError as exc:
                self._warn(exc.table, exc.column, exc.value, f"{exc}; left out")
                continue
            found.append(cls(**values))
        return found

    def members(
        self,
        enum: type[EnumT],
        raws: Iterable[Any],
        *,
        table: str,
        key: object,
        column: str,
    ) -> list[EnumT]:
        """A list column's values as members, each unknown one dropped with
        a warning."""
        found = []
        for raw in raws:
            member = enum._value2member_map_.get(raw)
            if isinstance(member, enum):
                found.append(member)
            else:
                self._warn(
                    table,
                    column,
                    raw,
                    f"{table} row {key} lists {raw!r} in {column}, which this "
                    "version does not know; left out",
                )
        return found

    def _decode(
        self,
        columns: tuple[_ClosedColumn, ...],
        values: dict[str, Any],
        table: str,
        key: object,
    ) -> None:
        # Per row of a 2,000-container answer: one dict lookup per column.
        for column in columns:
            raw = values[column.name]
            if raw is not None:
                member = column.members.get(raw)
                values[column.name] = (
                    self._unknown(column, raw, table, key) if member is None else member
                )

    def _unknown(
        self, column: _ClosedColumn, raw: object, table: str, key: object
    ) -> object:
        if isinstance(raw, column.enum):
            return raw  # a member already (a row this process wrote)
        if column.fallback is _NO_FALLBACK:
            raise UnknownStoredValueError(table, key, column.name, raw)
        self._warn(
            table,
            column.name,
            raw,
            f"{table} row {key} has {column.name} {raw!r}, which this version "
            f"does not know; read as {_shown(column.fallback)}",
        )
        return column.fallback

    def _warn(self, table: str, column: str, value: object, message: str) -> None:
        seen = (table, column, repr(value))
        if seen in self._warned:
            return
        if len(self._warned) < _MAX_WARNED:
            self._warned.add(seen)
        log.warning("%s", message)


def _shown(fallback: object) -> str:
    return "none" if fallback is None else repr(str(fallback))
