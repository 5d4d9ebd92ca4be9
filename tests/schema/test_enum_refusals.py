"""A value outside a GraphQL enum is refused in the words the services use
for every closed set (`services.inputs.not_one_of`, what REST says for a
label level), whether it came as a literal, a string or a variable."""

from __future__ import annotations

import pytest

from schema import build_schema

SCHEMA = build_schema()
LEVELS = "POLICIES, OFF, DIGEST, PATCH, MINOR, MAJOR"
VALIDATE = (
    'validateLabels(input: {container: "web", typed: {autoUpdate: %s}}) { valid }'
)


def _errors(query: str, **variables: object) -> list[str]:
    result = SCHEMA.execute_sync(query, variable_values=variables or None)
    assert result.errors, result
    return [error.message for error in result.errors]


@pytest.mark.parametrize(
    ("literal", "shown"),
    [("SOMETIMES", "'SOMETIMES'"), ('"SOMETIMES"', "'\"SOMETIMES\"'"), ("7", "'7'")],
    ids=["name", "string", "number"],
)
def test_a_literal_outside_the_enum_is_refused_naming_the_choices(literal, shown):
    messages = _errors("query { %s }" % (VALIDATE % literal))
    assert messages == [f"AutoUpdateLabel must be one of {LEVELS}, not {shown}"]


def test_a_variable_outside_the_enum_is_refused_naming_the_choices():
    query = """query($input: ValidateLabelsInput!) {
        validateLabels(input: $input) { valid } }"""
    messages = _errors(
        query, input={"container": "web", "typed": {"autoUpdate": "SOMETIMES"}}
    )
    assert messages == [
        "Variable '$input' has invalid value at .typed.autoUpdate: "
        f"AutoUpdateLabel must be one of {LEVELS}, not 'SOMETIMES'"
    ]


def test_a_long_refused_value_is_quoted_only_in_part():
    query = "query($l: AutoUpdateLabel) { %s }" % (VALIDATE % "$l")
    messages = _errors(query, l="X" * 10_000)
    assert len(messages) == 1
    assert messages[0].endswith(
        "not 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'... (10000 characters)"
    )
