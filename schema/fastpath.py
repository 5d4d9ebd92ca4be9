"""Leaf fields without resolvers, completed in one step.

graphql-core executes every field on its own: resolve info, resolver call,
awaitable checks, completion, path. A `containers` answer at 2,000 containers
is about 60,000 such fields, nearly all plain attributes (`name`, `status`,
`latestVersion`...) with nothing to run but `getattr` and the scalar's
`serialize`. This executor does exactly that for those fields and leaves
every other field (a resolver, arguments, directives, a permission or field
extension, an object or list type, a null in a non-null field, a value the
scalar refuses) to graphql-core, so answers and errors are unchanged.

It steps aside entirely when any schema extension wraps field resolution
(graphql-core middleware): that extension must see every field.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

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
_IDENTITY = {serialize_string: str, serialize_boolean: bool}
# (python attribute name, serialize, non-null, list: None or items non-null),
# or None: not a plain leaf.
_Leaf = tuple[str, Any, bool, bool | None] | None


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


def _plain_leaf(parent_type: GraphQLObjectType, field_name: str) -> _Leaf:
    field_def = _plain_field(parent_type, field_name)
    if field_def is None:
        return None
    definition = field_def.extensions["strawberry-definition"]
    return_type = field_def.type
    non_null = isinstance(return_type, GraphQLNonNull)
    named = return_type.of_type if non_null else return_type
    items_non_null: bool | None = None
    if isinstance(named, GraphQLList):  # a list of scalars: `dependencies`
        items_non_null = isinstance(named.of_type, GraphQLNonNull)
        named = named.of_type.of_type if items_non_null else named.of_type
    if not isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return None
    return definition.python_name, named.serialize, non_null, items_non_null


# A list of objects whose selection is only plain leaves (`labels { key value }`):
# (attribute, list non-null, [(response name, leaf)]), or None.
_ObjectList = tuple[str, bool, list[tuple[str, tuple[str, Any, bool, bool | None]]]]


def _plain_object_list(
    parent_type: GraphQLObjectType, node: FieldNode
) -> _ObjectList | None:
    field_def = _plain_field(parent_type, node.name.value)
    if field_def is None or node.selection_set is None:
        return None
    return_type = field_def.type
    non_null = isinstance(return_type, GraphQLNonNull)
    listed = return_type.of_type if non_null else return_type
    if not isinstance(listed, GraphQLList) or not isinstance(
        listed.of_type, GraphQLNonNull
    ):
        return None
    item_type = listed.of_type.of_type
    if not isinstance(item_type, GraphQLObjectType) or item_type.is_type_of:
        return None
    leaves: list[tuple[str, tuple[str, Any, bool, bool | None]]] = []
    for selection in node.selection_set.selections:
        if (
            not isinstance(selection, FieldNode)
            or selection.directives
            or selection.arguments
            or selection.selection_set is not None
        ):
            return None
        leaf = _plain_leaf(item_type, selection.name.value)
        response_name = (selection.alias or selection.name).value
        if leaf is None or any(response_name == seen for seen, _ in leaves):
            return None
        leaves.append((response_name, leaf))
    definition = field_def.extensions["strawberry-definition"]
    return definition.python_name, non_null, leaves


# One field of a selection, planned once per request: (response name, its
# field nodes, a plain leaf or None, the field node of a plain object list or
# None). Neither: graphql-core completes it.
_Step = tuple[str, Any, _Leaf, FieldNode | None]


class LeafFastPathExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Which (type, field) pairs are plain leaves, for this request (the
        # 2,000 rows of a list share one answer per field).
        self._leaves: dict[tuple[str, str], _Leaf] = {}
        # The same for lists of plain objects, by field node (one per query).
        self._object_lists: dict[tuple[str, int], _ObjectList | None] = {}
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
            leaf: _Leaf = None
            listed: FieldNode | None = None
            if len(details) == 1 and not node.directives and not node.arguments:
                key = (parent_type.name, node.name.value)
                if key in leaves:
                    leaf = leaves[key]
                else:
                    leaf = leaves[key] = _plain_leaf(parent_type, node.name.value)
                if leaf is None and node.selection_set is not None:
                    listed = node
            steps.append((response_name, details, leaf, listed))
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
        done: dict[str, Any] = {}
        rest: dict[str, Any] | None = None
        complete_leaf = self._complete_leaf
        for response_name, details, leaf, listed in self._plan(
            parent_type, grouped_field_set
        ):
            if leaf is not None:
                value = complete_leaf(source_value, leaf)
            elif listed is not None:
                value = self._complete_object_list(parent_type, source_value, listed)
            else:
                value = _MISSING
            if value is _MISSING:
                if rest is None:
                    rest = {}
                rest[response_name] = details
            else:
                done[response_name] = value
        if rest is None:
            return done
        others = super().execute_fields(
            parent_type, source_value, path, rest, position_context
        )
        # The answer keeps the query's field order.
        order = list(grouped_field_set)
        if isinstance(others, dict):
            return _merged(order, done, others)
        return self._merge_later(order, done, others)

    def _complete_object_list(
        self, parent_type: GraphQLObjectType, source: Any, node: FieldNode
    ) -> Any:
        key = (parent_type.name, id(node))
        if key in self._object_lists:
            plan = self._object_lists[key]
        else:
            plan = self._object_lists[key] = _plain_object_list(parent_type, node)
        if plan is None:
            return _MISSING
        name, non_null, leaves = plan
        try:
            value = getattr(source, name)
        except AttributeError:
            return _MISSING
        if value is None:
            return _MISSING if non_null else None
        if isinstance(value, str | bytes | dict) or not hasattr(value, "__iter__"):
            return _MISSING
        rows: list[dict[str, Any]] = []
        for item in value:
            if item is None:
                return _MISSING
            row = {}
            for response_name, leaf in leaves:
                done = self._complete_leaf(item, leaf)
                if done is _MISSING:
                    return _MISSING
                row[response_name] = done
            rows.append(row)
        return rows

    @staticmethod
    def _complete_leaf(source: Any, leaf: tuple[str, Any, bool, bool | None]) -> Any:
        name, serialize, non_null, items_non_null = leaf
        try:
            value = getattr(source, name)
        except AttributeError:
            return _MISSING
        if value is None:
            # graphql-core raises the right error for a null in a non-null field.
            return _MISSING if non_null else None
        if items_non_null is None:
            if _IDENTITY.get(serialize) is value.__class__:
                return value
            return _serialized(serialize, value)
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

    @staticmethod
    async def _merge_later(
        order: list[str], done: dict[str, Any], others: Awaitable[dict[str, Any]]
    ) -> dict[str, Any]:
        return _merged(order, done, await others)


def _serialized(serialize: Any, value: Any) -> Any:
    try:
        serialized = serialize(value)
    except Exception:  # graphql-core reports it the standard way
        return _MISSING
    return _MISSING if serialized is None or serialized is Undefined else serialized


def _merged(
    order: list[str], done: dict[str, Any], others: dict[str, Any]
) -> dict[str, Any]:
    return {
        name: done[name] if name in done else others[name]
        for name in order
        if name in done or name in others
    }
