from __future__ import annotations

from pathlib import Path

import schema
from schema.export import sdl

REPO = Path(__file__).resolve().parents[2]


def test_schema_package_is_this_repositorys():
    # A PyPI distribution named `schema` ships a top-level module of that name.
    assert Path(schema.__file__).resolve().is_relative_to(REPO)


def test_committed_sdl_matches_the_code():
    committed = (REPO / "schema" / "schema.graphql").read_text()
    assert committed == sdl(), (
        "schema changed: run `make schema` and commit schema.graphql"
    )
