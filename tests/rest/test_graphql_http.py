"""GraphQL over plain HTTP: a subscription there is the client's mistake, so
it gets a clear 400 and the server logs nothing at ERROR."""

from __future__ import annotations

import logging
import tracemalloc

import httpx
import msgspec
import pytest
from starlette.responses import Response, StreamingResponse

from rest.graphql import build_graphql_app
from tests.support.server import live_server

SUBSCRIPTION = "subscription { events { type } }"
MESSAGE = "subscriptions need a WebSocket: graphql-transport-ws or graphql-ws"


@pytest.fixture
async def api(settings_factory):
    async with (
        live_server(settings_factory()) as live,
        httpx.AsyncClient(base_url=live.url, timeout=120) as client,
    ):
        yield client


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_subscription_over_http_is_a_clear_400(api, caplog, method):
    caplog.set_level(logging.INFO)
    # when
    if method == "POST":
        response = await api.post("/graphql", json={"query": SUBSCRIPTION})
    else:
        response = await api.get("/graphql", params={"query": SUBSCRIPTION})

    # then
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["message"] == MESSAGE
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_queries_over_http_still_answer(api):
    response = await api.post("/graphql", json={"query": "{ health { status } }"})
    assert response.status_code == 200
    assert "errors" not in response.json()


async def test_a_big_answer_is_sent_in_pieces_as_its_rows_are_written():
    # given: an answer of ~2.6 MB, like the UI's query for 2,000 containers
    router = build_graphql_app()
    rows = [
        {"name": f"c{i:04d}", "image": "ghcr.io/x/y:1.2.3" * 4} for i in range(20_000)
    ]
    data = {"data": {"containers": rows}}
    expected = msgspec.json.encode(data)

    # when
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        response = router.create_response(data, Response())
        assert isinstance(response, StreamingResponse)
        # Compared as they come, as a client reads them: none is kept.
        pieces = sent = 0
        async for piece in response.body_iterator:
            assert piece == expected[sent : sent + len(piece)]
            pieces, sent = pieces + 1, sent + len(piece)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()

    # then: byte for byte the encoder's answer, in pieces, the rows let go
    # as they were written: never the whole answer's bytes at once (with
    # the rows still alive that doubled the top of the server's memory)
    assert sent == len(expected)
    assert pieces > 10
    assert all(row is None for row in rows)
    assert response.media_type == "application/json"
    assert peak < 0.2 * len(expected), (peak, len(expected))


def test_a_small_answer_is_sent_whole():
    router = build_graphql_app()
    data = {"data": {"containers": [{"name": "web"}]}}

    response = router.create_response(data, Response(status_code=201))

    assert not isinstance(response, StreamingResponse)
    assert response.body == msgspec.json.encode(data)
    assert response.status_code == 201
