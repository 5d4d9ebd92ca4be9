from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import timedelta
from pathlib import Path

import pytest

from services.config import (
    SecretStr,
    Settings,
    SettingsError,
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


# Arabic-Indic, fullwidth and Devanagari five.
FIVES = ("\u0665", "\uff15", "\u096b")


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
            for bad in (
                *("0", "many", "8,9", "ghcr.io=", "=4", "ghcr.io=300"),
                *FIVES,
                "ghcr.io=\u00b2",  # a superscript two passes isdigit()
            )
        ),
        # int(), float() and \d read other scripts' digits as ours.
        *(("PORT", v, f"PORT={v!r} is invalid: expected a TCP port") for v in FIVES),
        *(
            ("CHECK_INTERVAL", v, f"CHECK_INTERVAL={v!r} is invalid: expected a Go")
            for v in (f"{five}m" for five in FIVES)
        ),
    ],
)
def test_bad_values_name_the_variable_and_the_form(monkeypatch, var, value, message):
    monkeypatch.setenv(var, value)
    with pytest.raises(SettingsError) as caught:
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


def test_every_refused_value_is_named_at_once(monkeypatch):
    monkeypatch.setenv("PORT", "0")
    monkeypatch.setenv("ALLOW_EXEC_ACTIONS", "perhaps")
    monkeypatch.setenv("AUTH", "ldap")
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, nowhere")
    with pytest.raises(SettingsError) as caught:
        Settings(_env_file=None)
    assert describe_settings_error(caught.value).splitlines() == [
        "PORT='0' is invalid: expected a TCP port number between 1 and 65535",
        "ALLOW_EXEC_ACTIONS='perhaps' is invalid: "
        "Input should be a valid boolean, unable to interpret input",
        "AUTH='ldap' is invalid: Input should be 'none', 'local', 'proxy' or 'oidc'",
        "TRUSTED_PROXIES='10.0.0.0/8, nowhere' is invalid: "
        "'nowhere' is not an IP address or CIDR such as 172.18.0.0/16",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("YES", True),
        ("1", True),
        ("on", True),
        ("f", False),
        ("0", False),
        # Padded like the numbers are (test below): a hand-written env file.
        (" true ", True),
        ("\tNo\n", False),
    ],
)
def test_switches_read_the_usual_words(monkeypatch, text, expected):
    monkeypatch.setenv("ALLOW_EXEC_ACTIONS", text)
    assert Settings(_env_file=None).allow_exec_actions is expected


def test_numbers_may_be_padded_and_empty_variables_count_as_unset(monkeypatch):
    monkeypatch.setenv("PORT", " 8080 ")
    monkeypatch.setenv("HOST", "")
    monkeypatch.setenv("check_interval", "2m")  # any case names the variable
    settings = Settings(_env_file=None)
    assert (settings.port, settings.host) == (8080, "127.0.0.1")
    assert settings.check_interval == timedelta(minutes=2)


