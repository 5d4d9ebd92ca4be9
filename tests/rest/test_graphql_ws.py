"""Malformed GraphQL WebSocket traffic closes the socket with a protocol code;
frames are capped; ambiguous documents are errors on every transport."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from services.checks.model import CheckResult, ContainerStatus
from services.store.records import OperationRecord
from tests.support.server import live_server, no_engine_settings

TRANSPORT = "graphql-transport-ws"
LEGACY = "graphql-ws"


@pytest.fixture(scope="module")
async def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("ws")
    settings = no_engine_settings(root)
    async with live_server(settings) as live:
        yield live


async def _drain(ws) -> None:
    async with asyncio.timeout(30):
        while True:
            await ws.recv()


async def _closed_with(url: str, protocol: str, *messages: str) -> tuple[int, str]:
    """Send `messages` after an acknowledged init; the close code and reason."""
    async with websockets.connect(
        url, subprotocols=[protocol], max_size=None, open_timeout=60
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        for message in messages:
            await ws.send(message)
        with pytest.raises(ConnectionClosed) as closed:
            await _drain(ws)
    assert closed.value.rcvd is not None, "closed without a close frame"
    return closed.value.rcvd.code, closed.value.rcvd.reason


def _url(server) -> str:
    return f"{server.ws_url}/graphql"


@pytest.mark.parametrize("protocol", [TRANSPORT, LEGACY])
@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("[1, 2]", "expected a JSON object"),
        ('"text"', "expected a JSON object"),
        ("{}", "unknown type"),
        ('{"type": "no-such-type"}', "unknown type"),
    ],
)
async def test_malformed_messages_close_with_4400(server, protocol, message, reason):
    code, text = await _closed_with(_url(server), protocol, message)
    assert code == 4400
    assert reason in text


@pytest.mark.parametrize(
    ("protocol", "kind"), [(TRANSPORT, "subscribe"), (LEGACY, "start")]
)
@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (None, "needs a payload object"),
        ([], "needs a payload object"),
        ({"query": None}, "needs a query string"),
        ({"query": "{ status { totalChecked } }", "variables": []}, "variables must"),
    ],
)
async def test_operations_without_a_usable_payload_close_with_4400(
    server, protocol, kind, payload, reason
):
    message = json.dumps({"id": "1", "type": kind, "payload": payload})
    code, text = await _closed_with(_url(server), protocol, message)
    assert code == 4400
    assert reason in text


async def test_legacy_protocol_closes_on_garbage(server):
    code, text = await _closed_with(_url(server), LEGACY, "garbage")
    assert code == 4400
    assert "valid JSON" in text


async def test_a_json_array_before_init_closes_with_4400(server):
    async with websockets.connect(
        _url(server), subprotocols=[TRANSPORT], open_timeout=60
    ) as ws:
        await ws.send("[]")
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 30)
    assert closed.value.rcvd.code == 4400


async def test_frames_over_one_mebibyte_are_refused(server):
    message = json.dumps(
        {"id": "1", "type": "subscribe", "payload": {"query": "x" * (2 << 20)}}
    )
    code, _ = await _closed_with(_url(server), TRANSPORT, message)
    assert code == 1009  # message too big


async def test_several_operations_without_a_name_are_an_error_over_ws(server):
    document = "subscription A { events { type } } subscription B { events { type } }"
    for protocol, kind in ((TRANSPORT, "subscribe"), (LEGACY, "start")):
        async with websockets.connect(
            _url(server), subprotocols=[protocol], open_timeout=60
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init"}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            await ws.send(
                json.dumps({"id": "1", "type": kind, "payload": {"query": document}})
            )
            reply = json.loads(await asyncio.wait_for(ws.recv(), 30))
        assert reply["type"] == "error", reply
        assert "set operationName" in json.dumps(reply["payload"])


async def test_several_operations_without_a_name_are_an_error_over_http(server):
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        body = (
            await client.post(
                "/graphql",
                json={
                    "query": "query A { __typename } mutation B { triggerCheck { message } }"
                },
            )
        ).json()
        assert body["data"] is None
        assert "set operationName" in body["errors"][0]["message"]
        named = (
            await client.post(
                "/graphql",
                json={
                    "query": "query A { __typename } query B { status { totalChecked } }",
                    "operationName": "A",
                },
            )
        ).json()
    assert named == {"data": {"__typename": "Query"}}


async def test_operations_per_connection_are_limited(server):
    async with websockets.connect(
        _url(server), subprotocols=[TRANSPORT], open_timeout=60
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        query = {"query": "subscription { events { type } }"}
        for n in range(21):
            await ws.send(
                json.dumps({"id": str(n), "type": "subscribe", "payload": query})
            )
        reply = json.loads(await asyncio.wait_for(ws.recv(), 30))
    assert reply["id"] == "20"
    assert reply["type"] == "error"
    assert "already runs 20 operations, the limit" in reply["payload"][0]["message"]


async def test_a_query_over_the_legacy_protocol_is_a_clear_error(server):
    async with websockets.connect(
        _url(server), subprotocols=[LEGACY], open_timeout=60
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {"id": "1", "type": "start", "payload": {"query": "{ __typename }"}}
            )
        )
        reply = json.loads(await asyncio.wait_for(ws.recv(), 30))
    assert reply["type"] == "error"
    assert "not allowed" in reply["payload"]["message"]


@pytest.mark.parametrize("protocol", [TRANSPORT, LEGACY])
async def test_messages_are_text_frames(server, protocol):
    # Browsers' graphql-ws clients read text frames only: a binary frame is
    # an invalid message to them (4400) and every subscription in the UI stops.
    async with websockets.connect(
        _url(server), subprotocols=[protocol], open_timeout=60
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        ack = await ws.recv()
        assert isinstance(ack, str), f"binary frame: {ack!r}"
        assert json.loads(ack)["type"] == "connection_ack"


async def _query_over(ws, operation_id: str, query: str) -> dict:
    await ws.send(
        json.dumps(
            {"id": operation_id, "type": "subscribe", "payload": {"query": query}}
        )
    )
    reply = json.loads(await asyncio.wait_for(ws.recv(), 30))
    assert reply["type"] == "next", reply
    done = json.loads(await asyncio.wait_for(ws.recv(), 30))
    assert done == {"id": operation_id, "type": "complete"}
    return reply["payload"]


async def test_each_operation_on_one_socket_reads_the_last_operation_afresh(server):
    """One socket's context lives as long as the socket: nothing it holds may
    answer a later operation with what an earlier one read."""
    ctx = server.ctx
    now = datetime.now(UTC)
    before = ctx.checks.state.results
    ctx.checks.state.results = [
        CheckResult(
            name="ws-fresh",
            id="f" * 12,
            image="x:1",
            status=ContainerStatus.UP_TO_DATE,
            checked_at=now,
        )
    ]

    async def record(operation_id: str, at: datetime) -> None:
        await ctx.repos.operations.create(
            OperationRecord(
                operation_id=operation_id,
                operation_type="restart",
                status="complete",
                container_name="ws-fresh",
                started_at=at,
            )
        )

    query = '{ container(name: "ws-fresh") { lastOperation { operationId } } }'
    try:
        await record("op_ws_1", now)
        async with websockets.connect(
            _url(server), subprotocols=[TRANSPORT], open_timeout=60
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init"}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            first = await _query_over(ws, "1", query)
            await record("op_ws_2", now + timedelta(seconds=1))
            second = await _query_over(ws, "2", query)
    finally:
        ctx.checks.state.results = before
    last = {"container": {"lastOperation": {"operationId": "op_ws_1"}}}
    assert first == {"data": last}
    last["container"]["lastOperation"]["operationId"] = "op_ws_2"
    assert second == {"data": last}
