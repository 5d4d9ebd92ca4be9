"""The web UI at `/`: the built app with SPA fallback, or a page saying it is not built.

It is the router's default handler, so it runs only when no route matched
(whatever order routes are added in), and never answers for the paths other
parts own: `/api`, `/graphql`, `/metrics` and the consoles' `/_vendor` keep
their 404 envelope. Vite names everything under `assets/` by content hash, so
those files may be cached for good; `index.html` (and any other file) is
revalidated on every load so a new build shows up at once.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from rest.envelope import error_response
from services.errors import ErrorCode

log = logging.getLogger("docksmith")

HERE = Path(__file__).resolve().parent
# `make run` builds the UI here; an installed server without a source tree
# sets STATIC_DIR instead.
DEFAULT_UI_DIR = HERE.parent / "frontend" / "dist"
RESERVED = ("api", "graphql", "metrics", "_vendor")
HASHED_DIR = "assets"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def ui_directory(
    static_dir: Path | None, *, default: Path = DEFAULT_UI_DIR
) -> Path | None:
    """Where the built UI is: STATIC_DIR when set, else the source tree's build.

    None when there is no `index.html` there (the "not built" page is served).
    """
    directory = static_dir if static_dir is not None else default
    if (directory / "index.html").is_file():
        return directory
    if static_dir is not None:
        log.warning(
            "STATIC_DIR %s has no index.html; / says the web UI is not built",
            static_dir,
        )
    return None


def _reserved(path: str) -> bool:
    first = path.lstrip("/").split("/", 1)[0]
    return first in RESERVED


def not_built_page() -> str:
    return (HERE / "ui_not_built.html").read_text()


def _relative(path: str) -> str:
    """The file a request path names, `..` and `.` folded (StaticFiles then
    refuses anything that still leaves the folder)."""
    return os.path.normpath(path.lstrip("/")) if path != "/" else "index.html"


def _hashed(relative: str) -> bool:
    return relative.split(os.sep, 1)[0] == HASHED_DIR


class FrontendApp:
    """ASGI app for every GET/HEAD that no route claimed."""

    def __init__(self, directory: Path | None, not_found: ASGIApp) -> None:
        self.files = (
            StaticFiles(directory=directory, follow_symlink=False)
            if directory is not None
            else None
        )
        self.not_found = not_found
        self.not_built = not_built_page()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or _reserved(scope["path"])
        ):
            await self.not_found(scope, receive, send)
            return
        response = await self._response(scope)
        await response(scope, receive, send)

    async def _response(self, scope: Scope) -> Response:
        path = scope["path"]
        if self.files is None:
            if path != "/":
                # A bookmarked page of the UI (/settings): "no such API route"
                # would send the reader looking for a typo.
                return error_response(
                    404,
                    ErrorCode.NOT_FOUND,
                    f"the web UI is not built, so it has no page "
                    f"{Request(scope).url.path}; / says how to build it",
                )
            return HTMLResponse(self.not_built, headers={"Cache-Control": REVALIDATE})
        relative = _relative(path)
        try:
            response = await self.files.get_response(relative, scope)
        except HTTPException as exc:
            if exc.status_code != 404:
                raise
            if _hashed(relative):
                # An old page asking for a file of an earlier build: index.html
                # with 200 would only fail later as a script of the wrong type.
                return error_response(
                    404, ErrorCode.NOT_FOUND, f"no such file: {Request(scope).url.path}"
                )
            # A client route (/operations/42, /containers/web): the app routes it.
            relative = "index.html"
            response = await self.files.get_response(relative, scope)
        response.headers["Cache-Control"] = (
            IMMUTABLE if _hashed(relative) else REVALIDATE
        )
        return response
