"""Tortoise's lookup table of a model, filled one field at a time as queries
ask for it.

When a model class is made, Tortoise builds every lookup of every field
(`name`, `name__in`, `name__gte`, `name__icontains`, ... about 30 a field,
each a dict) and copies the table when a connection binds the models: for
our 165 fields, 5,237 entries and ~1.4 MB that every process kept, of which
the repositories use a few dozen (bench/bench_import_floor.py). The table
here starts empty and makes a field's lookups, with the backend's overrides
as Tortoise applies them, the first time a key of that field is asked for;
a key of no field is absent as before, so Tortoise's errors are unchanged.
"""

from __future__ import annotations

from copy import copy
from typing import TYPE_CHECKING, Any

from tortoise.filters import FilterInfoDict, get_filters_for_field

if TYPE_CHECKING:
    from tortoise.models import MetaInfo, Model


class FieldLookups(dict[str, FilterInfoDict]):
    """`MetaInfo.filters` made on demand, per field."""

    __slots__ = ("_made", "_meta")

    def __init__(self, meta: MetaInfo) -> None:
        super().__init__()
        self._meta = meta
        self._made: set[str] = set()

    def _make(self, key: str) -> None:
        # A lookup is `<field>` or `<field>__<operator>`; `pk` names the
        # primary key (Tortoise's rule; field names never hold "__").
        name = key.split("__", 1)[0]
        if name in self._made:
            return
        meta = self._meta
        field = meta.fields_map.get(meta.pk_attr if name == "pk" else name)
        # No such field, or a relation: Tortoise has no lookups for it either.
        if field is not None and field.model_field_name in meta.fields_db_projection:
            source = meta.fields_db_projection[field.model_field_name]
            override = meta.db.executor_class.get_overridden_filter_func
            for lookup, info in get_filters_for_field(name, field, source).items():
                operator = override(filter_func=info["operator"], filter_info=info)
                if operator:
                    info = copy(info)
                    info["operator"] = operator
                dict.__setitem__(self, lookup, info)
        # Marked once filled: a second caller meanwhile makes the same again.
        self._made.add(name)

    def __missing__(self, key: str) -> FilterInfoDict:
        self._make(key)
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if dict.__contains__(self, key):
            return True
        if not isinstance(key, str):
            return False
        self._make(key)
        return dict.__contains__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default


def make_lookups_lazily(models: list[type[Model]]) -> None:
    """Replace each model's built lookups by a table made on demand.

    Only for models without relations (all of ours): Tortoise adds a
    relation's lookups when it binds the models, which this does not make."""
    for model in models:
        meta = model._meta
        if meta.fetch_fields or meta.fk_fields or meta.m2m_fields or meta.o2o_fields:
            raise TypeError(f"{model.__name__} has relations; keep Tortoise's lookups")
        meta._filters = {}
        meta.filters = FieldLookups(meta)
