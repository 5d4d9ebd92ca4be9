"""Off loopback without authentication the server refuses to start, before
it binds, naming the settings; AUTH=none starts with a warning."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from services.auth.modes import AuthMode
from services.auth.startup import UnsafeListenError, check_startup
from services.config import Settings
from tests.support.db import seed_migrated_sqlite

# A hash for the password "correct horse battery" (not used to sign in here).
HASH = "$argon2id$v=19$m=65536,t=3,p=4$ucyAIkHkmCoC2b6u0hZDNA$Kqioo2vFt2HaC7tlm3BSH+DY+LPdDLO5O4H+4uGZJ+U"


def _serve(tmp_path, port: int, **env: str) -> subprocess.CompletedProcess[str]:
    seed_migrated_sqlite(tmp_path / "d.db")
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"AUTH", "ADMIN_PASSWORD_HASH", "OIDC_ISSUER"}
    }
    return subprocess.run(
        [sys.executable, "-m", "rest.cli", "serve", "--port", str(port)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={
            **base,
            "DB_PATH": str(tmp_path / "d.db"),
            "DOCKER_HOST": f"unix://{tmp_path}/none.sock",
            **env,
        },
    )


@pytest.fixture
def taken_port():
    """A port held on 127.0.0.1: binding it on 0.0.0.0 fails, so a server
    that got as far as binding says so, and one refused before does not."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_refuses_off_loopback_without_auth_before_binding(tmp_path, taken_port):
    result = _serve(tmp_path, taken_port, HOST="0.0.0.0")
    assert result.returncode == 2, result.stderr
    err = " ".join(result.stderr.split())
    assert "refusing to listen on 0.0.0.0 without authentication" in err
    for setting in (
        "ADMIN_PASSWORD_HASH",
        "AUTH=proxy",
        "TRUSTED_PROXIES",
        "OIDC_ISSUER",
        "AUTH=none",
    ):
        assert setting in err
    assert "already in use" not in err


@pytest.mark.parametrize(
    "env",
    [{"AUTH": "none"}, {"ADMIN_PASSWORD_HASH": HASH}],
    ids=["auth-none", "password"],
)
def test_allowed_off_loopback_with_auth_or_explicit_none(tmp_path, taken_port, env):
    result = _serve(tmp_path, taken_port, HOST="0.0.0.0", **env)
    err = " ".join(result.stderr.split())
    # It got as far as the port (the held port stops it there).
    assert f"port {taken_port} on 0.0.0.0 is already in use" in err, err
    assert "refusing to listen" not in err
    warned = "AUTH=none: authentication is off" in err
    assert warned == ("AUTH" in env)


def _settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_loopback_needs_no_auth(host):
    assert not check_startup(_settings(host=host)).enabled


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "docksmith.lan"])
def test_every_other_address_needs_auth(host):
    with pytest.raises(UnsafeListenError, match="AUTH=none"):
        check_startup(_settings(host=host))


def test_auth_modes_that_need_more_settings_say_which():
    with pytest.raises(UnsafeListenError, match="TRUSTED_PROXIES"):
        check_startup(_settings(auth=AuthMode.PROXY))
    with pytest.raises(UnsafeListenError, match="OIDC_ISSUER"):
        check_startup(_settings(auth=AuthMode.OIDC))
    plan = check_startup(
        _settings(host="0.0.0.0", auth=AuthMode.PROXY, trusted_proxies="10.0.0.0/8")
    )
    assert plan.mode is AuthMode.PROXY


def test_the_mode_follows_what_is_configured():
    assert check_startup(_settings(admin_password_hash=HASH)).mode is AuthMode.LOCAL
    assert (
        check_startup(
            _settings(oidc_issuer="http://127.0.0.1:1", oidc_client_id="x")
        ).mode
        is AuthMode.OIDC
    )
