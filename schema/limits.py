"""What one GraphQL document may ask for, checked before anything runs.

A single request must not be able to fan out into thousands of Docker or
registry calls (1,000 aliases of `containerInspect`), nor make the server
parse megabytes of repeated fields. The limits here are checked at parse and
validation time, so a refused document costs nothing downstream:

- size (characters) and tokens bound the parser;
- depth, aliases and root fields bound the shape;
- cost counts every selection of a field that reaches Docker or a registry
  (each Mutation root field, and the Query fields in `COSTLY_QUERY_FIELDS`),
  fragments expanded, so aliases and fragments cannot hide repeats;
- a document with several operations must name the one to run.

Introspection stays allowed (GraphiQL needs it) and fits within the limits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from services.frozen import frozen

# Query fields whose resolvers call the Docker engine or a registry. Every
# Mutation root field counts too (each reaches Docker or starts an operation).
# tests/schema/test_limits.py fails if a name here leaves the schema.
COSTLY_QUERY_FIELDS = frozenset(
    {
        "health",
        "explorer",
        "images",
        "networks",
        "volumes",
        "containerLogs",
        "containerInspect",
        "containerStats",
        "containerLabels",
        "validateLabels",
        "registryTags",
        "containerTagOptions",
    }
)


@frozen
class GraphQLLimits:
    max_query_chars: int = 64 * 1024
    max_tokens: int = 5000
    max_depth: int = 15
    max_aliases: int = 30
    max_root_fields: int = 20
    # One unit per Docker- or registry-reaching field selection.
    max_cost: int = 20
    # Operations running at once on one WebSocket connection.
    max_operations_per_connection: int = 20


def build_limit_extensions(
    limits: GraphQLLimits,
) -> list[Callable[[], SchemaExtension]]:
    """Factories: Strawberry builds fresh extensions for every request."""
    rules: list[type[ASTValidationRule]] = [
        _root_field_rule(limits.max_root_fields),
        _cost_rule(limits.max_cost),
    ]
    return [
        _query_size_limiter(limits.max_query_chars),
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: QueryDepthLimiter(max_depth=limits.max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=limits.max_aliases),
        lambda: AddValidationRules(rules),
        RequireOperationName,
    ]


def _query_size_limiter(max_chars: int) -> type[SchemaExtension]:
    class QuerySizeLimiter(SchemaExtension):
        def on_parse(self) -> Iterator[None]:
            size = len(self.execution_context.query or "")
            if size > max_chars:
                # Refused before the lexer walks a megabyte string literal.
                raise GraphQLError(query_too_long(size, max_chars))
            yield

    return QuerySizeLimiter


def query_too_long(size: int, limit: int) -> str:
    return f"The query is {size} characters long; the limit is {limit}."


class RequireOperationName(SchemaExtension):
    """Several operations and no `operationName`: an error, not the first one."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        # Strawberry fills `operation_name` from the first operation when the
        # request gave none; only the provided name tells them apart.
        if getattr(context, "_provided_operation_name", None) is None:
            # A validation rule, so the error takes the ordinary path on
            # every transport (raising here ends a WebSocket operation mute).
            context.validation_rules = (*context.validation_rules, _OneOperation)
        yield


class _OneOperation(ValidationRule):
    def enter_document(self, node: DocumentNode, *_: object) -> None:
        names = [
            d.name.value if d.name else "(anonymous)"
            for d in node.definitions
            if isinstance(d, OperationDefinitionNode)
        ]
        if len(names) > 1:
            self.report_error(
                GraphQLError(
                    f"The document has {len(names)} operations "
                    f"({', '.join(names[:10])}); set operationName to the one to run."
                )
            )


def _root_field_rule(max_fields: int) -> type[ValidationRule]:
    class RootFieldLimit(ValidationRule):
        def enter_operation_definition(
            self, node: OperationDefinitionNode, *_: object
        ) -> None:
            count = _Walker(self.context).count_root_fields(node.selection_set)
            if count > max_fields:
                self.report_error(
                    GraphQLError(
                        f"{_label(node)} selects {count} root fields; "
                        f"the limit is {max_fields}. Split it into several requests.",
                        node,
                    )
                )

    return RootFieldLimit


