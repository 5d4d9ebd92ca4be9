"""GraphQL over plain HTTP: a subscription there is the client's mistake, so
it gets a clear 400 and the server logs nothing at ERROR."""

from __future__ import annotations

import logging

import httpx
import pytest

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
