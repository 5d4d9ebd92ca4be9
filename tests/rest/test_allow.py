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


async def test_a_405_names_the_documents_methods_without_building_it(
    settings_factory,
):
    # A monitor probing with HEAD gets 405 on every poll: building the
    # document for its Allow header kept ~1 MB for the server's lifetime.
    app = create_app(settings_factory())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
        response = await c.head("/api/health")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert app.openapi_schema is None
    document = app.openapi()["paths"]
    assert app.path_methods() == {
        path: [method.upper() for method in item] for path, item in document.items()
    }