def test_secrets_are_masked_everywhere_but_their_reader(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD_HASH", "$argon2id$v=19$secret")
    monkeypatch.setenv("NOTIFY_URLS", "ntfys://user:hunter2@ntfy.lan/topic")
    settings = Settings(_env_file=None, oidc_client_secret="client-secret")
    shown = f"{settings!r} {settings} {settings.notify_urls}"
    for secret in ("$argon2id$v=19$secret", "hunter2", "client-secret"):
        assert secret not in shown
    assert "SecretStr('**********')" in repr(settings)
    assert settings.admin_password_hash is not None
    assert settings.admin_password_hash.get_secret_value() == "$argon2id$v=19$secret"
    assert settings.oidc_client_secret == SecretStr("client-secret")


def test_a_refused_secret_is_not_echoed(monkeypatch):
    monkeypatch.setenv("PORT", "http")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret")
    with pytest.raises(SettingsError) as caught:
        Settings(_env_file=None)
    assert "ghp_secret" not in str(caught.value)
    assert "ghp_secret" not in repr(caught.value.problems)


def test_env_file_is_read_under_the_environment_and_the_arguments(
    tmp_path, monkeypatch
):
    for var in ("PORT", "HOST", "LOG_LEVEL", "ADMIN_PASSWORD_HASH", "SCRIPTS_DIR"):
        monkeypatch.delenv(var, raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# the compose file's variables live here too\n"
        "DOCKER_GID=998\n"
        "PORT=4000\n"
        "export HOST=0.0.0.0\n"
        "LOG_LEVEL=debug\n"
        "ADMIN_PASSWORD_HASH='$argon2id$v=19$m=65536,t=3,p=4$salt$hash'\n"
        "SCRIPTS_DIR=\n"
    )
    monkeypatch.setenv("HOST", "127.0.0.2")
    settings = Settings(_env_file=env_file, log_level="WARNING")
    assert settings.port == 4000
    assert settings.host == "127.0.0.2"
    assert settings.log_level == "WARNING"
    assert settings.admin_password_hash == SecretStr(
        "$argon2id$v=19$m=65536,t=3,p=4$salt$hash"
    )
    assert str(settings.scripts_dir) == "/scripts"
    monkeypatch.chdir(tmp_path)
    assert Settings().port == 4000
    assert Settings(_env_file=None).port == 3000


def test_arguments_take_typed_values_and_refuse_unknown_names():
    settings = Settings(
        _env_file=None,
        db_path=Path("/tmp/d.db"),
        check_interval=timedelta(seconds=90),
        static_dir=None,
        registry_max_tags=10,
    )
    assert settings.storage_url == "sqlite:///tmp/d.db"
    assert settings.check_interval == timedelta(seconds=90)
    with pytest.raises(TypeError, match="check_intervall"):
        Settings(_env_file=None, check_intervall="5m")


def test_settings_are_frozen():
    settings = Settings(_env_file=None)
    with pytest.raises(FrozenInstanceError):
        settings.port = 1  # type: ignore[misc]


def test_a_database_url_is_a_secret_in_the_settings_repr(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://docksmith:hunter2@db:5432/app")
    settings = Settings(_env_file=None)
    assert "hunter2" not in f"{settings!r} {settings}"
    assert settings.storage_url == "postgres://docksmith:hunter2@db:5432/app"


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("DATABASE_URL", "mysql://docksmith:hunter2@db/app"),
        # Refused for its password, which the refusal must not print.
        ("DOCKER_HOSTS", "nas=tcp://root:hunter2@nas.lan:2376"),
    ],
)
def test_a_refused_url_does_not_show_its_credentials(monkeypatch, var, value):
    monkeypatch.setenv(var, value)
    with pytest.raises(SettingsError) as caught:
        Settings(_env_file=None)
    shown = f"{caught.value} {caught.value.problems!r}"
    assert "hunter2" not in shown
    assert var in str(caught.value)
    assert "@" in str(caught.value)  # the rest of the URL still says which one


@pytest.mark.parametrize(
    ("var", "value", "named"),
    [
        # A bare name: no browser sends an Origin without its scheme.
        ("ALLOWED_ORIGINS", "https://ok.example, dash.example", "'dash.example'"),
        ("ALLOWED_ORIGINS", "null", "'null'"),
        ("ALLOWED_ORIGINS", "ftp://files.example", "'ftp://files.example'"),
        # A Host header never carries a scheme or a path.
        ("ALLOWED_HOSTS", "https://docksmith.lan", "'https://docksmith.lan'"),
        ("ALLOWED_HOSTS", "ok.lan,docksmith.lan/", "'docksmith.lan/'"),
    ],
)
def test_an_allowed_origin_or_host_nothing_can_match_is_refused(
    monkeypatch, var, value, named
):
    # Skipped without a word, it left the dashboard refused with 403 and
    # nothing saying why.
    monkeypatch.setenv(var, value)
    with pytest.raises(SettingsError) as caught:
        Settings(_env_file=None)
    message = str(caught.value)
    assert message.startswith(f"{var}=")
    assert named in message


def test_allowed_origins_and_hosts_take_every_form_they_match():
    settings = Settings(
        _env_file=None,
        allowed_origins="https://dash.example, http://localhost:5173, http://home:8080/",
        allowed_hosts="docksmith.lan, docksmith.lan:8443, [::1], box.",
    )
    assert len(settings.allowed_origin_set) == 3
    assert len(settings.allowed_host_set) == 4
    assert Settings(_env_file=None, allowed_origins="*", allowed_hosts="*")


@pytest.mark.parametrize(
    "issuer", ["auth.example.com", "ftp://auth.example.com", "https://"]
)
def test_an_oidc_issuer_that_is_no_http_url_stops_start_up(monkeypatch, issuer):
    # Found out otherwise only at the first sign-in, as a 502.
    monkeypatch.setenv("OIDC_ISSUER", issuer)
    with pytest.raises(SettingsError) as caught:
        Settings(_env_file=None)
    assert str(caught.value).startswith(f"OIDC_ISSUER={issuer!r} is invalid")
    assert "https://auth.example.com" in str(caught.value)


def test_an_oidc_issuer_url_is_taken_as_given():
    issuer = "https://auth.example.com/realms/home"
    assert Settings(_env_file=None, oidc_issuer=issuer).oidc_issuer == issuer
