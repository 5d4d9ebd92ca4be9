"""Paging through operations on both edges: nothing skipped, nothing repeated,
even when many operations share one start time (no engine needed)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from services.store.records import OperationRecord
from tests.support.api import gql
from tests.support.server import live_server

NOW = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)
PAGE = """
query($after: String) {
  operations(first: 4, after: $after) {
    edges { node { operationId } }
    pageInfo { hasNextPage endCursor }
  }
}"""


@pytest.fixture
async def client(settings_factory):
    async with live_server(settings_factory()) as live:
        for i in range(11):
            await live.ctx.repos.operations.create(
                OperationRecord(
                    operation_id=f"op_same_{i:02d}",
                    operation_type="update",
                    status="complete",
                    container_name="nginx",
                    started_at=NOW,
                )
            )
        async with httpx.AsyncClient(base_url=live.url, timeout=30) as http:
            yield http


async def test_rest_pages_keep_operations_sharing_a_start_time(client):
    seen: list[str] = []
    params: dict[str, str | int] = {"limit": 4}
    for _ in range(10):
        response = await client.get("/api/operations", params=params)
        assert response.status_code == 200, response.text
        seen += [op["operation_id"] for op in response.json()["data"]]
        cursor = response.headers.get("X-Next-Cursor")
        if cursor is None:
            break
        params["cursor"] = cursor
    assert sorted(seen) == [f"op_same_{i:02d}" for i in range(11)]
    assert len(seen) == 11


async def test_graphql_pages_keep_operations_sharing_a_start_time(client):
    seen: list[str] = []
    after = None
    for _ in range(10):
        page = (await gql(client, PAGE, after=after))["operations"]
        seen += [edge["node"]["operationId"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(seen) == [f"op_same_{i:02d}" for i in range(11)]
    assert len(seen) == 11


async def test_a_cursor_that_is_not_ours_is_400(client):
    response = await client.get("/api/operations", params={"cursor": "bm9wZQ=="})
    assert response.status_code == 400
    assert "invalid cursor" in response.json()["error"]["message"]