def _cost_rule(max_cost: int) -> type[ValidationRule]:
    class CostLimit(ValidationRule):
        def enter_operation_definition(
            self, node: OperationDefinitionNode, *_: object
        ) -> None:
            root = _root_type(self.context.schema, node.operation)
            if root is None:
                return
            walker = _Walker(self.context)
            cost = walker.cost(root, node.selection_set, root_level=True)
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"{_label(node)} would make {cost} Docker or registry "
                        f"calls; the limit is {max_cost} per request. Ask for "
                        "fewer containers or split the request.",
                        node,
                    )
                )

    return CostLimit


def _label(node: OperationDefinitionNode) -> str:
    return f"Operation {node.name.value!r}" if node.name else "The operation"


def _root_type(
    schema: GraphQLSchema, operation: OperationType
) -> GraphQLObjectType | None:
    if operation is OperationType.QUERY:
        return schema.query_type
    if operation is OperationType.MUTATION:
        return schema.mutation_type
    return schema.subscription_type


class _Walker:
    """Walks selections with fragments expanded; each fragment's figure is
    computed once, so nested fragment "bombs" cost linear time to measure."""

    def __init__(self, context: ValidationContext) -> None:
        self._schema = context.schema
        self._document: DocumentNode = context.document
        self._fragments = {
            d.name.value: d
            for d in self._document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }
        self._fragment_cost: dict[str, int] = {}
        self._fragment_roots: dict[str, int] = {}
        self._active: set[str] = set()

    def count_root_fields(self, selections: SelectionSetNode) -> int:
        count = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                count += 1
            elif isinstance(selection, InlineFragmentNode):
                count += self.count_root_fields(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self._fragments.get(name)
                if fragment is None or name in self._active:
                    continue
                if name not in self._fragment_roots:
                    self._active.add(name)
                    self._fragment_roots[name] = self.count_root_fields(
                        fragment.selection_set
                    )
                    self._active.discard(name)
                count += self._fragment_roots[name]
        return count

    def cost(
        self,
        parent: GraphQLNamedType | None,
        selections: SelectionSetNode | None,
        *,
        root_level: bool = False,
    ) -> int:
        if selections is None:
            return 0
        total = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                total += self._field_cost(parent, selection, root_level)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = (
                    self._schema.get_type(condition.name.value) if condition else parent
                )
                total += self.cost(
                    target, selection.selection_set, root_level=root_level
                )
            elif isinstance(selection, FragmentSpreadNode):
                total += self._spread_cost(selection.name.value, root_level)
        return total

    def _spread_cost(self, name: str, root_level: bool) -> int:
        fragment = self._fragments.get(name)
        # Cycles are reported by graphql-core's own NoFragmentCycles rule.
        if fragment is None or name in self._active:
            return 0
        key = f"{name}@root" if root_level else name
        if key not in self._fragment_cost:
            self._active.add(name)
            target = self._schema.get_type(fragment.type_condition.name.value)
            self._fragment_cost[key] = self.cost(
                target, fragment.selection_set, root_level=root_level
            )
            self._active.discard(name)
        return self._fragment_cost[key]

    def _field_cost(
        self, parent: GraphQLNamedType | None, node: FieldNode, root_level: bool
    ) -> int:
        name = node.name.value
        own = 0
        if root_level and parent is not None:
            is_mutation = parent is self._schema.mutation_type
            if is_mutation or (
                parent is self._schema.query_type and name in COSTLY_QUERY_FIELDS
            ):
                own = 1
        child: GraphQLNamedType | None = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            field = parent.fields.get(name)
            if field is not None:
                child = get_named_type(field.type)
        return own + self.cost(child, node.selection_set)
