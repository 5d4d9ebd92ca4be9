"""The HTTP edge of authentication: who each request is.

`AuthMiddleware` collects a request's credentials (bearer token, session
cookie and CSRF header, forward-auth header, and on GET /api/events only an
SSE ticket), asks `AuthService.authenticate` and stores the principal in the ASGI scope,
where `rest.deps.get_app_context` hands it to the resolvers; their declared
scope decides the rest (resolvers/access.py). While authentication is on, a
request without valid credentials is refused here with 401 before any
route parses it, except on the few public paths below. WebSockets pass
without credentials: the GraphQL socket may still sign in with its
connection_init payload (rest/graphql.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.datastructures import Headers, QueryParams
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from rest.consoles import opens_graphiql
from rest.envelope import error_response
from services.auth.principal import Principal
from services.auth.proxy import client_address, is_trusted
from services.auth.service import AuthService, Credentials
from services.auth.sessions import (
    CSRF_COOKIE,
    CSRF_HEADER,
    SESSION_COOKIE,
    NewSession,
)
from services.errors import DocksmithError, ErrorCode, UnauthenticatedError

PRINCIPAL_KEY = "docksmith.principal"
CLIENT_KEY = "docksmith.client"
SECURE_KEY = "docksmith.secure"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Reachable without credentials: the health probe, signing in and out, and
# the API description and consoles (static pages, no data).
PUBLIC_API_PATHS = frozenset(
    {
        "/api/health",
        "/api/auth/login",
        "/api/auth/logout",
        "/api/auth/session",
        "/api/auth/oidc/login",
        "/api/auth/oidc/callback",
        "/api/openapi.json",
        "/api/docs",
    }
)
# Where `?ticket=` signs a request in: the event stream, for an
# EventSource, which cannot send headers (docs/security.md). Anywhere else
# a ticket in the URL is refused, not ignored: accepted, it would turn a
# read-scoped, minute-long ticket into a way into any GET route or socket.
TICKET_PATHS = frozenset({"/api/events"})
_MISPLACED_TICKET = (
    "a ?ticket= is accepted only by GET /api/events (for an EventSource); "
    "here send an API token as 'Authorization: Bearer <token>' or sign in"
)
# RFC 6455 "policy violation".
_WS_POLICY_VIOLATION = 1008


def _bearer(headers: Headers) -> str | None:
    value = headers.get("authorization")
    if value is None:
        return None
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else ""


def _ticket_of(scope: Scope) -> str | None:
    return QueryParams(scope.get("query_string", b"")).get("ticket")


def ticket_accepted(scope: Scope) -> bool:
    """Whether this request may sign in with `?ticket=`."""
    return (
        scope["type"] == "http"
        and scope.get("method") == "GET"
        and scope["path"] in TICKET_PATHS
    )


def _misplaced_ticket(scope: Scope) -> bool:
    """A ticket sent where none is accepted, to the API or a socket (the web
    UI's own files and routes are left to the page)."""
    if _ticket_of(scope) is None or ticket_accepted(scope):
        return False
    path = scope["path"]
    return (
        scope["type"] == "websocket"
        or path.startswith(("/api/", "/graphql", "/metrics/"))
        or path in ("/api", "/metrics")
    )


def credentials_of(conn: HTTPConnection, auth: AuthService) -> Credentials:
    headers = conn.headers
    peer = conn.client.host if conn.client else None
    method = conn.scope.get("method", "GET")
    return Credentials(
        peer=peer,
        client=client_address(
            peer, headers.get("x-forwarded-for"), auth.settings.trusted_proxy_networks
        ),
        bearer=_bearer(headers),
        session=conn.cookies.get(SESSION_COOKIE),
        csrf=headers.get(CSRF_HEADER),
        proxy_user=headers.get(auth.settings.auth_proxy_header),
        ticket=_ticket_of(conn.scope) if ticket_accepted(conn.scope) else None,
        unsafe=conn.scope["type"] == "http" and method in _UNSAFE,
    )


def is_public(path: str, method: str, query_string: bytes, accept: str) -> bool:
    if path.startswith("/api/"):
        return path in PUBLIC_API_PATHS
    if path == "/graphql":
        # The GraphiQL page, a share link's too (it runs nothing), and the
        # WebSocket handshake (a script signs in at connection_init); a query
        # over GET needs credentials.
        if method != "GET":
            return False
        query = "query" in QueryParams(query_string)
        return not query or opens_graphiql(method, query=True, accept=accept)
    # Else the web UI's files: the page itself signs in through /api/auth.
    return not (
        path in ("/api", "/metrics") or path.startswith(("/graphql", "/metrics/"))
    )


def _served_securely(conn: HTTPConnection, auth: AuthService) -> bool:
    """HTTPS here, or at a trusted proxy that says so (X-Forwarded-Proto)."""
    if conn.url.scheme in ("https", "wss"):
        return True
    peer = conn.client.host if conn.client else None
    forwarded = conn.headers.get("x-forwarded-proto", "").split(",")[0].strip()
    return forwarded.lower() == "https" and is_trusted(
        peer, auth.settings.trusted_proxy_networks
    )


def client_of(conn: HTTPConnection) -> str:
    """The client's address for throttling (behind trusted proxies, the
    forwarded one)."""
    client = conn.scope.get(CLIENT_KEY)
    return client if isinstance(client, str) else "unknown"


def set_session_cookies(
    conn: HTTPConnection, response: Response, session: NewSession
) -> None:
    secure = bool(conn.scope.get(SECURE_KEY))
    max_age = max(1, int((session.expires_at - datetime.now(UTC)).total_seconds()))
    response.set_cookie(
        SESSION_COOKIE,
        session.session,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    # Readable by the page (not HttpOnly): it echoes it as X-CSRF-Token.
    response.set_cookie(
        CSRF_COOKIE,
        session.csrf,
        max_age=max_age,
        path="/",
        httponly=False,
        samesite="lax",
        secure=secure,
    )


OIDC_STATE_COOKIE = "docksmith_oidc"
_OIDC_PATH = "/api/auth/oidc"


def public_url(conn: HTTPConnection, path: str) -> str:
    """This server's URL for `path` as the browser sees it."""
    base = str(conn.base_url).rstrip("/")
    if conn.scope.get(SECURE_KEY) and base.startswith("http://"):
        base = "https://" + base.removeprefix("http://")
    return base + path


def set_oidc_state_cookie(conn: HTTPConnection, response: Response, state: str) -> None:
    # Binds the sign-in to this browser: the callback must bring it back.
    response.set_cookie(
        OIDC_STATE_COOKIE,
        state,
        max_age=600,
        path=_OIDC_PATH,
        httponly=True,
        samesite="lax",
        secure=bool(conn.scope.get(SECURE_KEY)),
    )


def oidc_state_of(conn: HTTPConnection) -> str | None:
    return conn.cookies.get(OIDC_STATE_COOKIE)


def clear_oidc_state_cookie(conn: HTTPConnection, response: Response) -> None:
    response.delete_cookie(
        OIDC_STATE_COOKIE,
        path=_OIDC_PATH,
        samesite="lax",
        secure=bool(conn.scope.get(SECURE_KEY)),
    )


def session_of(conn: HTTPConnection) -> str | None:
    return conn.cookies.get(SESSION_COOKIE)


def clear_session_cookies(conn: HTTPConnection, response: Response) -> None:
    secure = bool(conn.scope.get(SECURE_KEY))
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, path="/", samesite="lax", secure=secure)


def principal_of(conn: HTTPConnection) -> Principal:
    principal = conn.scope.get(PRINCIPAL_KEY)
    # Fail closed: a request that did not pass the middleware is nobody.
    return principal if isinstance(principal, Principal) else Principal.anonymous()


class AuthMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        ctx = scope.get("state", {}).get("ctx") if kind != "lifespan" else None
        if kind not in ("http", "websocket") or ctx is None:
            await self.app(scope, receive, send)
            return
        auth: AuthService = ctx.auth
        conn = HTTPConnection(scope)
        if auth.enabled and _misplaced_ticket(scope):
            await self._refuse(
                scope, receive, send, UnauthenticatedError(_MISPLACED_TICKET)
            )
            return
        creds = credentials_of(conn, auth)
        scope[CLIENT_KEY] = creds.client
        scope[SECURE_KEY] = _served_securely(conn, auth)
        public = is_public(
            scope["path"],
            scope.get("method", "GET"),
            scope.get("query_string", b""),
            conn.headers.get("accept", ""),
        )
        try:
            principal = await auth.authenticate(creds)
        except DocksmithError as exc:
            if not public:
                await self._refuse(scope, receive, send, exc)
                return
            principal = Principal.anonymous()
        scope[PRINCIPAL_KEY] = principal
        if kind == "http" and not public and not principal.authenticated:
            await self._refuse(scope, receive, send, UnauthenticatedError(_SIGN_IN))
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _refuse(
        scope: Scope, receive: Receive, send: Send, exc: DocksmithError
    ) -> None:
        websocket = scope["type"] == "websocket"
        if websocket and "websocket.http.response" not in (
            scope.get("extensions") or {}
        ):
            # No way to answer the handshake with a body: refuse it bare.
            await send({"type": "websocket.close", "code": _WS_POLICY_VIOLATION})
            return
        headers = (
            {"WWW-Authenticate": 'Bearer realm="docksmith"'}
            if exc.status == 401
            else None
        )
        response: Response
        if scope["path"].startswith("/graphql"):
            response = graphql_error_response(exc.status, exc.code, exc.message)
            if headers:
                response.headers.update(headers)
        else:
            response = error_response(exc.status, exc.code, exc.message, headers)
        await response(scope, receive, send)


_SIGN_IN = (
    "authentication required: sign in, or send an API token as "
    "'Authorization: Bearer <token>'"
)


def graphql_error_response(status: int, code: ErrorCode, message: str) -> JSONResponse:
    """A refusal shaped as a GraphQL response, for GraphQL clients."""
    error = {"message": message, "extensions": {"code": str(code)}}
    return JSONResponse({"data": None, "errors": [error]}, status_code=status)
