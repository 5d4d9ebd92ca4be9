"""Docker config parsing and credential helpers (a real helper script on PATH)."""

from __future__ import annotations

import base64
import json
import os
import stat

import pytest

from services.registry.credentials import (
    CredentialStore,
    registries_in_use,
    registry_key,
)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _write_config(tmp_path, data) -> os.PathLike[str]:
    path = tmp_path / "docker" / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return path


def _helper(bin_dir, name: str, body: str) -> None:
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / f"docker-credential-{name}"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


@pytest.mark.parametrize(
    ("key", "host"),
    [
        ("https://index.docker.io/v1/", "docker.io"),
        ("registry-1.docker.io", "docker.io"),
        ("ghcr.io", "ghcr.io"),
        ("https://ghcr.io", "ghcr.io"),
        ("http://127.0.0.1:5000/v2/", "127.0.0.1:5000"),
    ],
)
def test_registry_key_normalises_config_keys(key, host):
    assert registry_key(key) == host


async def test_auths_base64_identitytoken_and_plain(tmp_path):
    path = _write_config(
        tmp_path,
        {
            "auths": {
                "https://index.docker.io/v1/": {"auth": _b64("hubuser:hubpass")},
                "quay.io": {"auth": _b64("robot:x"), "identitytoken": "refresh-123"},
                "plain.example:5000": {"username": "u", "password": "p"},
                "broken.example": {"auth": "%%%"},
                "empty.example": {},
            }
        },
    )
    store = CredentialStore(path)

    hub = await store.lookup("docker.io")
    quay = await store.lookup("quay.io")
    plain = await store.lookup("plain.example:5000")

    assert (hub.username, hub.secret) == ("hubuser", "hubpass")  # type: ignore[union-attr]
    assert quay.is_identity_token
    assert quay.secret == "refresh-123"
    assert (plain.username, plain.secret) == ("u", "p")  # type: ignore[union-attr]
    assert await store.lookup("broken.example") is None
    assert await store.lookup("empty.example") is None
    assert await store.lookup("elsewhere.example") is None
    assert "hubpass" not in repr(hub)


async def test_cred_helper_runs_with_server_url_on_stdin(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    seen = tmp_path / "seen.txt"
    _write_config(tmp_path, {"credHelpers": {"private.example": "test"}})
    _helper(
        bin_dir,
        "test",
        f'[ "$1" = get ] || exit 3\nread server\necho "$server" >> {seen}\n'
        'printf \'{"ServerURL":"%s","Username":"helper-user","Secret":"helper-secret"}\' "$server"\n',
    )
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    store = CredentialStore(tmp_path / "docker" / "config.json")

    first = await store.lookup("private.example")
    second = await store.lookup("private.example")

    assert first is not None
    assert (first.username, first.secret) == ("helper-user", "helper-secret")
    assert first.source == "helper:test"
    assert second == first
    assert seen.read_text().split() == ["private.example"]  # asked once


async def test_creds_store_covers_hub_with_index_url_and_token_user(
    tmp_path, monkeypatch
):
    bin_dir = tmp_path / "bin"
    _write_config(tmp_path, {"credsStore": "test", "auths": {"other.example": {}}})
    _helper(
        bin_dir,
        "test",
        'read server\nif [ "$server" = "https://index.docker.io/v1/" ]; then\n'
        '  echo \'{"Username":"<token>","Secret":"hub-identity"}\'; exit 0\nfi\n'
        "echo 'credentials not found in native keychain'; exit 1\n",
    )
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    store = CredentialStore(tmp_path / "docker" / "config.json")

    hub = await store.lookup("docker.io")

    assert hub is not None
    assert hub.is_identity_token
    assert hub.secret == "hub-identity"
    assert await store.lookup("other.example") is None


async def test_hanging_helper_times_out(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    _write_config(tmp_path, {"credHelpers": {"slow.example": "test"}})
    _helper(bin_dir, "test", "exec sleep 30\n")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    store = CredentialStore(tmp_path / "docker" / "config.json", helper_timeout=0.3)

    assert await store.lookup("slow.example") is None


async def test_missing_helper_means_anonymous(tmp_path, monkeypatch):
    _write_config(tmp_path, {"credHelpers": {"x.example": "absent-helper-name"}})
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    store = CredentialStore(tmp_path / "docker" / "config.json")

    assert await store.lookup("x.example") is None


async def test_github_token_wins_for_ghcr_only(tmp_path):
    path = _write_config(
        tmp_path, {"auths": {"ghcr.io": {"auth": _b64("me:config-pat")}}}
    )
    with_token = CredentialStore(path, github_token="ghp_env")
    without = CredentialStore(path)

    assert (await with_token.lookup("ghcr.io")).secret == "ghp_env"  # type: ignore[union-attr]
    assert (await without.lookup("ghcr.io")).secret == "config-pat"  # type: ignore[union-attr]
    assert await with_token.lookup("docker.io") is None


def test_describe_names_registries_but_never_secrets(tmp_path):
    path = _write_config(
        tmp_path,
        {
            "auths": {
                "https://index.docker.io/v1/": {"auth": _b64("hubuser:hubpass")},
                "quay.io": {"identitytoken": "refresh-123"},
            },
            "credHelpers": {"123.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"},
            "credsStore": "desktop",
        },
    )
    summary = CredentialStore(path, github_token="ghp_env").describe()

    assert summary.config_path == str(path)
    assert summary.config_found
    assert summary.registries == [
        "123.dkr.ecr.eu-west-1.amazonaws.com",
        "docker.io",
        "ghcr.io",
        "quay.io",
    ]
    assert summary.cred_helpers == {"123.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"}
    assert summary.creds_store == "desktop"
    assert summary.github_token is True
    text = repr(summary)
    for secret in ("hubpass", "refresh-123", "ghp_env", _b64("hubuser:hubpass")):
        assert secret not in text


def test_unreadable_config_is_reported_without_content(tmp_path):
    path = tmp_path / "config.json"
    path.write_text('{"auths": {"x": {"auth": "c2VjcmV0"}')  # truncated JSON

    summary = CredentialStore(path).describe()

    assert summary.config_found is False
    assert summary.error is not None
    assert "c2VjcmV0" not in summary.error
    assert CredentialStore(tmp_path / "missing.json").describe().config_found is False


async def test_registries_in_use_say_where_credentials_come_from_never_what(tmp_path):
    path = _write_config(
        tmp_path,
        {"auths": {"127.0.0.1:5000": {"auth": _b64("ci:s3cret-pass")}}},
    )
    store = CredentialStore(path, github_token="ghp_token_value")
    uses = await registries_in_use(
        [
            ("web", "127.0.0.1:5000/team/web:1.2"),
            ("api", "127.0.0.1:5000/team/api:3"),
            ("cache", "redis:7"),
            ("tool", "ghcr.io/acme/tool:latest"),
            ("odd", "UPPER/case:bad"),
        ],
        store,
    )
    assert [(u.registry, u.containers, u.credential_source) for u in uses] == [
        ("127.0.0.1:5000", ("api", "web"), "config"),
        ("docker.io", ("cache",), None),
        ("ghcr.io", ("tool",), "GITHUB_TOKEN"),
    ]
    assert [u.credentials_found for u in uses] == [True, False, True]
    assert "s3cret" not in repr(uses)
    assert "ghp_" not in repr(uses)
