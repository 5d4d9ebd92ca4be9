"""How errors leave the GraphQL edge.

Domain errors (`DocksmithError`) keep their message and gain
`extensions.code`; anything else is an unexpected failure: it is logged with
a correlation id and the client sees only that id, never the exception.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable
from typing import Any, TypeVar

import strawberry
from graphql import EnumValueNode, GraphQLSchema, ValueNode, print_ast
from graphql.error import GraphQLError
from graphql.pyutils import inspect
from strawberry.extensions import MaskErrors
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.schema.schema_converter import CustomGraphQLEnumType

from schema.types.enums import DocksmithErrorCode
from services import errors
from services.errors import DocksmithError
from services.inputs import not_one_of

T = TypeVar("T")
MAX_MESSAGE = 1000

log = logging.getLogger("docksmith.graphql")


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    # No original error means a GraphQL-level problem (syntax, validation):
    # those messages are meant for the client, as are Strawberry's refusals
    # of an operation type (a query sent over the legacy graphql-ws). No
    # path means it happened before execution: a variable that does not
    # coerce keeps the coercion's exception, and is the client's mistake too.
    return (
        original is not None
        and error.path is not None
        and not isinstance(original, DocksmithError | InvalidOperationTypeError)
    )


class DocksmithErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        correlation_id = secrets.token_hex(8)
        log.error(
            "unexpected error in GraphQL (correlation id %s)",
            correlation_id,
            exc_info=error.original_error,
        )
        return GraphQLError(
            message=f"Unexpected error (correlation id {correlation_id}).",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions={"code": "INTERNAL", "correlation_id": correlation_id},
        )

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        for error in processed:
            # GraphQL's own messages quote the value they refuse ("Value
            # '<a megabyte>' does not exist in enum"): never echo it whole.
            if len(error.message) > MAX_MESSAGE:
                error.message = (
                    f"{error.message[:MAX_MESSAGE]}... "
                    f"({len(error.message) - MAX_MESSAGE} more characters)"
                )
            original = error.original_error
            if isinstance(original, DocksmithError):
                error.extensions = {
                    **(error.extensions or {}),
                    "code": str(original.code),
                }
        return processed


class ClosedSetEnumType(CustomGraphQLEnumType):
    """An enum that refuses a value outside it as the services refuse any
    closed set (`not_one_of`: "X must be one of A, B, not 'c'"), the words
    REST uses for the same choices, rather than graphql-core's own."""

    def coerce_input_value(
        self, input_value: Any, hide_suggestions: bool = False
    ) -> Any:
        try:
            return super().coerce_input_value(input_value, hide_suggestions)
        except GraphQLError as exc:
            shown = (
                input_value if isinstance(input_value, str) else inspect(input_value)
            )
            raise self._refusal(shown) from exc

    def coerce_input_literal(
        self, value_node: Any, hide_suggestions: bool = False
    ) -> Any:
        try:
            return super().coerce_input_literal(value_node, hide_suggestions)
        except GraphQLError as exc:
            raise self._refusal(_literal(value_node)) from exc

    def _refusal(self, shown: str) -> GraphQLError:
        return GraphQLError(not_one_of(self.name, self.values, shown).message)


def _literal(node: ValueNode) -> str:
    # A quoted "OFF" is shown with its quotes: it is the quotes that are wrong.
    return node.value if isinstance(node, EnumValueNode) else print_ast(node)


def refuse_enums_as_closed_sets(schema: GraphQLSchema) -> None:
    """Strawberry builds its enum types itself and offers no hook for the
    class; the subclass changes only how a refused input is worded."""
    for named in schema.type_map.values():
        if type(named) is CustomGraphQLEnumType:
            named.__class__ = ClosedSetEnumType


@strawberry.interface(description="A failure a client can act on.")
class UserError:
    message: str = strawberry.field(description="What went wrong, for a person.")
    code: DocksmithErrorCode = strawberry.field(
        description="Machine-readable error code."
    )


@strawberry.type(description="The named thing does not exist.")
class NotFoundError(UserError):
    pass


@strawberry.type(description="The input was rejected; `message` says why.")
class InvalidInputError(UserError):
    pass


@strawberry.type(description="The request conflicts with the current state.")
class ConflictError(UserError):
    pass


@strawberry.type(description="Docker or a registry failed or is unreachable.")
class UpstreamFailureError(UserError):
    pass


# Every mutation's result is its payload or one of these, so a client handles
# the same four failures everywhere (`... on UserError { code message }`).
UserErrors = NotFoundError | InvalidInputError | ConflictError | UpstreamFailureError


async def or_none(lookup: Awaitable[T]) -> T | None:
    """A single-object lookup: `null` (and no error) when the thing does not
    exist, so one missing object never nulls its siblings; any other failure
    (Docker down, bad input) stays a GraphQL error with `extensions.code`."""
    try:
        return await lookup
    except errors.NotFoundError:
        return None


def _project(error: DocksmithError, cls: type[T]) -> T:
    return cls(message=error.message, code=error.code)  # type: ignore[call-arg]


class NotFoundHandler(strawberry.ExceptionHandler[errors.NotFoundError, NotFoundError]):
    def handle(
        self, exception: errors.NotFoundError, *, field: Any, info: Any
    ) -> NotFoundError:
        return _project(exception, NotFoundError)


class InvalidInputHandler(
    strawberry.ExceptionHandler[errors.InvalidInputError, InvalidInputError]
):
    def handle(
        self, exception: errors.InvalidInputError, *, field: Any, info: Any
    ) -> InvalidInputError:
        return _project(exception, InvalidInputError)


class ConflictHandler(strawberry.ExceptionHandler[errors.ConflictError, ConflictError]):
    def handle(
        self, exception: errors.ConflictError, *, field: Any, info: Any
    ) -> ConflictError:
        return _project(exception, ConflictError)


class UpstreamHandler(
    strawberry.ExceptionHandler[
        errors.UpstreamError | errors.RateLimitedError, UpstreamFailureError
    ]
):
    def handle(
        self,
        exception: errors.UpstreamError | errors.RateLimitedError,
        *,
        field: Any,
        info: Any,
    ) -> UpstreamFailureError:
        return _project(exception, UpstreamFailureError)


HANDLERS = (
    NotFoundHandler(),
    InvalidInputHandler(),
    ConflictHandler(),
    UpstreamHandler(),
)
