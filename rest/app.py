"""The composition root: `create_app()` wires settings, context, REST and GraphQL.

Run it with `docksmith serve` or `uvicorn --factory rest.app:create_app`.
"""

from __future__ import annotations

import dataclasses

from starlette.routing import BaseRoute, Route, WebSocketRoute

from resolvers.context import open_app_context
from rest.api import Endpoint
from rest.auth import AuthMiddleware
from rest.bodysize import BodySizeLimit
from rest.consoles import console_routes
from rest.errors import install_error_handlers
from rest.frontend import FrontendApp, ui_directory
from rest.graphql import build_graphql_app
from rest.guard import RequestGuardMiddleware
from rest.lifespan import ContextFactory, build_lifespan
from rest.memory import PauseCollectorForGraphQL, ReleaseMemoryAfterBigAnswers
from rest.openapi import DocksmithApp
from rest.routes import ROUTERS
from rest.routes import metrics as metrics_route
from rest.security_headers import SecurityHeaders
from services.about import docksmith_version
from services.auth.startup import check_startup
from services.config import Settings
from services.httpguard import RequestGuard

OPENAPI_URL = "/api/openapi.json"
GRAPHQL_PATH = "/graphql"


def create_app(
    settings: Settings | None = None,
    *,
    context_factory: ContextFactory = open_app_context,
) -> DocksmithApp:
    settings = settings or Settings()
    # Before anything binds: no unauthenticated Docker socket on a network.
    check_startup(settings)
    # Copies: each app reads its routes' signatures for itself.
    endpoints = [
        dataclasses.replace(e, prefix="/api") for r in ROUTERS for e in r.endpoints
    ] + [dataclasses.replace(e) for e in metrics_route.router.endpoints]
    graphql = build_graphql_app(allowed_origins=settings.allowed_origin_set)
    routes: list[BaseRoute] = [e.route() for e in endpoints]
    graphql_http = Route(GRAPHQL_PATH, graphql, methods=["GET", "POST"])
    if graphql_http.methods is not None:  # GET and POST only, as it always was
        graphql_http.methods.discard("HEAD")
    routes += [graphql_http, WebSocketRoute(GRAPHQL_PATH, graphql)]
    app = DocksmithApp(
        title="Docksmith",
        version=docksmith_version(),
        endpoints=endpoints,
        lifespan=build_lifespan(settings, context_factory),
    )
    routes += console_routes(app, openapi_url=OPENAPI_URL, docs_url="/api/docs")
    app.router.routes.extend(routes)
    install_error_handlers(app)
    # Innermost: the collector resumes as soon as the answer is sent, and
    # its leftovers are collected before the memory is released.
    app.add_middleware(PauseCollectorForGraphQL)
    # It sees the answer's bytes as the route sends them.
    app.add_middleware(ReleaseMemoryAfterBigAnswers)
    # Inside the credentials check: a request without them is refused (401)
    # before its size matters. A body found over the cap as it is read
    # raises inside the route, where the error handlers answer it.
    app.add_middleware(BodySizeLimit)
    # Added last so it runs first: a foreign origin is refused before any
    # credentials are looked at.
    app.add_middleware(AuthMiddleware)
    app.add_middleware(
        RequestGuardMiddleware, guard=RequestGuard.from_settings(settings)
    )
    # Outermost: the guard's and the credentials' refusals carry them too.
    app.add_middleware(SecurityHeaders)
    # The router's fallback, not a route: it answers only what no route
    # claimed, so routes added later (or by other modules) are never shadowed.
    app.router.default = FrontendApp(
        ui_directory(settings.static_dir), not_found=app.router.not_found
    )
    return app


__all__ = ["Endpoint", "create_app"]
