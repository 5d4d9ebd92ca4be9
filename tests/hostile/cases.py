"""Hostile requests generated from the app itself: every path, query and body
parameter of every REST route (from the OpenAPI document rest/openapi.py builds
from the route table) and every argument of every GraphQL root field (from the
Strawberry schema). A new route or argument is covered without editing this.

Each case puts one hostile value in one place; everything else gets a benign
value, so the answer is about that value alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)

MEGABYTE = 1_000_000


@dataclass(frozen=True)
class Hostile:
    label: str
    value: str
    # Never valid for a name, id, path or number: must be refused (4xx).
    # The others (unicode, say) may be legitimate in free text.
    never_valid: bool = True


HOSTILE = (
    Hostile("megabyte", "x" * MEGABYTE),
    Hostile("nul", "web\x00app"),
    Hostile("newline", "web\napp"),
    Hostile("tab", "\t"),
    Hostile("empty", ""),
    Hostile("traversal", "rel-app/../rel-db"),
    Hostile("parent", "../images/busybox"),
    Hostile("dotdot", ".."),
    Hostile("encoded-traversal", "%2e%2e%2fetc%2fpasswd"),
    Hostile("absolute", "/etc/passwd"),
    Hostile("option", "-rf"),
    Hostile("digest-prefix", "sha256:"),
    Hostile("glob", "*"),
    Hostile("snowman", "\u2603\U0001f4a5", never_valid=False),
    Hostile("rtl-override", "web\u202eppa", never_valid=False),
)
# URLs carry less: a megabyte path is the HTTP layer's to refuse, and 32 KB
# already exceeds every name and id by far.
URL_HOSTILE = tuple(Hostile(h.label, h.value[:32_768], h.never_valid) for h in HOSTILE)

BENIGN_NAME = "docksmith-hostile-none"


@dataclass
class RestCase:
    method: str
    path: str
    where: str  # "path", "query" or "body"
    param: str
    hostile: Hostile
    params: dict[str, str] = field(default_factory=dict)
    body: Any = None

    @property
    def id(self) -> str:
        path = self.path if len(self.path) < 80 else self.path[:60] + "..."
        return f"{self.method} {path} {self.where}:{self.param} <{self.hostile.label}>"


def _resolve(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = doc["components"]["schemas"][name]
    return schema


def _options(schema: dict[str, Any], doc: dict[str, Any]) -> list[dict[str, Any]]:
    schema = _resolve(schema, doc)
    if "anyOf" in schema:
        return [_resolve(s, doc) for s in schema["anyOf"] if s.get("type") != "null"]
    return [schema]


def _benign(schema: dict[str, Any], doc: dict[str, Any]) -> Any:
    option = _options(schema, doc)[0]
    kind = option.get("type")
    # A closed set's last value: the most specific one (a container policy
    # names its container, where a global one ignores the name given).
    if "enum" in option and kind == "string":
        return option["enum"][-1]
    if "enum" in option:
        return option["enum"][0]
    if kind == "string":
        return BENIGN_NAME
    if kind == "integer":
        return max(1, int(option.get("minimum", 1)))
    if kind == "boolean":
        return False
    if kind == "array":
        return [_benign(option.get("items", {"type": "string"}), doc)]
    if kind == "object" and "properties" in option:
        return {
            name: _benign(prop, doc)
            for name, prop in option["properties"].items()
            if name in option.get("required", ())
        }
    if kind == "object":
        return {"docksmith.ignore": "true"}
    return BENIGN_NAME


def _body_slots(
    schema: dict[str, Any], doc: dict[str, Any], path: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every place in a body a hostile value can go: (path, base body)."""
    for option in _options(schema, doc):
        kind = option.get("type")
        if kind == "object" and "properties" in option:
            for name, prop in option["properties"].items():
                yield from _body_slots(prop, doc, (*path, name))
        elif kind == "object":  # a free-form map: hostile keys and values
            yield (*path, "docksmith.tag-regex"), None
            yield (*path, "<key>"), None
        elif kind == "array":
            yield from _body_slots(option.get("items", {}), doc, (*path, 0))
        else:
            yield path, None


