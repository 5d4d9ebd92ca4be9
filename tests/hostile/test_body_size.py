"""A request body over 1 MiB is refused with 413 in the error envelope, on
REST and GraphQL alike, whether its size is declared (`Content-Length`:
refused before it is read) or not (chunked: refused as it crosses the cap),
and nothing is done. The server has no Docker engine; tokens live in its
store, so a token that was made would be listed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from rest.bodysize import MAX_BODY_BYTES
from tests.support.server import live_server


@pytest.fixture
async def api(settings_factory):
    async with (
        live_server(settings_factory()) as live,
        httpx.AsyncClient(base_url=live.url, timeout=120) as client,
    ):
        yield client


def _token_body(size: int) -> bytes:
    """A valid token request whose name pads it to `size` bytes."""
    head, tail = b'{"scope": "read", "name": "', b'"}'
    return head + b"t" * (size - len(head) - len(tail)) + tail


async def _chunked(body: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(body), 64 * 1024):
        yield body[start : start + 64 * 1024]


def _refused_as_too_large(response: httpx.Response) -> str:
    assert response.status_code == 413, response.text[:500]
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "BAD_REQUEST"
    message: str = body["error"]["message"]
    assert "too large" in message
    assert f"{MAX_BODY_BYTES:,}" in message
    return message


JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize("path", ["/api/tokens", "/graphql"])
async def test_a_declared_body_over_the_cap_is_413_and_the_connection_closes(api, path):
    body = _token_body(MAX_BODY_BYTES + 1)
    response = await api.post(path, content=body, headers=JSON)
    message = _refused_as_too_large(response)
    assert f"{MAX_BODY_BYTES + 1:,} bytes" in message
    # The rest of the body may still be on its way.
    assert response.headers["connection"] == "close"
    assert (await api.get("/api/tokens")).json()["data"] == []


@pytest.mark.parametrize("path", ["/api/tokens", "/graphql"])
async def test_a_chunked_body_over_the_cap_is_413(api, path):
    body = _token_body(4 * MAX_BODY_BYTES)
    response = await api.post(path, content=_chunked(body), headers=JSON)
    _refused_as_too_large(response)
    assert (await api.get("/api/tokens")).json()["data"] == []


async def test_a_body_at_the_cap_is_read_and_judged_on_its_fields(api):
    body = _token_body(MAX_BODY_BYTES)
    for content in (body, _chunked(body)):
        response = await api.post("/api/tokens", content=content, headers=JSON)
        assert response.status_code == 400, response.text[:300]
        assert "name" in response.json()["error"]["message"]
