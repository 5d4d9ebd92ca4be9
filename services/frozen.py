"""`@frozen`: `@dataclass(frozen=True, slots=True)` at half the memory.

A frozen, slotted dataclass gets `__init__`, `__repr__`, `__eq__`,
`__hash__`, `__setattr__` and `__delattr__`, and Python 3.11 compiles each
from its own source text: ~16 KB a class, ~3 MB for the ~190 records
`docksmith serve` imports, most of it in code no request ever runs
(`__setattr__` only ever raises). Only `__init__` depends on the fields in a
way worth compiling, and it is kept; the other five are one function each,
shared by every record, that reads the class's field names from a tuple and
an `operator.attrgetter` (~8 KB a class in all).

Behaviour is the dataclass's: the same `__init__`, `__match_args__`,
`dataclasses.fields`/`replace`/`asdict`, pickling; equality and hashing over
the same fields (`field(compare=..., hash=...)`) with the same tuples; the
same repr (`field(repr=False)` left out, recursion shown as `...`); the same
`FrozenInstanceError`s. A method the class body defines itself is kept, as
the dataclass keeps it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError
from operator import attrgetter
from threading import get_ident
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")

# Records being repr'd, by (object, thread), as reprlib.recursive_repr keeps
# them (one set for all records: the key names the object).
_REPR_RUNNING: set[tuple[int, int]] = set()


def _setattr(self: Any, name: str, value: Any) -> None:
    # As the dataclass's: a plain subclass may set what is not a field.
    cls = type(self)
    if "__frozen_names__" in cls.__dict__ or name in cls.__frozen_names__:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _delattr(self: Any, name: str) -> None:
    cls = type(self)
    if "__frozen_names__" in cls.__dict__ or name in cls.__frozen_names__:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _repr(self: Any) -> str:
    key = id(self), get_ident()
    if key in _REPR_RUNNING:
        return "..."
    _REPR_RUNNING.add(key)
    try:
        cls = self.__class__
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in cls.__frozen_repr__
        )
        return f"{cls.__qualname__}({shown})"
    finally:
        _REPR_RUNNING.discard(key)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = self.__class__.__frozen_compare__
        return key(self) == key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__class__.__frozen_hash__(self))


def _no_fields(_: object) -> tuple[()]:
    return ()


def _one_field(name: str) -> Callable[[object], tuple[Any]]:
    def key(obj: object) -> tuple[Any]:
        return (getattr(obj, name),)

    return key


def _key(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """The tuple of the fields `names`, as the dataclass's methods build it
    (attrgetter of one name gives the value, not a tuple)."""
    if not names:
        return _no_fields
    if len(names) == 1:
        return _one_field(names[0])
    return attrgetter(*names)


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[T]) -> type[T]:
    body = dict(cls.__dict__)
    # frozen=True for its __init__ (object.__setattr__ per field); the
    # setattr and delattr it compiles are replaced below.
    made: Any = dataclasses.dataclass(frozen=True, slots=True, repr=False, eq=False)(
        cls
    )
    fields = dataclasses.fields(made)
    made.__frozen_names__ = frozenset(f.name for f in fields)
    made.__setattr__ = _setattr
    made.__delattr__ = _delattr
    if "__repr__" not in body:
        made.__frozen_repr__ = tuple(f.name for f in fields if f.repr)
        made.__repr__ = _repr
    compared = tuple(f.name for f in fields if f.compare)
    if "__eq__" not in body:
        made.__frozen_compare__ = _key(compared)
        made.__eq__ = _eq
    # With eq and frozen, a dataclass hashes its fields unless the body
    # defines __hash__ (an __eq__ alone sets it to None, which is no choice).
    own_hash = body.get("__hash__", MISSING)
    if own_hash is MISSING or (own_hash is None and "__eq__" in body):
        hashed = tuple(
            f.name for f in fields if (f.compare if f.hash is None else f.hash)
        )
        shared = hashed == compared and "__eq__" not in body
        made.__frozen_hash__ = made.__frozen_compare__ if shared else _key(hashed)
        made.__hash__ = _hash
    # What dataclasses (and a dataclass subclass) read back: the options the
    # record has, not the ones it was made with.
    params = made.__dataclass_params__
    params.repr = params.eq = True
    return made  # type: ignore[no-any-return]
