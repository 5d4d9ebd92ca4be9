"""One GraphQL document cannot fan out into unbounded Docker or registry calls,
nor make the server parse megabytes; introspection still works."""

from __future__ import annotations

import time

import pytest
from graphql import get_introspection_query

from schema import build_schema
from schema.limits import COSTLY_QUERY_FIELDS, GraphQLLimits


class _NoContext:
    """Any resolver that runs fails loudly: refused documents must not execute."""

    def __getattr__(self, name: str):
        raise AssertionError(f"a resolver ran (context.{name})")


@pytest.fixture(scope="module")
def schema():
    return build_schema()


async def _errors(schema, query: str, operation_name: str | None = None) -> list[str]:
    result = await schema.execute(
        query, context_value=_NoContext(), operation_name=operation_name
    )
    assert result.data is None, "a refused document must not execute"
    return [e.message for e in result.errors or []]


def _aliases(field: str, count: int) -> str:
    return "{ " + " ".join(f"a{i}: {field}" for i in range(count)) + " }"


async def test_a_thousand_aliases_of_a_docker_field_are_refused(schema):
    inspect = 'containerInspect(name: "x") { name }'
    errors = await _errors(schema, _aliases(inspect, 1000))
    assert any("more than 5000 tokens" in e for e in errors), errors
    errors = await _errors(schema, _aliases(inspect, 40))
    assert any("40 aliases found. Allowed: 30" in e for e in errors), errors
    assert any("40 Docker or registry calls; the limit is 20" in e for e in errors)


async def test_cost_counts_fragments_and_mutations(schema):
    fragment = "fragment F on Query { " + " ".join(
        f"i{i}: images {{ id }}" for i in range(7)
    )
    query = (
        fragment
        + " } fragment G on Query { ...F n: networks { id } } "
        + ("{ ...G ...F v: volumes { name } h: health { status } }")
    )
    # 7 + 1 (G) + 7 again (F spread at the root) + 2 = 17: under the limit, so
    # only the (context-less) resolvers fail, not validation.
    result = await schema.execute(query, context_value=_NoContext())
    assert not any("Docker or registry" in e.message for e in result.errors or [])
    over = query.replace("h: health { status }", "h: health { status } " * 1).replace(
        "{ ...G ...F",
        '{ ...G ...F x1: explorer { images { id } } x2: containerStats(name: "a") { cpuPercent } x3: containerLogs(name: "a") { lines } x4: registryTags(image: "a") { count }',
    )
    errors = await _errors(schema, over)
    assert any("21 Docker or registry calls" in e for e in errors), errors
    mutations = _aliases("triggerCheck { message }", 21).replace("{", "mutation {", 1)
    errors = await _errors(schema, mutations)
    assert any("21 Docker or registry calls" in e for e in errors), errors


async def test_too_many_root_fields(schema):
    errors = await _errors(schema, _aliases("status { totalChecked }", 25))
    assert any("selects 25 root fields; the limit is 20" in e for e in errors)


async def test_depth_limit(schema):
    deep = "{ containers " + "{ latestOperation " * 20 + "}" * 21
    errors = await _errors(schema, deep)
    assert any("exceeds maximum operation depth of 15" in e for e in errors)


async def test_hundred_thousand_repeated_fields_stop_early(schema):
    started = time.perf_counter()
    errors = await _errors(schema, "{ " + "health { status } " * 100_000 + "}")
    assert time.perf_counter() - started < 5
    assert errors == ["The query is 1800003 characters long; the limit is 65536."]


async def test_token_limit(schema):
    errors = await _errors(schema, "{ " + "status " * 6000 + "}")
    assert any("more than 5000 tokens" in e for e in errors)


async def test_megabyte_string_argument_is_refused_before_parsing(schema):
    errors = await _errors(
        schema, '{ container(name: "' + "x" * 1_000_000 + '") { name } }'
    )
    assert errors == ["The query is 1000032 characters long; the limit is 65536."]


async def test_several_operations_need_an_operation_name(schema):
    document = "query A { __typename } query B { __typename }"
    errors = await _errors(schema, document)
    assert errors == [
        "The document has 2 operations (A, B); set operationName to the one to run."
    ]
    chosen = await schema.execute(document, operation_name="B")
    assert chosen.errors is None
    assert chosen.data == {"__typename": "Query"}


async def test_introspection_stays_allowed(schema):
    result = await schema.execute(get_introspection_query(descriptions=True))
    assert result.errors is None
    assert result.data["__schema"]["queryType"]["name"] == "Query"


def test_costly_fields_exist_in_the_schema(schema):
    query_fields = schema._schema.query_type.fields
    missing = COSTLY_QUERY_FIELDS - set(query_fields)
    assert not missing


async def test_limits_are_configurable():
    small = build_schema(GraphQLLimits(max_cost=1))
    errors = await _errors(small, "{ a: health { status } b: health { status } }")
    assert any("2 Docker or registry calls; the limit is 1" in e for e in errors)
