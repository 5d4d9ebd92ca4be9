"""Relay connections for operations and history, paged to the end on a live
server (real SQLite store, no Docker engine needed)."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from services.errors import DocksmithError
from services.store.records import CheckHistoryRecord, UpdateLogRecord
from tests.support.server import live_server

PAGE = """
query($first: Int!, $after: String) {
  %s(first: $first, after: $after) {
    edges { cursor node { %s } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


@pytest.fixture
async def live(settings_factory):
    async with live_server(settings_factory()) as server:
        yield server


async def _walk(live, field: str, node: str, first: int) -> list[dict]:
    pages = []
    after = None
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as client:
        while True:
            body = (
                await client.post(
                    "/graphql",
                    json={
                        "query": PAGE % (field, node),
                        "variables": {"first": first, "after": after},
                    },
                )
            ).json()
            assert "errors" not in body, body
            page = body["data"][field]
            pages.append(page)
            info = page["pageInfo"]
            if not info["hasNextPage"]:
                return pages
            after = info["endCursor"]


def _check_page_info(pages: list[dict]) -> None:
    for number, page in enumerate(pages):
        edges, info = page["edges"], page["pageInfo"]
        assert all(edge["cursor"] for edge in edges)
        assert info["startCursor"] == edges[0]["cursor"]
        assert info["endCursor"] == edges[-1]["cursor"]
        assert info["hasPreviousPage"] is (number > 0)
        assert info["hasNextPage"] is (number < len(pages) - 1)


async def test_operations_page_to_the_end_newest_first(live):
    started = []
    for name in ("a", "b", "c", "d", "e"):
        handle = await live.ctx.operations.start("restart", name)
        started.append(handle.operation_id)
    pages = await _walk(live, "operations", "operationId operationType", first=2)
    assert [len(p["edges"]) for p in pages] == [2, 2, 1]
    _check_page_info(pages)
    seen = [e["node"]["operationId"] for p in pages for e in p["edges"]]
    assert seen == list(reversed(started))
    assert {e["node"]["operationType"] for p in pages for e in p["edges"]} == {
        "RESTART"
    }


async def test_history_pages_through_checks_and_updates(live):
    base = datetime(2026, 1, 1, tzinfo=UTC)
    checks = [
        CheckHistoryRecord(
            container_name="web",
            image="web:1",
            check_time=base + timedelta(minutes=2 * i),
            status="UP_TO_DATE",
        )
        for i in range(4)
    ]
    await live.ctx.repos.history.add_checks(checks)
    for i in range(3):
        await live.ctx.repos.history.add_update(
            UpdateLogRecord(
                container_name="web",
                action="update",
                timestamp=base + timedelta(minutes=2 * i + 1),
                success=True,
            )
        )
    pages = await _walk(live, "history", "timestamp type", first=3)
    assert [len(p["edges"]) for p in pages] == [3, 3, 1]
    _check_page_info(pages)
    types = [e["node"]["type"] for p in pages for e in p["edges"]]
    # newest first, alternating check/update by the times above
    assert types == ["CHECK", "UPDATE"] * 3 + ["CHECK"]


async def test_a_foreign_cursor_is_bad_input(live):
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as client:
        body = (
            await client.post(
                "/graphql",
                json={
                    "query": PAGE % ("history", "type"),
                    "variables": {"first": 2, "after": "bm90LWEtY3Vyc29y"},
                },
            )
        ).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_operations_filter_by_start_window(live):
    # given two operations; the window [first's start, second's start) holds only the first
    first = await live.ctx.operations.start("restart", "a")
    second = await live.ctx.operations.start("restart", "b")
    ops = {
        o.operation_id: o
        for o in (
            await live.ctx.repos.operations.get(first.operation_id),
            await live.ctx.repos.operations.get(second.operation_id),
        )
    }
    since = ops[first.operation_id].started_at
    before = ops[second.operation_id].started_at
    assert since is not None
    assert before is not None
    assert since < before
    query = """query($f: OperationFilter) {
      operations(filter: $f) { edges { node { operationId } } } }"""
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as client:
        body = (
            await client.post(
                "/graphql",
                json={
                    "query": query,
                    "variables": {
                        "f": {
                            "startedSince": since.isoformat(),
                            "startedBefore": before.isoformat(),
                        }
                    },
                },
            )
        ).json()
        assert "errors" not in body, body
        edges = body["data"]["operations"]["edges"]
        assert [e["node"]["operationId"] for e in edges] == [first.operation_id]

        # an empty window is refused with the bad-input code
        body = (
            await client.post(
                "/graphql",
                json={
                    "query": query,
                    "variables": {
                        "f": {
                            "startedSince": before.isoformat(),
                            "startedBefore": since.isoformat(),
                        }
                    },
                },
            )
        ).json()
        assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_an_operation_row_with_an_unknown_value_leaves_the_others_listed(live):
    """A row a newer Docksmith (or a hand edit) wrote with a status this
    version does not know is left out of the lists, not a failure of them,
    and asked for alone it is a clear error naming the row and the value."""
    ids = [(await live.ctx.operations.start("restart", n)).operation_id for n in "abc"]
    repo = live.ctx.repos.operations
    with contextlib.suppress(DocksmithError):  # reading it back is refused
        await repo.update(ids[1], {"status": "paused"})
    await repo.append_log(ids[2], "from a newer version", "trace")  # type: ignore[arg-type]
    pages = await _walk(live, "operations", "operationId", first=2)
    seen = [e["node"]["operationId"] for p in pages for e in p["edges"]]
    assert seen == [ids[2], ids[0]]
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as client:
        listed = (await client.get("/api/operations")).json()
        assert [op["operation_id"] for op in listed["data"]] == [ids[2], ids[0]]
        alone = await client.get(f"/api/operations/{ids[1]}")
        assert alone.status_code == 500
        error = alone.json()["error"]
        assert error["code"] == "INTERNAL"
        assert "status 'paused'" in error["message"]
        assert "does not know" in error["message"]
        body = (
            await client.post(
                "/graphql",
                json={
                    "query": "query($id: String!) { operation(id: $id)"
                    " { log { level message } } }",
                    "variables": {"id": ids[2]},
                },
            )
        ).json()
    assert "errors" not in body, body
    assert {"level": "INFO", "message": "from a newer version"} in body["data"][
        "operation"
    ]["log"]
