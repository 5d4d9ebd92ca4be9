"""Notification channels through both edges: the same channel stored, shown
masked, tested against a real receiver on 127.0.0.1, refused for the same
reasons with the same messages, and removed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.parity.drivers import Outcome, snake
from tests.support.receiver import receiver
from tests.support.server import live_server

FIELDS = """id name url kind source events minChange includeStacks excludeStacks
includeContainers excludeContainers titleTemplate bodyTemplate
lastDelivery { outcome event error }"""
ADD = f"""mutation($input: AddNotificationChannelInput!) {{
  addNotificationChannel(input: $input) {{
    __typename ... on NotificationChannel {{ {FIELDS} }}
    ... on UserError {{ code message }}
  }}
}}"""
REMOVE = f"""mutation($id: String!) {{
  removeNotificationChannel(input: {{id: $id}}) {{
    __typename ... on NotificationChannel {{ {FIELDS} }}
    ... on UserError {{ code message }}
  }}
}}"""
TEST = f"""mutation($id: String) {{
  sendTestNotification(input: {{id: $id}}) {{
    __typename ... on NotificationsTested {{ channels {{ {FIELDS} }} }}
    ... on UserError {{ code message }}
  }}
}}"""
LIST = f"query {{ notificationChannels {{ {FIELDS} }} }}"


ENUMS = {"kind", "source", "events", "min_change", "outcome", "event"}


def lower_enums(value: Any, key: str = "") -> Any:
    """GraphQL spells enum values in capitals, REST as the service does."""
    if isinstance(value, dict):
        return {k: lower_enums(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [lower_enums(v, key) for v in value]
    if isinstance(value, str) and key in ENUMS:
        return value.lower()
    return value


class Rest:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def _call(self, method: str, url: str, **kw: Any) -> Outcome:
        body = (await self.client.request(method, url, **kw)).json()
        if body["success"]:
            return Outcome(ok=True, data=body["data"])
        return Outcome.error(body["error"]["code"], body["error"]["message"])

    async def add(self, **channel: Any) -> Outcome:
        return await self._call("POST", "/api/notifications/channels", json=channel)

    async def remove(self, channel_id: str) -> Outcome:
        return await self._call("DELETE", f"/api/notifications/channels/{channel_id}")

    async def test(self, channel_id: str | None = None) -> Outcome:
        return await self._call(
            "POST", "/api/notifications/test", json={"id": channel_id}
        )

    async def list(self) -> Outcome:
        return await self._call("GET", "/api/notifications/channels")


class GraphQL:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def _call(self, document: str, field: str, **variables: Any) -> Outcome:
        response = await self.client.post(
            "/graphql", json={"query": document, "variables": variables}
        )
        body = response.json()
        assert "errors" not in body, body
        data = body["data"][field]
        if isinstance(data, dict) and "code" in data:
            return Outcome.error(data["code"], data["message"])
        if isinstance(data, dict) and "channels" in data:
            data = data["channels"]
        return Outcome(ok=True, data=lower_enums(snake(data)))

    async def add(self, **channel: Any) -> Outcome:
        camel = {
            "".join(w.capitalize() if i else w for i, w in enumerate(k.split("_"))): v
            for k, v in channel.items()
        }
        if "events" in camel:
            camel["events"] = [e.upper() for e in camel["events"]]
        if camel.get("minChange"):
            camel["minChange"] = camel["minChange"].upper()
        return await self._call(ADD, "addNotificationChannel", input=camel)

    async def remove(self, channel_id: str) -> Outcome:
        return await self._call(REMOVE, "removeNotificationChannel", id=channel_id)

    async def test(self, channel_id: str | None = None) -> Outcome:
        return await self._call(TEST, "sendTestNotification", id=channel_id)

    async def list(self) -> Outcome:
        return await self._call(LIST, "notificationChannels")


@pytest.fixture(params=["rest", "graphql"])
async def api(request, settings_factory):
    with receiver() as rx:
        settings = settings_factory(
            notify_urls=f"json://user:envtoken@{rx.url}/env",
        )
        async with (
            live_server(settings) as live,
            httpx.AsyncClient(base_url=live.url, timeout=60) as client,
        ):
            edge = Rest(client) if request.param == "rest" else GraphQL(client)
            yield edge, rx


async def test_channel_lifecycle_is_the_same_on_both_edges(api):
    edge, rx = api
    added = await edge.add(
        name="phone",
        url=f"json://{rx.url}/phone?token=abc",
        events=["updates_found", "operation_finished"],
        min_change="minor",
        exclude_stacks=["lab"],
        title_template="[$count] $summary",
    )
    assert added.ok, added
    channel = added.data
    assert channel["id"].startswith("ch_")
    assert channel["url"] == "json://********"
    assert channel["kind"] == "apprise"
    assert channel["source"] == "api"
    assert channel["events"] == ["updates_found", "operation_finished"]
    assert channel["min_change"] == "minor"
    assert channel["exclude_stacks"] == ["lab"]
    assert channel["last_delivery"] is None

    listed = await edge.list()
    assert [c["name"] for c in listed.data] == ["NOTIFY_URLS #1", "phone"]
    assert "envtoken" not in str(listed.data)

    tested = await edge.test(channel["id"])
    [result] = tested.data
    assert result["last_delivery"]["outcome"] == "success"
    assert result["last_delivery"]["event"] == "test"
    [sent] = [r for r in rx.requests if r.path.startswith("/phone")]
    assert sent.json()["title"] == "[0] test notification: this channel works"

    removed = await edge.remove(channel["id"])
    assert removed.ok
    assert removed.data["name"] == "phone"
    assert [c["name"] for c in (await edge.list()).data] == ["NOTIFY_URLS #1"]


async def test_refusals_are_the_same_on_both_edges(api):
    edge, rx = api
    bad_url = await edge.add(name="x", url="nosuch://token@somewhere")
    assert bad_url == Outcome.error(
        "BAD_REQUEST",
        "url nosuch://******** is not a URL Apprise can send to (unknown service "
        "or missing parts; see the Apprise wiki for its form)",
    )
    bad_stack = await edge.add(
        name="x", url=f"json://{rx.url}/x", include_stacks=["no spaces"]
    )
    assert bad_stack.code == "BAD_REQUEST"
    assert "includeStacks" in bad_stack.message
    assert (await edge.add(name="dup", url=f"json://{rx.url}/a")).ok
    assert await edge.add(name="dup", url=f"json://{rx.url}/b") == Outcome.error(
        "CONFLICT", "a channel named dup already exists"
    )
    assert await edge.remove("ch_missing") == Outcome.error(
        "NOT_FOUND", "no notification channel ch_missing"
    )
    assert await edge.remove("env-1") == Outcome.error(
        "CONFLICT",
        "channel NOTIFY_URLS #1 comes from the environment; remove it there and restart",
    )
    assert await edge.test("ch_missing") == Outcome.error(
        "NOT_FOUND", "no notification channel ch_missing"
    )
