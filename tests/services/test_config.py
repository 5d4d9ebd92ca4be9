from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from services.config import (
    Settings,
    describe_settings_error,
    format_go_duration,
    parse_go_duration,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("5m", 300),
        ("1h", 3600),
        ("1h30m", 5400),
        ("1h0m0s", 3600),
        ("250ms", 0.25),
        ("1.5h", 5400),
        ("0", 0),
        ("2h45m30s", 9930),
    ],
)
def test_go_durations_parse(text, seconds):
    assert parse_go_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "5", "5x", "m5", "1h 30m", "-5m", "five minutes"])
def test_bad_go_durations_are_rejected(text):
    with pytest.raises(ValueError, match="Go-style duration"):
        parse_go_duration(text)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (300, "5m0s"),
        (3600, "1h0m0s"),
        (5400, "1h30m0s"),
        (30, "30s"),
        (0, "0s"),
        (0.5, "500ms"),
    ],
)
def test_durations_format_like_go(seconds, text):
    assert format_go_duration(timedelta(seconds=seconds)) == text


def test_defaults_match_the_original(monkeypatch):
    for var in (
        "PORT",
        "HOST",
        "DB_PATH",
        "CHECK_INTERVAL",
        "CACHE_TTL",
        "SCRIPTS_DIR",
        "DATABASE_URL",
        "LOG_LEVEL",
        "DOCKER_HOST",
    ):
        monkeypatch.delenv(var, raising=False)
    settings = Settings(_env_file=None)
    assert settings.port == 3000
    assert settings.host == "127.0.0.1"
    assert str(settings.db_path) == "data/docksmith.db"
    assert settings.check_interval == timedelta(minutes=5)
    assert settings.cache_ttl == timedelta(hours=1)
    assert str(settings.scripts_dir) == "/scripts"
    assert settings.storage_url == "sqlite://data/docksmith.db"


def test_environment_is_read(monkeypatch):
    monkeypatch.setenv("PORT", "8080")
    monkeypatch.setenv("CHECK_INTERVAL", "1h30m")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@127.0.0.1:5432/docksmith")
    monkeypatch.setenv("INSECURE_REGISTRIES", "registry.lan:5000, nas:5000")
    monkeypatch.setenv("STREAM_RECHECK_INTERVAL", "2m")
    settings = Settings(_env_file=None)
    assert settings.stream_recheck_interval == timedelta(minutes=2)
    assert settings.port == 8080
    assert settings.check_interval == timedelta(hours=1, minutes=30)
    assert settings.log_level == "DEBUG"
    assert "ghp_secret" not in repr(settings)
    assert settings.storage_url == "postgres://u:p@127.0.0.1:5432/docksmith"
    assert settings.insecure_registry_hosts == {"registry.lan:5000", "nas:5000"}


@pytest.mark.parametrize(
    ("var", "value", "message"),
    [
        (
            "CHECK_INTERVAL",
            "5x",
            "CHECK_INTERVAL='5x' is invalid: expected a Go-style duration",
        ),
        ("CACHE_TTL", "0s", "CACHE_TTL='0s' is invalid: expected a Go-style duration"),
        (
            "STREAM_RECHECK_INTERVAL",
            "0s",
            "STREAM_RECHECK_INTERVAL='0s' is invalid: expected a Go-style duration",
        ),
        ("PORT", "http", "PORT='http' is invalid: expected a TCP port number"),
        ("PORT", "70000", "PORT='70000' is invalid: expected a TCP port number"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL='LOUD' is invalid: expected one of DEBUG"),
        (
            "DATABASE_URL",
            "mysql://x",
            "DATABASE_URL='mysql://x' is invalid: expected a postgres://",
        ),
        *(
            (
                "REGISTRY_CONCURRENCY",
                bad,
                f"REGISTRY_CONCURRENCY={bad!r} is invalid: expected a number of "
                "requests per registry host",
            )
            for bad in ("0", "many", "8,9", "ghcr.io=", "=4", "ghcr.io=300")
        ),
    ],
)
def test_bad_values_name_the_variable_and_the_form(monkeypatch, var, value, message):
    monkeypatch.setenv(var, value)
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)
    assert message in describe_settings_error(caught.value)


def test_registry_concurrency_keeps_docker_hub_polite(monkeypatch):
    assert Settings(_env_file=None).registry_limits.default == 32
    assert Settings(_env_file=None).registry_limits.per_host == {"docker.io": 8}
    monkeypatch.setenv("REGISTRY_CONCURRENCY", "16, ghcr.io=4")
    limits = Settings(_env_file=None).registry_limits
    assert (limits.default, limits.per_host) == (16, {"docker.io": 8, "ghcr.io": 4})
    monkeypatch.setenv("REGISTRY_CONCURRENCY", "docker.io=2")
    limits = Settings(_env_file=None).registry_limits
    assert (limits.default, limits.per_host) == (32, {"docker.io": 2})
