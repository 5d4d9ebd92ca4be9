"""How errors leave the GraphQL edge.

Domain errors (`DocksmithError`) keep their message and gain
`extensions.code`; anything else is an unexpected failure: it is logged with
a correlation id and the client sees only that id, never the exception.
"""

from __future__ import annotations

import logging
import secrets

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from services.errors import DocksmithError

log = logging.getLogger("docksmith.graphql")


def _is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    # No original error means a GraphQL-level problem (syntax, validation):
    # those messages are meant for the client.
    return original is not None and not isinstance(original, DocksmithError)


class DocksmithErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=_is_unexpected)

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
            original = error.original_error
            if isinstance(original, DocksmithError):
                error.extensions = {
                    **(error.extensions or {}),
                    "code": str(original.code),
                }
        return processed
