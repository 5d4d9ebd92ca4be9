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

from collections.abc import Awaitable, Callable, Sequence
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
    steps: list[tuple[str, Read | str | Complete]] = []
    for selection in node.selection_set.selections:
        if not isinstance(selection, FieldNode):
            return None
        step = _leaf_or_typename(inner, selection)
        response_name = (selection.alias or selection.name).value
        if step is None or any(response_name == seen for seen, _ in steps):
            return None
        if selection.name.value == TYPENAME:
            steps.append((response_name, inner.name))
        else:
            steps.append((response_name, step))
    one = _row_builder(steps)

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


def _row_builder(
    steps: Sequence[tuple[str, Read | str | Complete | None]], *, partial: bool = False
) -> Complete:
    """One object's row for a selection answered without graphql-core: a
    Read, a step, `__typename` (the type's name, a str) or, with `partial`,
    None (graphql-core's), as a function written for that selection: each
    field read into a local, the row made in one dict display in the
    selection's order. A loop over the steps (a tuple unpacked, a branch per
    kind, a dict store per field) cost twice as much for the 16,000 label
    rows and the 2,000 container rows of a 2,000-container answer.

    The row, or _MISSING as soon as a field needs graphql-core; with
    `partial`, (row, None) or (the row with those fields None, a list of
    their positions, in any order)."""
    names: dict[str, Any] = {"_MISSING": _MISSING}
    always = [i for i, (_, step) in enumerate(steps) if step is None]
    lines = ["def row(item):"]
    if partial:
        lines.append(f"    missing = {always!r}")
    values = []
    for i, (response_name, step) in enumerate(steps):
        local = f"v{i}"
        if isinstance(step, str):
            values.append(f"{response_name!r}: {step!r}")
            continue
        values.append(f"{response_name!r}: {local}")
        if step is None:
            lines.append(f"    {local} = None")
            continue

        def give_up(indent: str, local: str = local, i: int = i) -> list[str]:
            if partial:
                return [f"{indent}{local} = None", f"{indent}missing.append({i})"]
            return [f"{indent}return _MISSING"]

        if isinstance(step, Read):
            names[f"same{i}"], names[f"finish{i}"] = step.same, step.finish
            answered = f"{local}.__class__ is same{i}"
            if step.nullable:
                answered += f" or {local} is None"
            lines += [
                f"    {local} = getattr(item, {step.attr!r}, _MISSING)",
                f"    if not ({answered}):",
                f"        {local} = finish{i}({local})",
                f"        if {local} is _MISSING:",
                *give_up(" " * 12),
            ]
        else:
            names[f"step{i}"] = step
            lines += [
                f"    {local} = step{i}(item)",
                f"    if {local} is _MISSING:",
                *give_up(" " * 8),
            ]
    row = "{" + ", ".join(values) + "}"
    lines.append(
        f"    return {row}, missing or None" if partial else f"    return {row}"
    )
    # Only repr()'d strings reach the source besides numbered locals and
    # positions: GraphQL names and Python attribute names, identifiers both.
    # A selection holds at most its type's fields and the query's 30 aliases
    # (schema/limits.py), so the function stays small.
    exec("\n".join(lines), names)  # noqa: S102
    built: Complete = names["row"]
    return built


class _Plan(NamedTuple):
    """A selection's row function (_row_builder's, partial) and its fields:
    (response name, field details) in order, for those graphql-core
    completes."""

    row: Complete
    fields: list[tuple[str, Any]]


class LeafFastPathExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Steps of plain leaves by (type, field), for this request (the 2,000
        # rows of a list share one answer per field).
        self._leaves: dict[tuple[str, str], Read | Complete | None] = {}
        # graphql-core collects a list's item selection once and hands the
        # same grouped field set to every item: its row is planned once, by
        # identity (the entry keeps the set alive, so the id stays its own).
        self._plans: dict[int, tuple[Any, GraphQLObjectType, _Plan]] = {}

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> _Plan:
        entry = self._plans.get(id(grouped_field_set))
        if (
            entry is not None
            and entry[0] is grouped_field_set
            and entry[1] is parent_type
        ):
            return entry[2]
        steps: list[tuple[str, Read | str | Complete | None]] = []
        leaves = self._leaves
        for response_name, details in grouped_field_set.items():
            node = details[0].node
            step: Read | str | Complete | None = None
            if all(not d.node.directives and not d.node.arguments for d in details):
                if node.selection_set is not None:
                    # Several nodes would merge their selections: graphql-core's.
                    if len(details) == 1:
                        step = _plain_object(parent_type, node)
                # A leaf asked for twice (`__typename` in a fragment and
                # beside it) is the same field, validation made sure of that.
                elif node.name.value == TYPENAME:
                    step = parent_type.name
                else:
                    key = (parent_type.name, node.name.value)
                    if key in leaves:
                        step = leaves[key]
                    else:
                        step = leaves[key] = _leaf_read(parent_type, node.name.value)
            steps.append((response_name, step))
        plan = _Plan(_row_builder(steps, partial=True), list(grouped_field_set.items()))
        self._plans[id(grouped_field_set)] = (grouped_field_set, parent_type, plan)
        return plan

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
        row, fields = self._plan(parent_type, grouped_field_set)
        done, missing = row(source_value)
        if missing is None:
            return done
        rest = dict(fields[i] for i in sorted(missing))
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
