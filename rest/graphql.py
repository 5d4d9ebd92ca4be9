from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any, cast

import msgspec
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError, GraphQLSyntaxError, OperationType, parse
from graphql.utilities import get_operation_ast
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from rest.api import get_app_context
from rest.consoles import graphiql_html, opens_graphiql
from rest.graphql_ws import StrictLegacyWSHandler, StrictTransportWSHandler
from rest.json_pieces import holds_big_list, json_pieces, on_the_loop
from schema import build_schema
from schema.context import GraphQLContext
from schema.limits import GraphQLLimits
from services.auth.service import Credentials
from services.errors import DocksmithError, ErrorCode

BODY_NOT_AN_OBJECT = "The request body must be a JSON object with a `query`"
SUBSCRIPTION_OVER_HTTP = (
    "subscriptions need a WebSocket: graphql-transport-ws or graphql-ws"
)


class DocksmithGraphQL(GraphQL[GraphQLContext, None]):
    """Serves GraphiQL from Docksmith's own files instead of Strawberry's
    CDN-backed page (see rest/consoles), with strict WebSocket protocols and
    the GraphQL limits (schema/limits.py)."""

    graphql_transport_ws_handler_class = StrictTransportWSHandler
    graphql_ws_handler_class = StrictLegacyWSHandler

    def __init__(self, *, limits: GraphQLLimits, **kwargs: Any) -> None:
        super().__init__(
            build_schema(limits),
            max_subscriptions_per_connection=limits.max_operations_per_connection,
            **kwargs,
        )
        # Read by the WebSocket handlers and the HTTP subscription probe.
        self.graphql_limits = limits
        self._json = msgspec.json.Encoder()

    @property
    def graphql_ide_html(self) -> str:
        return graphiql_html()

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        return opens_graphiql(
            request.method,
            query="query" in request.query_params,
            accept=request.headers.get("accept", ""),
        )

    def decode_json(self, data: str | bytes) -> object:
        try:
            return json.loads(data)
        except RecursionError:
            # Deep nesting outruns the decoder's stack: refused as any body
            # that is not JSON is (400), not a 500.
            raise json.JSONDecodeError("nested too deeply", "", 0) from None

    def parse_json(self, data: str | bytes) -> Any:
        # Strawberry turns only a JSONDecodeError into its 400: a string that
        # is not UTF-8, or a body that is JSON but no object (`5`, `null`,
        # which it then reads keys of) ended in a 500.
        try:
            decoded = self.decode_json(data)
        except ValueError:
            raise HTTPException(400, "Unable to parse request body as JSON") from None
        # Bytes are a request body; a str is a GET's `variables` or
        # `extensions`, whose type Strawberry checks and names itself.
        if isinstance(data, bytes) and not isinstance(decoded, dict | list):
            raise HTTPException(400, BODY_NOT_AN_OBJECT)
        return decoded

    def encode_json(self, data: object) -> str:
        # msgspec writes a 2,000-container answer (2.6 MB) in ~5 ms of CPU,
        # pydantic-core in ~9 and the standard library in ~18, byte for byte
        # the same (bench/bench_graphql.py).
        # Decoded: strawberry sends bytes as binary WebSocket frames, which
        # browsers' graphql-ws clients refuse (4400), stopping every subscription.
        return self._json.encode(data).decode()

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        # An HTTP answer is sent as the encoder's bytes. Through encode_json
        # (a str for the WebSocket frames) a 2,000-container answer was held
        # three times at once: the bytes, their str, and the body Starlette
        # encodes again from it, ~8 MB at the server's memory peak.
        status = sub_response.status_code or 200
        response: Response
        if holds_big_list(response_data):
            # A long list (the UI's containers) is written and sent in
            # pieces, its rows freed as they are written: the rows and the
            # whole answer's bytes were alive together (rest/json_pieces.py).
            response = StreamingResponse(
                on_the_loop(json_pieces(response_data, self._json)),
                media_type="application/json",
                status_code=status,
            )
        else:
            response = Response(
                self._json.encode(response_data),
                media_type="application/json",
                status_code=status,
            )
        response.headers.raw.extend(sub_response.headers.raw)
        return response

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> GraphQLContext:
        return GraphQLContext(get_app_context(request))

    async def on_ws_connect(
        self, context: GraphQLContext
    ) -> UnsetType | dict[str, object] | None:
        # A browser's socket is already signed in by its session cookie; a
        # script sends its token in connection_init, never in the URL.
        app = context.app
        if app.principal.authenticated:
            return cast(UnsetType, UNSET)
        token = payload_token(context.connection_params)
        if token is None:
            raise ConnectionRejectionError(
                {"code": str(ErrorCode.UNAUTHENTICATED), "message": WS_SIGN_IN}
            )
        try:
            principal = await app.auth.authenticate(Credentials(bearer=token))
        except DocksmithError as exc:
            raise ConnectionRejectionError(
                {"code": str(exc.code), "message": exc.message}
            ) from None
        context.act_as(principal)
        return cast(UnsetType, UNSET)

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: GraphQLContext,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        # Streaming transports never come here; a subscription that does (curl,
        # GraphiQL before its socket is up) would otherwise run as a query,
        # resolve to null and be logged as an internal error.
        if _is_subscription(request_data, self.graphql_limits.max_query_chars):
            sub_response.status_code = 400
            return ExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        SUBSCRIPTION_OVER_HTTP,
                        extensions={"code": str(ErrorCode.BAD_REQUEST)},
                    )
                ],
            )
        return await super().execute_single(
            request, request_adapter, sub_response, context, root_value, request_data
        )


WS_SIGN_IN = (
    'authentication required: send {"Authorization": "Bearer <token>"} '
    "as the connection_init payload"
)


def payload_token(params: object) -> str | None:
    """The bearer token of a connection_init payload, if it has one."""
    if not isinstance(params, Mapping):
        return None
    for key in ("Authorization", "authorization"):
        value = params.get(key)
        if isinstance(value, str):
            scheme, _, token = value.partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    bare: object = params.get("token")
    return bare if isinstance(bare, str) and bare else None


def _is_subscription(request_data: GraphQLRequestData, max_chars: int) -> bool:
    # An oversized document is left to the schema's size limit, unparsed.
    if not request_data.query or len(request_data.query) > max_chars:
        return False
    # No subscription operation without its keyword: the UI's documents are
    # not parsed a second time here (the schema parses them too).
    if "subscription" not in request_data.query:
        return False
    try:
        document = parse(request_data.query)
    except GraphQLSyntaxError:
        return False  # execution reports it as the client's error
    operation = get_operation_ast(document, request_data.operation_name)
    return operation is not None and operation.operation is OperationType.SUBSCRIPTION


def build_graphql_app(
    *,
    allowed_origins: Collection[str] = (),
    limits: GraphQLLimits | None = None,
) -> DocksmithGraphQL:
    return DocksmithGraphQL(
        limits=limits or GraphQLLimits(),
        # Strawberry checks WebSocket origins itself; ALLOWED_ORIGINS widens
        # both its check and rest/guard.py's.
        allowed_origins=sorted(allowed_origins),
        graphql_ide="graphiql",
        subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL],
    )
