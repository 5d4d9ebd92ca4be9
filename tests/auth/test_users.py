"""Local users over the API (admin scope): add, list, change a password
(which ends that user's sessions), remove; the rules that keep an admin from
locking themselves out, and ADMIN_PASSWORD_HASH's user left to its setting."""

from __future__ import annotations

import httpx
import pytest

from services.auth.modes import AuthMode
from services.auth.passwords import Passwords
from services.auth.principal import Scope
from services.config import Settings
from tests.support.server import live_server

ALICE = "alice's long password"
BOB = "bob's first password"


@pytest.fixture(scope="module")
async def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("users")
    settings = Settings(
        _env_file=None,
        db_path=root / "d.db",
        docker_host=f"unix://{root}/no-docker.sock",
        scripts_dir=root / "scripts",
        auth=AuthMode.LOCAL,
        admin_user="root-admin",
        admin_password_hash=Passwords().hash("the environment's password"),
    )
    async with live_server(settings) as live:
        await live.ctx.auth.set_password("alice", ALICE)
        yield live


async def _signed_in(live, name: str, password: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=live.url, timeout=60)
    answer = await client.post(
        "/api/auth/login", json={"name": name, "password": password}
    )
    assert answer.status_code == 200, answer.text
    client.headers["X-CSRF-Token"] = answer.json()["data"]["csrf_token"]
    return client


async def test_an_admin_adds_changes_and_removes_a_user(server):
    alice = await _signed_in(server, "alice", ALICE)
    async with alice:
        made = await alice.put("/api/users/bob", json={"password": BOB})
        assert made.status_code == 200, made.text
        assert made.json()["data"] == {"name": "bob", "created": True}
        listed = await alice.get("/api/users")
        assert {"name": "bob"} in listed.json()["data"]

        bob = await _signed_in(server, "bob", BOB)
        async with bob:
            assert (await bob.get("/api/users")).status_code == 200
            # A new password ends bob's sessions.
            changed = await alice.put(
                "/api/users/bob", json={"password": "bob's second password"}
            )
            assert changed.json()["data"] == {"name": "bob", "created": False}
            assert (await bob.get("/api/users")).status_code == 401

        # The same over GraphQL, then bob is gone for good.
        gql = await alice.post(
            "/graphql",
            json={
                "query": 'mutation { deleteUser(input: {name: "bob"}) '
                "{ __typename ... on DeletedUser { name } } }"
            },
        )
        assert gql.json()["data"]["deleteUser"] == {
            "__typename": "DeletedUser",
            "name": "bob",
        }
        again = await alice.delete("/api/users/bob")
        assert again.status_code == 404
        assert again.json()["error"]["code"] == "NOT_FOUND"
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as stranger:
        login = await stranger.post(
            "/api/auth/login",
            json={"name": "bob", "password": "bob's second password"},
        )
        assert login.status_code == 401


async def test_bad_input_is_refused_and_changes_nothing(server):
    alice = await _signed_in(server, "alice", ALICE)
    async with alice:
        short = await alice.put("/api/users/carol", json={"password": "short"})
        assert short.status_code == 400
        assert "8 to 1024" in short.json()["error"]["message"]
        bad = await alice.put("/api/users/-carol", json={"password": BOB})
        assert bad.status_code == 400
        assert "user name" in bad.json()["error"]["message"]
        # An admin cannot lock themselves out by removing their own user...
        own = await alice.delete("/api/users/alice")
        assert own.status_code == 400
        assert "signed in as" in own.json()["error"]["message"]
        # ...and ADMIN_PASSWORD_HASH's user is changed in that setting.
        env = await alice.put("/api/users/root-admin", json={"password": BOB})
        assert env.status_code == 400
        assert "ADMIN_PASSWORD_HASH" in env.json()["error"]["message"]
        names = [u["name"] for u in (await alice.get("/api/users")).json()["data"]]
        assert names == ["alice"]


async def test_only_admins_manage_users(server):
    token = await server.ctx.auth.tokens.create(name="ops", scope=Scope.OPERATE)
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as script:
        answer = await script.put(
            "/api/users/mallory",
            json={"password": BOB},
            headers={"Authorization": f"Bearer {token.secret}"},
        )
    assert answer.status_code == 403
    assert "mallory" not in await server.ctx.auth.users.names()
