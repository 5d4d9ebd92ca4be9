"""Swagger UI and GraphiQL load everything from Docksmith itself: every
script and stylesheet their pages name is same-origin and answers 200, so
both work on a server without internet."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from rest.consoles import default_document
from tests.support.server import live_server, no_engine_settings


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.urls.append(found["src"])
        if tag == "link" and found.get("href"):
            self.urls.append(found["href"])


def asset_urls(html: str) -> list[str]:
    parser = _Assets()
    parser.feed(html)
    return parser.urls


@pytest.fixture(scope="module")
async def api(tmp_path_factory):
    root = tmp_path_factory.mktemp("consoles")
    settings = no_engine_settings(root)
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=30) as client,
    ):
        yield client


async def assert_assets_are_local(api: httpx.AsyncClient, page: str) -> list[str]:
    response = await api.get(page, headers={"accept": "text/html"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    urls = asset_urls(response.text)
    assert len(urls) >= 2, urls
    origin = urlsplit(str(api.base_url))
    for url in urls:
        absolute = urlsplit(urljoin(str(api.base_url) + page, url))
        assert (absolute.scheme, absolute.netloc) == (origin.scheme, origin.netloc), (
            f"{page} loads {url} from another origin"
        )
        asset = await api.get(absolute.path)
        assert asset.status_code == 200, f"{page}: {url} answered {asset.status_code}"
        assert asset.content, url
    return urls


async def test_swagger_ui_is_served_locally(api):
    urls = await assert_assets_are_local(api, "/api/docs")
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls)
    page = (await api.get("/api/docs")).text
    assert "/api/openapi.json" in page
    assert (await api.get("/api/openapi.json")).status_code == 200


async def test_graphiql_is_served_locally(api):
    urls = await assert_assets_are_local(api, "/graphql")
    assert any(u.endswith("graphiql.min.js") for u in urls)
    assert any(u.endswith("react.production.min.js") for u in urls)


async def test_graphiql_opens_with_the_example_operations(api):
    page = (await api.get("/graphql", headers={"accept": "text/html"})).text
    assert json.dumps(default_document()).replace("<", "\\u003c") in page
    assert "query Health" in default_document()


# What Chromium and Firefox send when a link is opened.
BROWSER_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
    "image/webp,*/*;q=0.8"
)


async def test_a_share_link_opens_graphiql_in_a_browser_and_runs_for_programs(api):
    link = {"query": "query Shared { health { status } }"}
    page = await api.get("/graphql", params=link, headers={"accept": BROWSER_ACCEPT})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "graphiql.min.js" in page.text  # the page, not the answer
    for accept in ("application/json", "*/*", None):
        headers = {"accept": accept} if accept else {}
        answer = await api.get("/graphql", params=link, headers=headers)
        assert answer.headers["content-type"].startswith("application/json"), accept
        assert answer.json()["data"]["health"]["status"], answer.text


async def test_vendor_files_outside_the_served_folders_are_not_exposed(api):
    assert (await api.get("/_vendor/graphiql/../react/package.json")).status_code == 404
    assert (await api.get("/_vendor/react/../package.json")).status_code == 404
