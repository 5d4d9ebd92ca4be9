"""`docksmith user ...` and `docksmith token ...` against the server's
database: passwords from stdin, tokens shown once."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from services.auth.modes import AuthMode
from services.config import Settings
from tests.support.server import live_server


def _docksmith(
    tmp_path, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DB_PATH": str(tmp_path / "d.db"),
        "DOCKER_HOST": f"unix://{tmp_path}/none.sock",
    }
    return subprocess.run(
        [sys.executable, "-m", "rest.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_user_hash_prints_an_argon2id_hash_of_stdin(tmp_path):
    result = _docksmith(tmp_path, "user", "hash", stdin="long enough password\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("$argon2id$")
    assert "long enough password" not in result.stdout + result.stderr
    short = _docksmith(tmp_path, "user", "hash", stdin="short\n")
    assert short.returncode == 1
    assert "8 to 1024 characters" in short.stderr


@pytest.mark.parametrize("scope", ["read"])
async def test_users_and_tokens_from_the_cli_work_on_the_server(tmp_path, scope):
    made = _docksmith(
        tmp_path, "user", "set-password", "alice", stdin="alice's password\n"
    )
    assert made.returncode == 0, made.stderr
    assert "created user alice" in made.stderr
    token_run = _docksmith(tmp_path, "token", "create", "homepage", "--scope", scope)
    assert token_run.returncode == 0, token_run.stderr
    token = token_run.stdout.strip()
    assert token.startswith("dsk_")
    listed = _docksmith(tmp_path, "token", "list")
    assert "homepage" in listed.stdout
    assert token not in listed.stdout
    assert _docksmith(tmp_path, "user", "list").stdout.split() == ["alice"]

    settings = Settings(
        _env_file=None,
        db_path=tmp_path / "d.db",
        docker_host=f"unix://{tmp_path}/none.sock",
        auth=AuthMode.LOCAL,
    )
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=60) as client,
    ):
        login = await client.post(
            "/api/auth/login", json={"name": "alice", "password": "alice's password"}
        )
        assert login.status_code == 200
        bearer = {"Authorization": f"Bearer {token}"}
        assert (await client.get("/api/status", headers=bearer)).status_code == 200
        # Revoked from the CLI while the server runs: refused at once.
        revoked = _docksmith(tmp_path, "token", "revoke", "homepage")
        assert revoked.returncode == 0, revoked.stderr
        assert (await client.get("/api/status", headers=bearer)).status_code == 401
        # A new password ends the user's sessions.
        again = _docksmith(
            tmp_path, "user", "set-password", "alice", stdin="another password\n"
        )
        assert "updated user alice" in again.stderr
        assert (await client.get("/api/status")).status_code == 401

    unknown = _docksmith(tmp_path, "token", "revoke", "nope")
    assert unknown.returncode == 1
    assert "no API token named 'nope'" in unknown.stderr
