"""The composition root: `create_app()` wires settings, context, REST and GraphQL.

Run it with `docksmith serve` or `uvicorn --factory rest.app:create_app`.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from resolvers.context import open_app_context
from rest.auth import AuthMiddleware
from rest.consoles import install_consoles
from rest.errors import install_error_handlers
from rest.frontend import FrontendApp, ui_directory
from rest.graphql import build_graphql_router
from rest.guard import RequestGuardMiddleware
from rest.lifespan import PYDANTIC_V1, ContextFactory, build_lifespan
from rest.memory import PauseCollectorForGraphQL, ReleaseMemoryAfterBigAnswers
from rest.openapi import DocksmithApp
from services.about import docksmith_version
from services.auth.startup import check_startup
from services.config import Settings
from services.holdback import held_back
from services.httpguard import RequestGuard

# Routes are made as their modules are imported; rest/lifespan.py says why
# without pydantic.v1.
with held_back(PYDANTIC_V1):
    from rest.routes import ROUTERS
    from rest.routes import metrics as metrics_route

OPENAPI_URL = "/api/openapi.json"


def create_app(
    settings: Settings | None = None,
    *,
    context_factory: ContextFactory = open_app_context,
) -> FastAPI:
    settings = settings or Settings()
    # Before anything binds: no unauthenticated Docker socket on a network.
    check_startup(settings)
    # include_router finishes routes too.
    with held_back(PYDANTIC_V1):
        return _build(settings, context_factory)


def _build(settings: Settings, context_factory: ContextFactory) -> FastAPI:
    app = DocksmithApp(
        title="Docksmith",
        version=docksmith_version(),
        lifespan=build_lifespan(settings, context_factory),
        docs_url=None,  # served from local files by install_consoles
        openapi_url=OPENAPI_URL,
        redoc_url=None,
    )
    install_error_handlers(app)
    install_consoles(app, openapi_url=OPENAPI_URL, docs_url="/api/docs")
    # Innermost: the collector resumes as soon as the answer is sent, and
    # its leftovers are collected before the memory is released.
    app.add_middleware(PauseCollectorForGraphQL)
    # It sees the answer's bytes as the route sends them.
    app.add_middleware(ReleaseMemoryAfterBigAnswers)
    # Added last so it runs first: a foreign origin is refused before any
    # credentials are looked at.
    app.add_middleware(AuthMiddleware)
    app.add_middleware(
        RequestGuardMiddleware, guard=RequestGuard.from_settings(settings)
    )

    # The prefix goes on the outer include: FastAPI checks an include
    # without one for empty paths by building every nested route's context
    # (its pydantic fields and adapters) at once, and kept them beside the
    # ones it builds again to serve: 1.5 MB more RSS after start-up.
    api = APIRouter()
    for router in ROUTERS:
        api.include_router(router)
    app.include_router(api, prefix="/api")
    app.include_router(metrics_route.router)
    app.include_router(
        build_graphql_router(allowed_origins=settings.allowed_origin_set),
        prefix="/graphql",
        include_in_schema=False,
    )

    # The router's fallback, not a route: it answers only what no route
    # claimed, so routes added later (or by other modules) are never shadowed.
    app.router.default = FrontendApp(
        ui_directory(settings.static_dir), not_found=app.router.not_found
    )
    return app
