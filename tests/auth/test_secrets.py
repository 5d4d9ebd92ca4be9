"""After a scenario that signs in, fails to sign in, makes, uses and revokes
tokens and opens SSE tickets, no password, password hash or API token
appears in any response (beyond the one answer that shows a new token),
log line or event."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest

from services.auth.modes import AuthMode
from services.auth.passwords import Passwords
from tests.support.server import live_server, no_engine_settings

ADMIN_PASSWORD = "admin password one"
USER_PASSWORD = "alice password two"


@pytest.fixture
async def server(tmp_path):
    admin_hash = Passwords().hash(ADMIN_PASSWORD)
    settings = no_engine_settings(
        tmp_path,
        auth=AuthMode.LOCAL,
        admin_password_hash=admin_hash,
    )
    async with live_server(settings) as live:
        yield live, admin_hash


async def test_no_secret_in_any_answer_log_or_event(server, caplog):
    live, admin_hash = server
    caplog.set_level(logging.DEBUG)
    events: list[str] = []

    async def watch() -> None:
        async with live.ctx.events.subscribe(None) as stream:
            async for event in stream:
                events.append(json.dumps(dict(event.payload), default=str))

    watcher = asyncio.create_task(watch())
    await live.ctx.auth.set_password("alice", USER_PASSWORD)
    user_hash = (await live.ctx.repos.users.get("alice")).password_hash
    seen: list[str] = []
    shown_once: list[str] = []

    def record(response: httpx.Response, *, shows_token: bool = False) -> None:
        headers = {
            k: v for k, v in response.headers.items() if k.lower() != "set-cookie"
        }
        text = f"{response.status_code} {headers} {response.text}"
        (shown_once if shows_token else seen).append(text)

    async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
        for name, password in (("alice", "nope nope nope"), ("admin", USER_PASSWORD)):
            record(
                await client.post(
                    "/api/auth/login", json={"name": name, "password": password}
                )
            )
        login = await client.post(
            "/api/auth/login", json={"name": "admin", "password": ADMIN_PASSWORD}
        )
        record(login)
        csrf = {"X-CSRF-Token": login.json()["data"]["csrf_token"]}
        made = await client.post(
            "/api/tokens", json={"name": "ci", "scope": "operate"}, headers=csrf
        )
        record(made, shows_token=True)
        token = made.json()["data"]["token"]
        gql = await client.post(
            "/graphql",
            json={
                "query": 'mutation { createApiToken(input: {name: "dash", scope: READ})'
                " { ... on CreatedApiToken { token } } }"
            },
            headers=csrf,
        )
        record(gql, shows_token=True)
        gql_token = gql.json()["data"]["createApiToken"]["token"]
        record(await client.get("/api/tokens"))
        record(
            await client.post(
                "/graphql",
                json={
                    "query": "{ apiTokens { name scope createdBy } viewer { name } }"
                },
            )
        )
        client.cookies.clear()
        bearer = {"Authorization": f"Bearer {token}"}
        record(await client.get("/api/status", headers=bearer))
        ticket = await client.post("/api/auth/ticket", headers=bearer)
        record(ticket)
        async with client.stream(
            "GET", f"/api/events?ticket={ticket.json()['data']['ticket']}"
        ) as stream:
            assert stream.status_code == 200
            seen.append(f"{stream.status_code} {dict(stream.headers)}")
        record(await client.get("/api/auth/session", headers=bearer))
        record(
            await client.get(
                "/api/status", headers={"Authorization": f"Bearer {token}x"}
            )
        )
        record(
            await client.delete(
                "/api/tokens/ci", headers={"Authorization": f"Bearer {gql_token}"}
            )
        )
        record(await client.get("/api/status", headers=bearer))

    watcher.cancel()
    # The test's own HTTP client logs what it sends and receives (httpcore,
    # httpx); the server talks to no registry in this scenario.
    logs = [
        f"{r.name}: {r.getMessage()} {r.exc_text or ''}"
        for r in caplog.records
        if not r.name.startswith(("httpcore", "httpx"))
    ]
    secrets = {
        "admin password": ADMIN_PASSWORD,
        "user password": USER_PASSWORD,
        "admin hash": admin_hash,
        "user hash": user_hash,
        "hash body": admin_hash.rsplit("$", 1)[1],
        "token": token,
        "graphql token": gql_token,
        "session cookie": login.cookies["docksmith_session"],
    }
    assert len(seen) > 10
    assert logs
    for where, texts in (("answer", seen), ("log", logs), ("event", events)):
        for text in texts:
            for what, secret in secrets.items():
                assert secret not in text, f"{what} in a {where}: {text[:300]}"
    # The answers that show a new token show only that one.
    for text in shown_once:
        for what in ("admin password", "user password", "admin hash", "user hash"):
            assert secrets[what] not in text
