"""Fields without resolvers, completed in one step.

graphql-core executes every field on its own: resolve info, resolver call,
awaitable checks, completion, path. A `containers` answer at 2,000 containers
is about 60,000 such fields, nearly all plain attributes (`name`, `status`,
`latestVersion`...) with nothing to run but `getattr` and the scalar's
`serialize`. This executor does exactly that for:

- plain leaves: a scalar, an enum or a list of them, read from an attribute;
- `__typename` of an object type (the UI's client asks for it everywhere);
- a plain object or a list of them (`labels { key value }`,
  `preUpdateCheck { script passed }`) whose own selection is only the two
  above,

and leaves every other field (a resolver, arguments, directives, a permission
or field extension, a null in a non-null field, a value the scalar refuses,
deeper selections) to graphql-core, so answers and errors are unchanged:
whenever a fast step meets anything unusual, graphql-core completes that
field from the start.

It steps aside entirely when any schema extension wraps field resolution
(graphql-core middleware): that extension must see every field.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum, EnumMeta
from typing import Any, NamedTuple

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.type.scalars import serialize_boolean, serialize_string
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

_MISSING = object()
# Scalars whose serialize returns a value of exactly this class unchanged.
_IDENTITY: dict[Any, type] = {serialize_string: str, serialize_boolean: bool}
TYPENAME = "__typename"
# A field's whole answer for one source object, or _MISSING: let
# graphql-core complete it.
Complete = Callable[[Any], Any]


def _plain_field(parent_type: GraphQLObjectType, field_name: str) -> Any:
    """The field's definition when reading it is a bare `getattr`, else None."""
    field_def = parent_type.fields.get(field_name)
    if field_def is None or field_def.args:
        return None
    definition = field_def.extensions.get("strawberry-definition")
    if not isinstance(definition, StrawberryField):
        return None
    if (
        definition.base_resolver is not None
        or definition.extensions
        or definition.permission_classes
        or definition.directives
        or not getattr(field_def.resolve, "_is_default", False)
        or getattr(definition, "default_resolver", getattr) is not getattr
        or definition.python_name is None
    ):
        return None
    return field_def


class Read(NamedTuple):
    """A leaf read in line by the loops below (no call per field for the
    common answers): the attribute; the class whose values are answered as
    they are; whether null is an answer; and what completes any other value
    (None, a missing attribute, one to serialize), _MISSING meaning
    graphql-core's."""

    attr: str
    same: type | None
    nullable: bool
    finish: Complete


def _plain_leaf(parent_type: GraphQLObjectType, field_name: str) -> Complete | None:
    read = _leaf_read(parent_type, field_name)
    if isinstance(read, Read):
        return _completer(read)
    return read


def _leaf_read(
    parent_type: GraphQLObjectType, field_name: str
) -> Read | Complete | None:
    """A scalar or enum leaf's Read, a list of them's step, or None."""
    field_def = _plain_field(parent_type, field_name)
    if field_def is None:
        return None
    name: str = field_def.extensions["strawberry-definition"].python_name
    return_type = field_def.type
    non_null = isinstance(return_type, GraphQLNonNull)
    named = return_type.of_type if non_null else return_type
    if isinstance(named, GraphQLList):  # a list of scalars: `dependencies`
        items_non_null = isinstance(named.of_type, GraphQLNonNull)
        named = named.of_type.of_type if items_non_null else named.of_type
        if not isinstance(named, GraphQLScalarType | GraphQLEnumType):
            return None
        return _scalar_list(name, named.serialize, non_null, items_non_null)
    if isinstance(named, GraphQLEnumType):
        return Read(name, None, not non_null, _enum(named))
    if not isinstance(named, GraphQLScalarType):
        return None
    serialize = named.serialize
    return Read(
        name,
        _IDENTITY.get(serialize),
        not non_null,
        lambda value: (
            _MISSING
            if value is None or value is _MISSING
            else _serialized(serialize, value)
        ),
    )


