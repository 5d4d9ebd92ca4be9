"""Local users over the API (admin scope): add, list, change a password
(which ends that user's sessions), remove (which ends their sessions and
revokes the tokens they made); the rules that keep an admin from locking
themselves out, ADMIN_PASSWORD_HASH's user left to its setting, and the
same refusals over REST and GraphQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from services.auth.modes import AuthMode
from services.auth.passwords import Passwords
from services.auth.principal import Scope
from tests.support.server import live_server, no_engine_settings

ALICE = "alice's long password"
BOB = "bob's first password"

SET = """mutation($input: SetUserPasswordInput!) { setUserPassword(input: $input) {
  __typename ... on UserPasswordSet { name created }
  ... on UserError { message code } } }"""
DELETE = """mutation($name: String!) { deleteUser(input: {name: $name}) {
  __typename ... on DeletedUser { name revokedTokens }
  ... on UserError { message code } } }"""


@pytest.fixture(scope="module")
async def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("users")
    settings = no_engine_settings(
        root,
        auth=AuthMode.LOCAL,
        admin_user="root-admin",
        admin_password_hash=Passwords().hash("the environment's password"),
    )
    async with live_server(settings) as live:
        await live.ctx.auth.set_password("alice", ALICE)
        yield live


@asynccontextmanager
async def signed_in(live, name: str, password: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
        answer = await client.post(
            "/api/auth/login", json={"name": name, "password": password}
        )
        assert answer.status_code == 200, answer.text
        client.headers["X-CSRF-Token"] = answer.json()["data"]["csrf_token"]
        yield client


async def _gql(client: httpx.AsyncClient, query: str, **variables) -> dict:
    answer = await client.post(
        "/graphql", json={"query": query, "variables": variables}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert "errors" not in body, body
    return body["data"]


async def _names(live) -> list[str]:
    return [u.name for u in await live.ctx.auth.local_users.list()]


async def test_an_admin_adds_changes_and_removes_a_user(server):
    async with signed_in(server, "alice", ALICE) as alice:
        made = await alice.put("/api/users/bob", json={"password": BOB})
        assert made.status_code == 200, made.text
        assert made.json()["data"] == {"name": "bob", "created": True}
        listed = (await alice.get("/api/users")).json()["data"]
        assert {"name": "bob", "from_setting": False} in listed

        async with signed_in(server, "bob", BOB) as bob:
            assert (await bob.get("/api/users")).status_code == 200
            # A new password ends bob's sessions.
            changed = await alice.put(
                "/api/users/bob", json={"password": "bob's second password"}
            )
            assert changed.json()["data"] == {"name": "bob", "created": False}
            ended = await bob.get("/api/users")
            assert ended.status_code == 401
            assert ended.json()["error"]["code"] == "UNAUTHENTICATED"

    async with httpx.AsyncClient(base_url=server.url, timeout=60) as stranger:
        old = await stranger.post(
            "/api/auth/login", json={"name": "bob", "password": BOB}
        )
        assert old.status_code == 401


async def test_removing_a_user_ends_their_sessions_and_revokes_their_tokens(server):
    await server.ctx.auth.set_password("carol", "carol's password")
    kept = await server.ctx.auth.tokens.create(
        name="alices", scope=Scope.READ, created_by="alice"
    )
    async with signed_in(server, "carol", "carol's password") as carol:
        made = await carol.post(
            "/api/tokens", json={"name": "carols-ci", "scope": "operate"}
        )
        assert made.status_code == 200, made.text
        token = {"Authorization": f"Bearer {made.json()['data']['token']}"}
        assert (await carol.get("/api/status", headers=token)).status_code == 200

        async with signed_in(server, "alice", ALICE) as alice:
            data = await _gql(alice, DELETE, name="carol")
        assert data["deleteUser"] == {
            "__typename": "DeletedUser",
            "name": "carol",
            "revokedTokens": ["carols-ci"],
        }
        assert (await carol.get("/api/users")).status_code == 401
        revoked = await carol.get("/api/status", headers=token)
        assert revoked.status_code == 401
        assert revoked.json()["error"]["code"] == "UNAUTHENTICATED"
    # Tokens other people made are left alone.
    assert await server.ctx.auth.tokens.principal(kept.secret) is not None
    assert "carol" not in await _names(server)
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as stranger:
        login = await stranger.post(
            "/api/auth/login", json={"name": "carol", "password": "carol's password"}
        )
        assert login.status_code == 401


# (path name, body/variables password, status, code, words in the message)
REFUSALS = [
    ("dave", "short", 400, "BAD_REQUEST", "8 to 1024"),
    ("dave", "x" * 1025, 400, "BAD_REQUEST", "8 to 1024"),
    ("-dave", BOB, 400, "BAD_REQUEST", "user name"),
    ("auto", BOB, 400, "BAD_REQUEST", "reserved"),
    ("root-admin", BOB, 400, "BAD_REQUEST", "ADMIN_PASSWORD_HASH"),
]


@pytest.mark.parametrize(("name", "password", "status", "code", "words"), REFUSALS)
async def test_bad_passwords_and_names_are_refused_alike_by_rest_and_graphql(
    server, name, password, status, code, words
):
    async with signed_in(server, "alice", ALICE) as alice:
        rest = await alice.put(f"/api/users/{name}", json={"password": password})
        data = await _gql(alice, SET, input={"name": name, "password": password})
    assert rest.status_code == status, rest.text
    assert rest.json()["success"] is False
    error = rest.json()["error"]
    assert error["code"] == code
    assert words in error["message"]
    assert data["setUserPassword"] == {
        "__typename": "InvalidInputError",
        "message": error["message"],
        "code": code,
    }
    assert name not in await _names(server) or name == "root-admin"


DELETE_REFUSALS = [
    # An admin cannot lock themselves out by removing their own user...
    ("alice", 400, "BAD_REQUEST", "signed in as"),
    # ...ADMIN_PASSWORD_HASH's user is removed in that setting...
    ("root-admin", 400, "BAD_REQUEST", "ADMIN_PASSWORD_HASH"),
    ("nobody", 404, "NOT_FOUND", "no local user named 'nobody'"),
    ("no/such", 404, "NOT_FOUND", "no such API route"),
]


@pytest.mark.parametrize(("name", "status", "code", "words"), DELETE_REFUSALS)
async def test_removals_that_would_lock_out_or_miss_are_refused(
    server, name, status, code, words
):
    async with signed_in(server, "alice", ALICE) as alice:
        rest = await alice.delete(f"/api/users/{name}")
        assert rest.status_code == status, rest.text
        assert rest.json()["error"]["code"] == code
        assert words in rest.json()["error"]["message"]
        if "/" not in name:
            data = await _gql(alice, DELETE, name=name)
            assert data["deleteUser"]["message"] == rest.json()["error"]["message"]
        assert (await alice.get("/api/users")).status_code == 200
    assert "alice" in await _names(server)


async def test_the_list_shows_the_setting_user_read_only(server):
    async with signed_in(server, "root-admin", "the environment's password") as env:
        listed = (await env.get("/api/users")).json()["data"]
    assert {"name": "root-admin", "from_setting": True} in listed
    assert {"name": "alice", "from_setting": False} in listed
    assert [u["name"] for u in listed] == sorted(u["name"] for u in listed)


async def test_only_admins_manage_users(server):
    token = await server.ctx.auth.tokens.create(name="ops", scope=Scope.OPERATE)
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as script:
        answer = await script.put(
            "/api/users/mallory",
            json={"password": BOB},
            headers={"Authorization": f"Bearer {token.secret}"},
        )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "FORBIDDEN"
    assert "mallory" not in await _names(server)


async def test_a_sign_in_checked_against_an_old_password_gets_no_session(server):
    # given a sign-in whose password was right when it was checked
    auth = server.ctx.auth
    await auth.set_password("erin", "erin's first password")
    real_open = auth.sessions.open
    opened = []

    async def change_then_open(user: str, method: str):
        # when the password changes before its session is stored
        await auth.set_password("erin", "erin's second password")
        opened.append(await real_open(user, method))
        return opened[-1]

    auth.sessions.open = change_then_open
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
            answer = await client.post(
                "/api/auth/login",
                json={"name": "erin", "password": "erin's first password"},
            )
            # then it is refused and leaves no session behind
            assert answer.status_code == 401, answer.text
            assert "docksmith_session" not in client.cookies
    finally:
        auth.sessions.open = real_open
    assert len(opened) == 1
    assert await auth.sessions.find(opened[0].session) is None
