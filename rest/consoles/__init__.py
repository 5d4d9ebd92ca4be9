"""Swagger UI (`/api/docs`) and GraphiQL (`/graphql`) from Docksmith's own files.

Both consoles used to load their scripts from public CDNs and stayed blank
without internet, which is where many self-hosted servers live. Their npm
packages are pinned in `package.json` and `package-lock.json` beside this
file; `make assets` installs them into `node_modules/` here and the app
serves the few directories the pages use under `/_vendor/`.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

log = logging.getLogger("docksmith")

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
VENDOR = "/_vendor"
# URL name -> directory inside node_modules: only what the pages load.
VENDORED = {
    "swagger-ui": "swagger-ui-dist",
    "graphiql": "graphiql",
    "react": "react/umd",
    "react-dom": "react-dom/umd",
}


def default_document() -> str:
    """The example operations GraphiQL opens with (checked against the schema
    by tests/schema/test_graphiql_document.py)."""
    return (HERE / "default-document.graphql").read_text()


def opens_graphiql(method: str, *, query: bool, accept: str) -> bool:
    """Whether a request to `/graphql` gets the GraphiQL page.

    Strawberry's rule (a GET with no `query`, from anything that takes HTML),
    and a share link: `/graphql?query=...` opened in a browser, whose page
    load asks for HTML and never for JSON, opens GraphiQL with that query in
    its editor instead of running it. A program's GET query (JSON, `*/*` or
    no Accept at all) is still run.
    """
    if method != "GET":
        return False
    if not query:
        return "text/html" in accept or "*/*" in accept
    return "text/html" in accept and "json" not in accept


def graphiql_html() -> str:
    # `<` escaped so no `</script>` in the document can close the tag early.
    document = json.dumps(default_document()).replace("<", "\\u003c")
    return (
        (HERE / "graphiql.html").read_text().replace("__DEFAULT_DOCUMENT__", document)
    )


def swagger_html(openapi_url: str) -> str:
    # Our own page: the CSRF echo a signed-in browser needs is a function,
    # which the stock page's JSON options cannot carry.
    page = (HERE / "swagger.html").read_text()
    return page.replace("__OPENAPI_URL__", json.dumps(openapi_url))


class Documented(Protocol):
    def openapi(self) -> dict[str, Any]: ...


def console_routes(
    app: Documented, *, openapi_url: str, docs_url: str
) -> list[BaseRoute]:
    """The OpenAPI document, Swagger UI and the consoles' vendored files."""
    missing = [d for d in VENDORED.values() if not (NODE_MODULES / d).is_dir()]
    if missing:
        log.warning(
            "API console files missing (%s): run `make assets`; /api/docs and "
            "/graphql's playground will not load",
            ", ".join(missing),
        )
    routes: list[BaseRoute] = [
        Mount(
            f"{VENDOR}/{name}",
            StaticFiles(directory=NODE_MODULES / directory, check_dir=False),
            name=f"vendor-{name}",
        )
        for name, directory in VENDORED.items()
    ]

    async def openapi(_: Request) -> Response:
        return Response(
            json.dumps(app.openapi(), ensure_ascii=False, separators=(",", ":")),
            media_type="application/json",
        )

    async def swagger_ui(_: Request) -> HTMLResponse:
        return HTMLResponse(swagger_html(openapi_url))

    for path, page in ((openapi_url, openapi), (docs_url, swagger_ui)):
        route = Route(path, page, methods=["GET"])
        if route.methods is not None:  # GET only, as every API route
            route.methods.discard("HEAD")
        routes.append(route)
    return routes
