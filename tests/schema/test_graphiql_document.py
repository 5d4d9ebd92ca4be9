"""GraphiQL's default document is valid against the schema, so the examples a
person first sees run. Update rest/consoles/default-document.graphql with
the schema."""

from __future__ import annotations

from graphql import parse, validate

from rest.consoles import default_document
from schema import build_schema


def test_default_document_validates_against_the_schema():
    document = parse(default_document())
    errors = validate(build_schema()._schema, document)
    assert errors == [], [e.message for e in errors]


def test_default_document_shows_every_kind_of_operation():
    kinds = {d.operation.value for d in parse(default_document()).definitions}
    assert kinds == {"query", "mutation", "subscription"}
