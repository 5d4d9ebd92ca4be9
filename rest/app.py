"""The composition root: `create_app()` wires settings, context, REST and GraphQL.

Run it with `docksmith serve` or `uvicorn --factory rest.app:create_app`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from resolvers.context import open_app_context
from rest.consoles import install_consoles
from rest.errors import install_error_handlers
from rest.graphql import build_graphql_router
from rest.guard import RequestGuardMiddleware
from rest.lifespan import ContextFactory, build_lifespan
from rest.openapi import DocksmithApp
from rest.routes import ROUTERS
from services.about import docksmith_version
from services.config import Settings
from services.httpguard import RequestGuard

log = logging.getLogger("docksmith")

OPENAPI_URL = "/api/openapi.json"


def create_app(
    settings: Settings | None = None,
    *,
    context_factory: ContextFactory = open_app_context,
) -> FastAPI:
    settings = settings or Settings()
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
    app.add_middleware(
        RequestGuardMiddleware, guard=RequestGuard.from_settings(settings)
    )

    api = APIRouter(prefix="/api")
    for router in ROUTERS:
        api.include_router(router)
    app.include_router(api)
    app.include_router(
        build_graphql_router(allowed_origins=settings.allowed_origin_set),
        prefix="/graphql",
        include_in_schema=False,
    )

    if settings.static_dir is not None:
        _serve_frontend(app, settings.static_dir)
    return app


def _serve_frontend(app: FastAPI, static_dir: Path) -> None:
    """Serve the built web UI; unknown non-API paths get index.html (SPA routing)."""
    index = static_dir / "index.html"
    if not index.is_file():
        log.warning(
            "STATIC_DIR %s has no index.html; the web UI is not served", static_dir
        )
        return

    @app.get("/{path:path}", include_in_schema=False, response_model=None)
    def frontend(path: str) -> FileResponse:  # sync: it stats files
        if path.startswith(("api/", "graphql")):
            raise StarletteHTTPException(status_code=404)
        candidate = (static_dir / path).resolve()
        if (
            path
            and candidate.is_file()
            and candidate.is_relative_to(static_dir.resolve())
        ):
            return FileResponse(candidate)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