def _completer(read: Read) -> Complete:
    name, same, nullable, finish = read

    def complete(source: Any) -> Any:
        value = getattr(source, name, _MISSING)
        if value.__class__ is same or (value is None and nullable):
            return value
        # None here is in a non-null field: graphql-core raises its error.
        return finish(value)

    return complete


def _enum(enum_type: GraphQLEnumType) -> Complete:
    """An enum value answered by its name, looked up for each member of the
    Python enum behind it instead of serialized (Strawberry's serialize walks
    every value of the enum, reading each member's `.value`)."""
    serialize = enum_type.serialize
    members = getattr(enum_type, "wrapped_cls", None)
    names: dict[Any, Any] = {}
    if isinstance(members, EnumMeta):
        member: Enum
        for member in members:
            done = _serialized(serialize, member)
            if done is not _MISSING:
                names[member] = done

    def finish(value: Any) -> Any:
        if value is None or value is _MISSING:
            return _MISSING
        if value.__class__ is members:
            found = names.get(value, _MISSING)
            if found is not _MISSING:
                return found
        return _serialized(serialize, value)

    return finish


def _scalar_list(
    name: str, serialize: Any, non_null: bool, items_non_null: bool
) -> Complete:
    def complete(source: Any) -> Any:
        try:
            value = getattr(source, name)
        except AttributeError:
            return _MISSING
        if value is None:
            return _MISSING if non_null else None
        if isinstance(value, str | bytes | dict) or not hasattr(value, "__iter__"):
            return _MISSING
        items: list[Any] = []
        for item in value:
            if item is None:
                if items_non_null:
                    return _MISSING
                items.append(None)
                continue
            done = _serialized(serialize, item)
            if done is _MISSING:
                return _MISSING
            items.append(done)
        return items

    return complete


def _typename(parent_type: GraphQLObjectType) -> Complete:
    type_name = parent_type.name
    return lambda _source: type_name


def _leaf_or_typename(
    parent_type: GraphQLObjectType, node: FieldNode
) -> Read | Complete | None:
    if node.directives or node.arguments or node.selection_set is not None:
        return None
    if node.name.value == TYPENAME:
        return _typename(parent_type)
    return _leaf_read(parent_type, node.name.value)


def _plain_object(parent_type: GraphQLObjectType, node: FieldNode) -> Complete | None:
    """A plain field holding an object, or a list of non-null objects, whose
    selection is only plain leaves and `__typename`."""
    field_def = _plain_field(parent_type, node.name.value)
    if field_def is None or node.selection_set is None:
        return None
    name: str = field_def.extensions["strawberry-definition"].python_name
    return_type = field_def.type
    non_null = isinstance(return_type, GraphQLNonNull)
    inner = return_type.of_type if non_null else return_type
    listed = isinstance(inner, GraphQLList)
    if listed:
        if not isinstance(inner.of_type, GraphQLNonNull):
            return None
        inner = inner.of_type.of_type
    if not isinstance(inner, GraphQLObjectType) or inner.is_type_of:
        return None
    steps: list[tuple[str, Read | None, Complete | None]] = []
    for selection in node.selection_set.selections:
        if not isinstance(selection, FieldNode):
            return None
        step = _leaf_or_typename(inner, selection)
        response_name = (selection.alias or selection.name).value
        if step is None or any(response_name == seen for seen, _, _ in steps):
            return None
        if isinstance(step, Read):
            steps.append((response_name, step, None))
        else:
            steps.append((response_name, None, step))

    def one(item: Any) -> Any:
        row = {}
        for response_name, read, step in steps:
            if read is not None:
                value = getattr(item, read.attr, _MISSING)
                if value.__class__ is read.same or (value is None and read.nullable):
                    row[response_name] = value
                    continue
                done = read.finish(value)
            else:
                done = step(item)  # type: ignore[misc]
            if done is _MISSING:
                return _MISSING
            row[response_name] = done
        return row

    def complete(source: Any) -> Any:
        try:
            value = getattr(source, name)
        except AttributeError:
            return _MISSING
        if value is None:
            return _MISSING if non_null else None
        if not listed:
            return one(value)
        if isinstance(value, str | bytes | dict) or not hasattr(value, "__iter__"):
            return _MISSING
        rows: list[Any] = []
        for item in value:
            if item is None:
                return _MISSING
            row = one(item)
            if row is _MISSING:
                return _MISSING
            rows.append(row)
        return rows

    return complete