def _place(body: Any, path: tuple[Any, ...], value: Any) -> Any:
    """`body` with `value` at `path` (creating what is missing)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if head == "<key>":
        return {value: "true"}
    if isinstance(head, int):
        items = list(body) if isinstance(body, list) and body else [None]
        items[0] = _place(items[0], rest, value)
        return items
    current = dict(body) if isinstance(body, dict) else {}
    current[head] = _place(current.get(head), rest, value)
    return current


def rest_cases(doc: dict[str, Any], skip: frozenset[str]) -> Iterator[RestCase]:
    for path, operations in doc["paths"].items():
        if path in skip:
            continue
        for method, op in operations.items():
            params = op.get("parameters", [])
            required_path = {
                p["name"]: BENIGN_NAME for p in params if p["in"] == "path"
            }
            body_schema = (
                op.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema")
            )
            base_body = _benign(body_schema, doc) if body_schema else None
            for p in params:
                for hostile in URL_HOSTILE:
                    path_values = dict(required_path)
                    query: dict[str, str] = {}
                    if p["in"] == "path":
                        path_values[p["name"]] = hostile.value
                    else:
                        query[p["name"]] = hostile.value
                    yield RestCase(
                        method.upper(),
                        _fill(path, path_values),
                        p["in"],
                        p["name"],
                        hostile,
                        params=query,
                        body=base_body,
                    )
            if body_schema is None:
                continue
            for slot, _ in _body_slots(body_schema, doc):
                for hostile in HOSTILE:
                    yield RestCase(
                        method.upper(),
                        _fill(path, required_path),
                        "body",
                        ".".join(str(s) for s in slot),
                        hostile,
                        body=_place(base_body, slot, hostile.value),
                    )


def _fill(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", quote(value, safe=""))
    return template


# -- GraphQL ---------------------------------------------------------------------


@dataclass
class GraphQLCase:
    root: str  # "query" or "mutation"
    field: str
    argument: str  # dotted path inside the argument
    hostile: Hostile
    document: str
    variables: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.root} {self.field}({self.argument}) <{self.hostile.label}>"


def _type_ref(t: Any) -> str:
    if isinstance(t, GraphQLNonNull):
        return f"{_type_ref(t.of_type)}!"
    if isinstance(t, GraphQLList):
        return f"[{_type_ref(t.of_type)}]"
    return str(t.name)


def _gql_benign(t: Any) -> Any:
    if isinstance(t, GraphQLNonNull):
        return _gql_benign(t.of_type)
    if isinstance(t, GraphQLList):
        return [_gql_benign(t.of_type)]
    if isinstance(t, GraphQLEnumType):
        return next(iter(t.values))
    if isinstance(t, GraphQLInputObjectType):
        return {
            name: _gql_benign(f.type)
            for name, f in t.fields.items()
            if isinstance(f.type, GraphQLNonNull) and f.default_value is None
        }
    assert isinstance(t, GraphQLScalarType)
    return {"Int": 1, "Float": 1.0, "Boolean": False}.get(t.name, BENIGN_NAME)


def _gql_slots(t: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to every scalar leaf a string can be sent to (strings, ids,
    custom scalars, and enums and numbers, which must refuse a string)."""
    if isinstance(t, GraphQLNonNull):
        yield from _gql_slots(t.of_type, path)
    elif isinstance(t, GraphQLList):
        yield from _gql_slots(t.of_type, (*path, 0))
    elif isinstance(t, GraphQLInputObjectType):
        for name, f in t.fields.items():
            yield from _gql_slots(f.type, (*path, name))
    else:
        yield path


def _selection(t: Any) -> str:
    """`__typename`, and the error members' fields when the result is a union
    with them (spreading `UserError` elsewhere would be invalid GraphQL)."""
    named = get_named_type(t)
    if is_leaf_type(named):
        return ""
    if isinstance(named, GraphQLUnionType) and any(
        "UserError" in {i.name for i in member.interfaces} for member in named.types
    ):
        return "{ __typename ... on UserError { code message } }"
    return "{ __typename }"


def graphql_cases(schema: GraphQLSchema) -> Iterator[GraphQLCase]:
    roots = (
        ("query", schema.query_type),
        ("mutation", schema.mutation_type),
        ("subscription", schema.subscription_type),
    )
    for root, root_type in roots:
        if root_type is None:
            continue
        for name, f in root_type.fields.items():
            args: dict[str, GraphQLArgument] = dict(f.args)
            for arg_name, arg in args.items():
                for slot in _gql_slots(arg.type):
                    for hostile in HOSTILE:
                        yield _graphql_case(
                            root, name, f, args, arg_name, slot, hostile
                        )


def _graphql_case(
    root: str,
    name: str,
    f: Any,
    args: dict[str, GraphQLArgument],
    target: str,
    slot: tuple[Any, ...],
    hostile: Hostile,
) -> GraphQLCase:
    variables: dict[str, Any] = {}
    declared, passed = [], []
    for arg_name, arg in args.items():
        required = isinstance(arg.type, GraphQLNonNull) and arg.default_value is None
        if arg_name != target and not required:
            continue
        value = _gql_benign(arg.type)
        if arg_name == target:
            value = _place(value, slot, hostile.value)
        variables[arg_name] = value
        declared.append(f"${arg_name}: {_type_ref(arg.type)}")
        passed.append(f"{arg_name}: ${arg_name}")
    signature = f"({', '.join(declared)})" if declared else ""
    call = f"({', '.join(passed)})" if passed else ""
    document = f"{root} Hostile{signature} {{ {name}{call} {_selection(f.type)} }}"
    dotted = ".".join(str(s) for s in (target, *slot))
    return GraphQLCase(root, name, dotted, hostile, document, variables)


def describe(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) < 120 else text[:120] + "..."
