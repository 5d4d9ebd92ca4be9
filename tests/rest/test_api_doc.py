"""docs/api.md tells the truth about the routes: the same operations as the
committed OpenAPI document, each with the error statuses it declares, and
every error code the envelope can carry."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rest.auth import PUBLIC_API_PATHS
from services.errors import ErrorCode

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "api.md").read_text()
OPENAPI = json.loads((REPO / "rest" / "openapi.json").read_text())
ROW = re.compile(
    r"^\| (GET|POST|PUT|DELETE) \| `(/api/[^`]*)` \| [^|]+ \| ([^|]+) \|$", re.M
)
ALWAYS = {"403", "500"}
# 401 is declared on every route but the public ones (rest/auth.py), 413 on
# every route that takes a body (rest/bodysize.py); the page says so once
# instead of on every row.
PUBLIC_PATHS = PUBLIC_API_PATHS
SAID_ONCE = {"401", "413"}


def documented() -> dict[tuple[str, str], set[str]]:
    rows: dict[tuple[str, str], set[str]] = {}
    for method, path, errors in ROW.findall(DOC):
        assert (method, path) not in rows, f"{method} {path} listed twice"
        rows[(method, path)] = {e.strip() for e in errors.split(",")} - {"\N{EN DASH}"}
    return rows


def declared() -> dict[tuple[str, str], set[str]]:
    return {
        (method.upper(), path): {
            s for s in op["responses"] if int(s) >= 400 and s not in ALWAYS | SAID_ONCE
        }
        for path, item in OPENAPI["paths"].items()
        for method, op in item.items()
    }


def test_api_doc_lists_every_route_once():
    assert set(documented()) == set(declared())


def test_api_doc_errors_match_the_openapi_document():
    doc = documented()
    for route, statuses in declared().items():
        assert doc[route] == statuses, route


def test_every_route_declares_the_always_statuses():
    for path, item in OPENAPI["paths"].items():
        for method, op in item.items():
            assert set(op["responses"]) >= ALWAYS, (method, path)


def test_every_route_but_the_public_ones_declares_401():
    for path, item in OPENAPI["paths"].items():
        for method, op in item.items():
            if path not in PUBLIC_PATHS:
                assert "401" in op["responses"], (method, path)


def test_every_route_that_takes_a_body_declares_413():
    for path, item in OPENAPI["paths"].items():
        for method, op in item.items():
            takes_body = "requestBody" in op
            assert ("413" in op["responses"]) is takes_body, (method, path)


def test_api_doc_names_every_error_code():
    for code in ErrorCode:
        assert f"`{code}`" in DOC, code