# One field of a selection, planned once per request: (response name, its
# field details, a leaf's Read, else the fast step, else None: graphql-core
# completes it).
_Step = tuple[str, Any, Read | None, Complete | None]


class LeafFastPathExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Steps of plain leaves by (type, field), for this request (the 2,000
        # rows of a list share one answer per field).
        self._leaves: dict[tuple[str, str], Read | Complete | None] = {}
        # graphql-core collects a list's item selection once and hands the
        # same grouped field set to every item: its steps are planned once,
        # by identity (the entry keeps the set alive, so the id stays its own).
        self._plans: dict[int, tuple[Any, GraphQLObjectType, list[_Step]]] = {}

    def _plan(
        self, parent_type: GraphQLObjectType, grouped_field_set: Any
    ) -> list[_Step]:
        entry = self._plans.get(id(grouped_field_set))
        if (
            entry is not None
            and entry[0] is grouped_field_set
            and entry[1] is parent_type
        ):
            return entry[2]
        steps: list[_Step] = []
        leaves = self._leaves
        for response_name, details in grouped_field_set.items():
            node = details[0].node
            step: Read | Complete | None = None
            if all(not d.node.directives and not d.node.arguments for d in details):
                if node.selection_set is not None:
                    # Several nodes would merge their selections: graphql-core's.
                    if len(details) == 1:
                        step = _plain_object(parent_type, node)
                # A leaf asked for twice (`__typename` in a fragment and
                # beside it) is the same field, validation made sure of that.
                elif node.name.value == TYPENAME:
                    step = _typename(parent_type)
                else:
                    key = (parent_type.name, node.name.value)
                    if key in leaves:
                        step = leaves[key]
                    else:
                        step = leaves[key] = _leaf_read(parent_type, node.name.value)
            if isinstance(step, Read):
                steps.append((response_name, details, step, None))
            else:
                steps.append((response_name, details, None, step))
        self._plans[id(grouped_field_set)] = (grouped_field_set, parent_type, steps)
        return steps

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        manager = self.middleware_manager
        if manager is not None and manager._middleware_resolvers:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        # Every response name takes its place in the query's order now; those
        # graphql-core completes are filled in (or dropped) after.
        done: dict[str, Any] = {}
        rest: dict[str, Any] | None = None
        for response_name, details, read, step in self._plan(
            parent_type, grouped_field_set
        ):
            if read is not None:
                value = getattr(source_value, read.attr, _MISSING)
                if value.__class__ is read.same or (value is None and read.nullable):
                    done[response_name] = value
                    continue
                value = read.finish(value)
            else:
                value = _MISSING if step is None else step(source_value)
            if value is _MISSING:
                if rest is None:
                    rest = {}
                rest[response_name] = details
                done[response_name] = None
            else:
                done[response_name] = value
        if rest is None:
            return done
        others = super().execute_fields(
            parent_type, source_value, path, rest, position_context
        )
        if isinstance(others, dict):
            return _filled(done, rest, others)
        return self._fill_later(done, rest, others)

    @staticmethod
    async def _fill_later(
        done: dict[str, Any], rest: dict[str, Any], others: Awaitable[dict[str, Any]]
    ) -> dict[str, Any]:
        return _filled(done, rest, await others)


def _filled(
    done: dict[str, Any], rest: dict[str, Any], others: dict[str, Any]
) -> dict[str, Any]:
    done.update(others)
    if len(others) != len(rest):  # graphql-core left out a field it does not know
        for name in rest:
            if name not in others:
                del done[name]
    return done


def _serialized(serialize: Any, value: Any) -> Any:
    try:
        serialized = serialize(value)
    except Exception:  # graphql-core reports it the standard way
        return _MISSING
    return _MISSING if serialized is None or serialized is Undefined else serialized
