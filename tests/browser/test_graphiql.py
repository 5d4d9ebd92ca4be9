"""GraphiQL (/graphql in a browser) on a phone: the editors above the
response, each the full width (side by side, the response was a 37 px
sliver at 375 px), the sidebar's and the editor's buttons in rows so the
query has the width, the Docs pane the whole screen while open, and no
serious axe finding in either theme or width. A share link opens its
document in the editors without running it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.async_api import Browser, Page, expect

from tests.browser.harness import (
    DESKTOP,
    PHONE,
    assert_accessible,
    engineless_settings,
    guarded_page,
    overflowing,
    run_graphiql_example,
    settle,
    shoot,
)
from tests.support.server import LiveServer, live_server


@pytest.fixture(scope="module")
async def server(
    ui_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LiveServer]:
    settings = engineless_settings(tmp_path_factory.mktemp("graphiql"), ui_dir)
    async with live_server(settings) as live:
        yield live


@pytest.fixture
async def phone(browser: Browser, server: LiveServer) -> AsyncIterator[Page]:
    async with guarded_page(browser, server.url, viewport=PHONE) as page:
        yield page


async def _box(page: Page, selector: str) -> dict[str, float]:
    box = await page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not displayed"
    return box


async def test_graphiql_is_usable_and_accessible_at_375_px(phone: Page):
    page = phone
    await page.goto("/graphql")
    await run_graphiql_example(page, "Health")
    response = page.locator(".graphiql-response")
    await expect(response).to_contain_text('"status"')
    await settle(page)

    editor = await _box(page, ".graphiql-query-editor")
    answer = await _box(page, ".graphiql-response")
    # Stacked, each wide enough to read a line, and both on the screen.
    assert editor["width"] >= 250, editor
    assert answer["width"] >= 250, answer
    assert answer["y"] >= editor["y"] + editor["height"] - 1, (editor, answer)
    assert answer["y"] + 100 <= PHONE["height"], answer
    # The query gets the screen's width: the sidebar's buttons sit in a row
    # above it and the editor's commands in a row under it (as columns
    # beside it they left the query 190 px).
    code = await _box(page, ".graphiql-query-editor .CodeMirror")
    assert code["width"] >= 300, code
    docs = await _box(page, "button[aria-label='Show Documentation Explorer']")
    assert docs["y"] + docs["height"] <= editor["y"], (docs, editor)
    run = await _box(page, "button[aria-label='Execute query (Ctrl-Enter)']")
    assert run["y"] >= code["y"] + code["height"] - 1, (run, code)
    assert not await overflowing(page)
    await shoot(page, "graphiql", "phone")
    await assert_accessible(page, "GraphiQL (phone)")

    await page.emulate_media(color_scheme="dark")
    await settle(page)
    await assert_accessible(page, "GraphiQL (phone, dark theme)")
    await page.set_viewport_size(DESKTOP)
    await settle(page)
    await assert_accessible(page, "GraphiQL (desktop, dark theme)")
    await page.emulate_media(color_scheme="light")
    await settle(page)
    await assert_accessible(page, "GraphiQL (desktop)")
    await shoot(page, "graphiql", "desktop")


async def test_a_share_link_opens_its_document_without_running_it(phone: Page):
    page = phone
    link = {
        "query": "query Shared($first: Int!) { history(first: $first) { edges { cursor } } }",
        "variables": '{"first": 3}',
        "operationName": "Shared",
    }
    await page.goto("/graphql?" + urlencode(link))
    await expect(page.locator(".graphiql-query-editor")).to_contain_text(
        "query Shared($first: Int!)"
    )
    await expect(page.locator(".graphiql-editor-tool")).to_contain_text('"first": 3')
    response = page.locator(".graphiql-response")
    await expect(response).not_to_contain_text("edges")
    await page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    await expect(response).to_contain_text('"edges": []')


async def test_the_docs_take_the_phone_screen_and_close_again(phone: Page):
    page = phone
    await page.goto("/graphql")
    await page.get_by_role("button", name="Show Documentation Explorer").click()
    explorer = page.locator(".graphiql-doc-explorer")
    await expect(explorer).to_contain_text("Query")
    await settle(page)
    # The whole width, not a 200 px column beside the editors.
    pane = await _box(page, ".graphiql-plugin")
    assert pane["width"] >= 330, pane
    assert not await page.locator(".graphiql-sessions").is_visible()
    assert not await overflowing(page)
    await shoot(page, "graphiql-docs", "phone")
    await assert_accessible(page, "GraphiQL docs (phone)")

    await page.get_by_role("button", name="Hide Documentation Explorer").click()
    await expect(page.locator(".graphiql-query-editor")).to_be_visible()
    editor = await _box(page, ".graphiql-query-editor")
    assert editor["width"] >= 330, editor
