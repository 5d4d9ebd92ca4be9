"""The lifecycle's settings: SCRIPT_TIMEOUT and ALLOW_EXEC_ACTIONS."""

from __future__ import annotations

import pytest

from services.config import Settings, SettingsError


def test_defaults(monkeypatch):
    monkeypatch.delenv("SCRIPT_TIMEOUT", raising=False)
    monkeypatch.delenv("ALLOW_EXEC_ACTIONS", raising=False)
    settings = Settings(_env_file=None)
    assert settings.script_timeout.total_seconds() == 60
    assert settings.allow_exec_actions is False


def test_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("SCRIPT_TIMEOUT", "1m30s")
    monkeypatch.setenv("ALLOW_EXEC_ACTIONS", "true")
    settings = Settings(_env_file=None)
    assert settings.script_timeout.total_seconds() == 90
    assert settings.allow_exec_actions is True


@pytest.mark.parametrize("bad", ["0", "soon", "-5s"])
def test_timeout_must_be_a_positive_duration(monkeypatch, bad):
    monkeypatch.setenv("SCRIPT_TIMEOUT", bad)
    with pytest.raises(SettingsError):
        Settings(_env_file=None)
