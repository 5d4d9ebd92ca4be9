"""Strict GraphQL WebSocket protocols: malformed messages close the socket.

Strawberry's handlers assume every message is a JSON object of the right
shape: a JSON array or `"payload": null` raised inside the server and dropped
the connection without a close code, and the legacy `graphql-ws` handler
silently ignored garbage. These subclasses check each message first and close
with 4400 and a reason, the close code graphql-transport-ws uses for an
invalid message, on both protocols. They also word the per-connection
operation limit so a client knows what to do. And a socket lives only as long
as the credentials it signed in with (`CredentialWatch`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from contextlib import ExitStack, suppress
from typing import Any, cast

from strawberry.http.async_base_view import AsyncWebSocketAdapter
from strawberry.http.exceptions import (
    NonJsonMessageReceived,
    NonTextMessageReceived,
    WebSocketDisconnected,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    Message,
    SubscribeMessage,
)
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import (
    ErrorMessage,
    OperationMessage,
    StartMessage,
)

from schema.context import GraphQLContext
from schema.limits import GraphQLLimits, query_too_long
from services.auth.revocations import STREAM_ENDED, can_end

INVALID_MESSAGE = 4400
# As for a socket refused at connection_init: the same client reaction.
FORBIDDEN = 4403
_TRANSPORT_TYPES = frozenset(
    {"connection_init", "ping", "pong", "subscribe", "complete"}
)
_LEGACY_TYPES = frozenset({"connection_init", "connection_terminate", "start", "stop"})
_OPERATION_TYPES = frozenset({"subscribe", "start"})
_ID_TYPES = frozenset({"subscribe", "complete", "start", "stop"})


def message_problem(message: object, known_types: frozenset[str]) -> str | None:
    """Why `message` is not a well-formed protocol message, or None."""
    if not isinstance(message, Mapping):
        return "Invalid message: expected a JSON object"
    kind = message.get("type")
    if not isinstance(kind, str) or kind not in known_types:
        shown = kind[:40] if isinstance(kind, str) else type(kind).__name__
        return f"Invalid message: unknown type {shown!r}"
    if kind in _ID_TYPES:
        op_id = message.get("id")
        if not isinstance(op_id, str) or not op_id or len(op_id) > 100:
            return f"Invalid message: {kind} needs an id (1-100 characters)"
    payload = message.get("payload")
    if kind in _OPERATION_TYPES:
        return _operation_problem(kind, payload)
    if payload is not None and not isinstance(payload, Mapping):
        return f"Invalid message: the {kind} payload must be an object"
    return None


def _operation_problem(kind: str, payload: object) -> str | None:
    if not isinstance(payload, Mapping):
        return f"Invalid message: {kind} needs a payload object"
    if not isinstance(payload.get("query"), str):
        return f"Invalid message: the {kind} payload needs a query string"
    for key, allowed in (
        ("variables", Mapping),
        ("extensions", Mapping),
        ("operationName", str),
    ):
        value = payload.get(key)
        if value is not None and not isinstance(value, allowed):
            expected = "an object" if allowed is Mapping else "a string"
            return f"Invalid message: {key} must be {expected} or null"
    return None


def _too_long(view: object, query: str) -> str | None:
    limits = getattr(view, "graphql_limits", None)
    if isinstance(limits, GraphQLLimits) and len(query) > limits.max_query_chars:
        # Strawberry's streaming path does not report an error raised by a
        # parse hook, so the size limit is checked here for WebSockets.
        return query_too_long(len(query), limits.max_query_chars)
    return None


def _limit_message(limit: int) -> str:
    return (
        f"This connection already runs {limit} operations, the limit; complete "
        "one or open another connection."
    )


class CredentialWatch:
    """Closes a socket with 4403 once the credentials it signed in with end
    (a revoked token, a removed user, a new password, signing out).

    Every operation over the socket runs as the principal it had at
    connection_init: without this, a revoked token's socket could go on
    sending mutations, not only receiving events. From the moment the
    credentials end nothing more is sent on it (a subscription's own
    "credentials ended" error included): the close says it, once.
    """

    def __init__(self) -> None:
        self._stack = ExitStack()
        self._ended: asyncio.Event | None = None
        self._closer: asyncio.Task[None] | None = None

    @property
    def ended(self) -> bool:
        return self._ended is not None and self._ended.is_set()

    def start(self, context: GraphQLContext, websocket: AsyncWebSocketAdapter) -> None:
        """Watch from the acknowledgement on, the principal now final."""
        app = context.app
        if not can_end(app.principal):
            return  # authentication off: nothing can end
        # Entered here, synchronously, so an end that comes before the task
        # first runs is not missed.
        ended = self._stack.enter_context(app.auth.revocations.watch(app.principal))
        self._ended = ended

        async def close_when_ended() -> None:
            await app.auth.revocations.confirm(app.principal)
            await ended.wait()
            await websocket.close(FORBIDDEN, STREAM_ENDED)

        self._closer = asyncio.create_task(close_when_ended())

    async def stop(self) -> None:
        self._stack.close()
        if self._closer is not None:
            self._closer.cancel()
            with suppress(BaseException):
                await self._closer


class StrictTransportWSHandler(BaseGraphQLTransportWSHandler[GraphQLContext, None]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.credentials = CredentialWatch()

    async def handle_connection_init(self, message: Any) -> None:
        await super().handle_connection_init(message)
        if self.connection_acknowledged:
            self.credentials.start(self.context, self.websocket)

    async def send_message(self, message: Message) -> None:
        if not self.credentials.ended:
            await super().send_message(message)

    async def shutdown(self) -> None:
        await self.credentials.stop()
        await super().shutdown()

    async def handle_message(self, message: Message) -> None:
        problem = message_problem(message, _TRANSPORT_TYPES)
        if problem is not None:
            await self.handle_invalid_message(problem)
            return
        await super().handle_message(message)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        limit = self.max_subscriptions_per_connection
        refusal = _too_long(self.view, message["payload"]["query"])
        if (
            refusal is None
            and limit is not None
            and message["id"] not in self.operations
            and len(self.operations) >= limit
        ):
            refusal = _limit_message(limit)
        if refusal is not None and self.connection_acknowledged:
            await self.send_message(
                {
                    "id": message["id"],
                    "type": "error",
                    "payload": [{"message": refusal}],
                }
            )
            return
        await super().handle_subscribe(message)


class StrictLegacyWSHandler(BaseGraphQLWSHandler[GraphQLContext, None]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.credentials = CredentialWatch()

    async def handle_connection_init(self, message: Any) -> None:
        await super().handle_connection_init(message)
        if self.connection_acknowledged:
            self.credentials.start(self.context, self.websocket)

    async def send_message(self, message: OperationMessage) -> None:
        if not self.credentials.ended:
            await super().send_message(message)

    async def handle(self) -> None:
        # The base class skips what is not JSON; this protocol has no way to
        # answer garbage but to close.
        try:
            try:
                async for message in self.websocket.iter_json():
                    problem = message_problem(message, _LEGACY_TYPES)
                    if problem is not None:
                        await self.websocket.close(INVALID_MESSAGE, problem)
                        return
                    await self.handle_message(cast(OperationMessage, message))
            except NonTextMessageReceived:
                await self.websocket.close(
                    INVALID_MESSAGE, "WebSocket message type must be text"
                )
            except NonJsonMessageReceived:
                await self.websocket.close(
                    INVALID_MESSAGE, "WebSocket message must be valid JSON"
                )
        except WebSocketDisconnected:
            pass
        finally:
            await self.credentials.stop()
            if self.keep_alive_task:
                self.keep_alive_task.cancel()
                with suppress(BaseException):
                    await self.keep_alive_task
            await self.cleanup()

    async def handle_start(self, message: StartMessage) -> None:
        limit = self.max_subscriptions_per_connection
        op_id = message["id"]
        refusal = _too_long(self.view, message["payload"]["query"])
        if (
            refusal is None
            and limit is not None
            and op_id not in self.tasks
            and len(self.tasks) >= limit
        ):
            refusal = _limit_message(limit)
        if refusal is not None and self.connection_acknowledged:
            reply: ErrorMessage = {
                "type": "error",
                "id": op_id,
                "payload": {"message": refusal},
            }
            await self.send_message(reply)
            return
        await super().handle_start(message)
