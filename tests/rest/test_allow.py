"""`OPTIONS` names every method the path serves (issue 12, item 10)."""

from __future__ import annotations

import httpx
import pytest

from rest.app import create_app


@pytest.fixture
async def client(settings_factory):
    app = create_app(settings_factory())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
        yield c


@pytest.mark.parametrize(
    ("path", "methods"),
    [
        ("/api/policies", {"GET", "PUT"}),
        ("/api/update", {"POST"}),
        ("/api/containers/web", {"DELETE"}),
        ("/api/scripts/assign", {"POST"}),
    ],
)
async def test_options_lists_every_method(client, path, methods):
    response = await client.options(path)
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert methods <= allowed, allowed


async def test_a_wrong_method_is_405_in_the_envelope_with_the_full_allow(client):
    response = await client.patch("/api/policies")
    assert response.status_code == 405
    assert {"GET", "PUT"} <= {m.strip() for m in response.headers["allow"].split(",")}
    assert response.json()["success"] is False
