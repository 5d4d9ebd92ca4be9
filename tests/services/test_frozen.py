"""`@frozen` behaves as `@dataclass(frozen=True, slots=True)`, for less memory.

Each shape is made twice from the same source, once with each decorator, in
namespaces of their own (so both have the same qualified names)."""

from __future__ import annotations

import copy
import dataclasses
import gc
import tracemalloc
from typing import Any

import pytest

from services import frozen as frozen_module

SHAPES = {
    "plain": """
@DECORATOR
class Shape:
    name: str
    host: str = "local"
    count: int = 0
""",
    "one field": """
@DECORATOR
class Shape:
    name: str
""",
    "no fields": """
@DECORATOR
class Shape:
    pass
""",
    "field options": """
@DECORATOR
class Shape:
    name: str
    secret: str = field(default="", repr=False)
    seen: int = field(default=0, compare=False)
    tags: tuple[str, ...] = field(default=(), hash=False)
""",
    "own eq": """
@DECORATOR
class Shape:
    name: str
    other: str = ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Shape) and other.name == self.name
""",
    "own repr and hash": """
@DECORATOR
class Shape:
    name: str

    def __repr__(self) -> str:
        return "shape " + self.name

    def __hash__(self) -> int:
        return 7
""",
    "subclass": """
@DECORATOR
class Base:
    name: str
    host: str = "local"


@DECORATOR
class Shape(Base):
    extra: int = 1
""",
}

ARGS = {
    "plain": [("a",), ("a", "b", 2), ("b",)],
    "one field": [("a",), ("b",)],
    "no fields": [()],
    "field options": [("a", "s", 1, ("x",)), ("a", "t", 2, ("y",)), ("b",)],
    "own eq": [("a", "x"), ("a", "y"), ("b",)],
    "own repr and hash": [("a",), ("b",)],
    "subclass": [("a",), ("a", "b", 3)],
}


def _make(shape: str, decorator: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {
        "dataclass": dataclasses.dataclass,
        "field": dataclasses.field,
        "frozen": frozen_module.frozen,
    }
    source = "from __future__ import annotations\n" + SHAPES[shape]
    exec(source.replace("DECORATOR", decorator), namespace)  # noqa: S102
    return namespace


def _both(shape: str) -> tuple[type, type]:
    made = _make(shape, "frozen")["Shape"]
    reference = _make(shape, "dataclass(frozen=True, slots=True)")["Shape"]
    return made, reference


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_record_behaves_as_the_frozen_slotted_dataclass(shape):
    made, reference = _both(shape)
    assert [f.name for f in dataclasses.fields(made)] == [
        f.name for f in dataclasses.fields(reference)
    ]
    assert made.__match_args__ == reference.__match_args__
    assert made.__slots__ == reference.__slots__
    params, expected = made.__dataclass_params__, reference.__dataclass_params__
    assert (params.init, params.repr, params.eq, params.frozen) == (
        expected.init,
        expected.repr,
        expected.eq,
        expected.frozen,
    )
    pairs = [(made(*args), reference(*args)) for args in ARGS[shape]]
    for ours, theirs in pairs:
        assert repr(ours) == repr(theirs)
        assert hash(ours) == hash(theirs)
        assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
        # copy goes through __getstate__/__setstate__, as pickling does.
        assert copy.deepcopy(ours) == ours
        assert type(dataclasses.replace(ours)) is made
        assert dataclasses.replace(ours) == ours
    for ours_a, theirs_a in pairs:
        for ours_b, theirs_b in pairs:
            assert (ours_a == ours_b) is (theirs_a == theirs_b)
            assert (ours_a != ours_b) is (theirs_a != theirs_b)
        assert ours_a != theirs_a  # another class: never equal
        stranger = object()
        assert ours_a.__eq__(stranger) is theirs_a.__eq__(stranger)


def test_assigning_or_deleting_a_field_is_refused_as_the_dataclass_refuses():
    made, reference = _both("plain")
    for cls in (made, reference):
        record = cls("a")
        with pytest.raises(dataclasses.FrozenInstanceError) as assigned:
            record.name = "b"
        with pytest.raises(dataclasses.FrozenInstanceError) as deleted:
            del record.host
        assert str(assigned.value) == "cannot assign to field 'name'"
        assert str(deleted.value) == "cannot delete field 'host'"
        assert record.name == "a"


def test_what_is_not_a_field_is_refused_on_a_record_and_allowed_on_a_plain_subclass():
    # The slotted dataclass means the same; its __setattr__ names the class
    # as it was before slots were added, so it raises TypeError from super()
    # instead (CPython 3.11).
    made, _ = _both("plain")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made("a").not_a_field = 1
    record = type("Sub", (made,), {})("a")
    record.extra = 1
    assert record.extra == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.name = "b"
    del record.extra
    assert not hasattr(record, "extra")


def test_a_record_that_holds_itself_shows_the_loop_as_the_dataclass_does():
    made, reference = _both("plain")
    ours, theirs = made("a", [], 0), reference("a", [], 0)
    ours.host.append(ours)
    theirs.host.append(theirs)
    assert repr(ours) == repr(theirs) == "Shape(name='a', host=[...], count=0)"


def test_a_mutable_dataclass_cannot_inherit_from_a_record():
    made, _ = _both("plain")
    with pytest.raises(TypeError, match="non-frozen dataclass from a frozen one"):
        dataclasses.dataclass(type("Sub", (made,), {"__annotations__": {"x": "int"}}))


def test_a_record_class_costs_less_than_half_of_the_dataclass():
    source = "".join(
        SHAPES["field options"].replace("Shape", f"Shape{i}") for i in range(20)
    )

    def cost(decorator: str) -> int:
        code = compile(
            "from __future__ import annotations\n"
            + source.replace("DECORATOR", decorator),
            "shapes",
            "exec",
        )
        namespace: dict[str, Any] = {
            "dataclass": dataclasses.dataclass,
            "field": dataclasses.field,
            "frozen": frozen_module.frozen,
        }
        gc.collect()
        tracemalloc.start()
        try:
            exec(code, namespace)  # noqa: S102
            del code
            gc.collect()
            return tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()

    ours, theirs = cost("frozen"), cost("dataclass(frozen=True, slots=True)")
    assert ours < theirs * 0.6, (ours, theirs)
