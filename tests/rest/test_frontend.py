"""The web UI at `/`: the built app with SPA fallback and the right cache
headers, the API paths keeping their 404 envelope, and a page saying the UI
is not built when there is none."""

from __future__ import annotations

import httpx
import pytest

from rest.frontend import IMMUTABLE, REVALIDATE, ui_directory
from services.config import Settings
from tests.support.server import live_server, no_engine_settings

INDEX = '<!doctype html><html lang="en"><title>Docksmith</title><div id="root"></div>'
SCRIPT = "console.log('built');"


def built_ui(root):
    ui = root / "dist"
    (ui / "assets").mkdir(parents=True)
    (ui / "index.html").write_text(INDEX)
    (ui / "assets" / "index-Bq3xY7a1.js").write_text(SCRIPT)
    (ui / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    return ui


def settings_for(root, static_dir) -> Settings:
    return no_engine_settings(root, static_dir=static_dir)


@pytest.fixture(scope="module")
async def ui(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui")
    (root / "secret.txt").write_text("outside the UI folder")
    async with (
        live_server(settings_for(root, built_ui(root))) as live,
        httpx.AsyncClient(base_url=live.url, timeout=30) as client,
    ):
        yield client


@pytest.fixture(scope="module")
async def no_ui(tmp_path_factory):
    root = tmp_path_factory.mktemp("no-ui")
    empty = root / "empty"
    empty.mkdir()
    async with (
        live_server(settings_for(root, empty)) as live,
        httpx.AsyncClient(base_url=live.url, timeout=30) as client,
    ):
        yield client


def assert_envelope_404(response: httpx.Response) -> None:
    assert response.status_code == 404, response.text
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "NOT_FOUND"


async def test_root_serves_index_revalidated(ui):
    response = await ui.get("/")
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == REVALIDATE
    assert response.headers["etag"]


@pytest.mark.parametrize(
    "path",
    [
        "/operations/42",
        "/containers/web.1",
        "/history",
        "/explorer/images",
        "/index.html",
    ],
)
async def test_client_routes_get_the_app(ui, path):
    response = await ui.get(path)
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["cache-control"] == REVALIDATE


async def test_hashed_assets_are_cached_for_good(ui):
    response = await ui.get("/assets/index-Bq3xY7a1.js")
    assert response.status_code == 200
    assert response.text == SCRIPT
    assert "javascript" in response.headers["content-type"]
    assert response.headers["cache-control"] == IMMUTABLE


async def test_other_files_are_revalidated(ui):
    response = await ui.get("/favicon.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg")
    assert response.headers["cache-control"] == REVALIDATE


async def test_unchanged_index_answers_304(ui):
    etag = (await ui.get("/")).headers["etag"]
    response = await ui.get("/containers/web", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


async def test_head_works_like_get(ui):
    response = await ui.head("/operations/7")
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(INDEX)


async def test_missing_asset_is_404_not_the_app(ui):
    response = await ui.get("/assets/index-OLDBUILD.js")
    assert_envelope_404(response)
    assert "/assets/index-OLDBUILD.js" in response.json()["error"]["message"]
    assert_envelope_404(await ui.get("/assets"))


@pytest.mark.parametrize(
    "path",
    [
        "/api",
        "/api/",
        "/api/no-such-route",
        "/api/containers/x/y/z",
        "/graphql/nope",
        "/metrics/nope",
        "/_vendor/nope.js",
    ],
)
async def test_api_paths_keep_their_404_envelope(ui, path):
    assert_envelope_404(await ui.get(path))


async def test_metrics_is_never_the_app(ui):
    response = await ui.get("/metrics")
    assert response.text != INDEX


async def test_api_routes_still_answer(ui):
    health = await ui.get("/api/health")
    assert health.headers["content-type"].startswith("application/json")
    docs = await ui.get("/api/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
    graphiql = await ui.get("/graphql", headers={"accept": "text/html"})
    assert graphiql.status_code == 200
    assert "graphiql" in graphiql.text.lower()


async def test_other_methods_are_not_the_app(ui):
    assert_envelope_404(await ui.post("/containers/web", json={}))
    assert_envelope_404(await ui.delete("/"))


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt"]
)
async def test_nothing_outside_the_folder_is_served(ui, path):
    response = await ui.get(path)
    assert "outside the UI folder" not in response.text


NOT_FRAMED = {
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
}


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        ("GET", "/", {}, 200),
        ("GET", "/containers/web", {}, 200),
        ("GET", "/assets/index-Bq3xY7a1.js", {}, 200),
        ("HEAD", "/", {}, 200),
        ("GET", "/api/health", {}, 200),
        ("GET", "/graphql", {"Accept": "text/html"}, 200),
        ("GET", "/api/nothing", {}, 404),
        # Refused by the Host guard before any route runs
        ("GET", "/", {"Host": "rebind.example"}, 403),
    ],
)
async def test_no_answer_may_be_framed_or_sniffed(ui, method, path, headers, status):
    # A page of another site must not show the UI in a hidden frame and steer
    # clicks onto its buttons: without authentication nothing else stops it.
    response = await ui.request(method, path, headers=headers)
    assert response.status_code == status, response.text[:300]
    for name, value in NOT_FRAMED.items():
        assert response.headers.get_list(name) == [value], (name, path)


async def test_not_built_page_links_the_apis(no_ui):
    response = await no_ui.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "not built" in page
    assert 'href="/graphql"' in page
    assert 'href="/api/docs"' in page
    assert "<script" not in page
    assert "http" not in page.replace('href="/', "")  # nothing from elsewhere


async def test_not_built_client_routes_and_api_are_404(no_ui):
    page = await no_ui.get("/operations/1")
    assert_envelope_404(page)
    # A bookmarked page of the UI is no API route: the answer says what is
    # missing and where to read how to get it.
    message = page.json()["error"]["message"]
    assert "web UI is not built" in message, message
    assert "/operations/1" in message
    assert "API route" not in message
    api = await no_ui.get("/api/no-such-route")
    assert_envelope_404(api)
    assert "no such API route: GET /api/no-such-route" in api.json()["error"]["message"]
    assert (await no_ui.get("/api/docs")).status_code == 200


def test_static_dir_overrides_the_built_default(tmp_path):
    default = built_ui(tmp_path / "default")
    chosen = built_ui(tmp_path / "chosen")
    assert ui_directory(None, default=default) == default
    assert ui_directory(chosen, default=default) == chosen
    assert ui_directory(tmp_path / "nothing-here", default=default) is None
    assert ui_directory(None, default=tmp_path / "not-built") is None
