"""Settings read from the environment (and `.env`), validated once at start-up.

Names and defaults follow the original Go Docksmith so existing deployments
keep working. A bad value stops start-up with a message that names the
variable and the accepted form (see `describe_settings_error`).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field, fields
from datetime import timedelta, tzinfo
from enum import StrEnum
from ipaddress import IPv4Network, IPv6Network, ip_network
from os import PathLike
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from services.auth.modes import AuthMode
from services.autoupdate.rules import AGE_FORM, parse_age
from services.autoupdate.schedule import CRON_FORM, CronSchedule, parse_zone
from services.errors import DocksmithError, InvalidInputError
from services.frozen import frozen
from services.masking import mask_url_credentials

# [0-9], not \d: \d and float() also take other scripts' digits.
_GO_DURATION_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)")
_UNIT_SECONDS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}
DURATION_FORM = "a Go-style duration such as 30s, 5m, 1h30m"


def parse_go_duration(value: object) -> timedelta:
    """Parse `5m`, `1h30m`, `250ms`, `0` (and timedeltas/numbers of seconds)."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=float(value))
    if not isinstance(value, str):
        raise ValueError(f"expected {DURATION_FORM}")
    text = value.strip()
    if text == "0":
        return timedelta(0)
    pos = 0
    total = 0.0
    for match in _GO_DURATION_PART.finditer(text):
        if match.start() != pos:
            break
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        pos = match.end()
    if pos != len(text) or not text:
        raise ValueError(f"{value!r} is not {DURATION_FORM}")
    return timedelta(seconds=total)


def format_go_duration(value: timedelta) -> str:
    """Format like Go's time.Duration.String(): 5m0s, 1h30m0s, 30s."""
    seconds = value.total_seconds()
    if seconds == 0:
        return "0s"
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    if seconds < 1:
        return f"{sign}{seconds * 1000:g}ms"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    secs_text = f"{secs:g}s"
    if hours:
        return f"{sign}{int(hours)}h{int(minutes)}m{secs_text}"
    if minutes:
        return f"{sign}{int(minutes)}m{secs_text}"
    return f"{sign}{secs_text}"


REGISTRY_CONCURRENCY_FORM = (
    "a number of requests per registry host (1-256), then optional "
    "host=number exceptions, e.g. 32,docker.io=8"
)
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class LogFormat(StrEnum):
    AUTO = "auto"  # rich on a terminal, plain lines anywhere else
    PLAIN = "plain"
    JSON = "json"


class SecretStr:
    """A secret setting (a token, a password hash, a URL with credentials):
    its value only through `get_secret_value()`, masked in every repr and
    str, so a logged Settings or error never shows it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __str__(self) -> str:
        return "**********" if self._value else ""

    def __repr__(self) -> str:
        return f"SecretStr({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretStr) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


class _RefusedError(ValueError):
    """A value a setting does not accept, with the input its message shows
    when that is not what was given (LOG_LEVEL shows it upper-cased)."""

    def __init__(self, message: str, shown: object) -> None:
        super().__init__(message)
        self.shown = shown


@frozen
class SettingsProblem:
    """One refused setting: the field, what was given, why."""

    field: str
    input: object
    message: str


class SettingsError(ValueError):
    """Every refused setting at once, so one start-up names them all."""

    def __init__(self, problems: Sequence[SettingsProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(describe_settings_error(self))


Parse = Callable[[object], Any]


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("Input should be a valid string")
    return value


def _path(value: object) -> Path:
    if not isinstance(value, str | PathLike):
        raise ValueError("Input should be a valid path")
    return Path(value)


def _secret(value: object) -> SecretStr:
    if isinstance(value, SecretStr):
        return value
    return SecretStr(_text(value))


def _whole(low: int, high: int | None = None) -> Parse:
    def parse(value: object) -> int:
        number: int | None = None
        if isinstance(value, int):
            number = value
        elif isinstance(value, str) and value.isascii():
            # int() and float() also read an Arabic-Indic or fullwidth five as 5.
            text = value.strip()
            try:
                number = int(text)
            except ValueError:
                # "3000.0" is still a whole number (as pydantic read it).
                with contextlib.suppress(ValueError):
                    fraction = float(text)
                    number = int(fraction) if fraction.is_integer() else None
        if number is None:
            raise ValueError("Input should be a valid integer")
        if number < low or (high is not None and number > high):
            raise ValueError(f"Input should be from {low} to {high or 'more'}")
        return number

    return parse


_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    # Stripped as numbers are: " true" from a hand-written env file is meant.
    if isinstance(value, str) and (word := value.strip().lower()) in _TRUE | _FALSE:
        return word in _TRUE
    raise ValueError("Input should be a valid boolean, unable to interpret input")


def _duration(value: object) -> timedelta:
    """A positive Go-style duration: none of these knobs means anything at 0."""
    parsed = parse_go_duration(value)
    if parsed.total_seconds() <= 0:
        raise ValueError(f"must be positive, {DURATION_FORM}")
    return parsed


def _optional(parse: Parse) -> Parse:
    def maybe(value: object) -> Any:
        return None if value is None else parse(value)

    return maybe


def _log_level(value: object) -> str:
    level = _text(value).upper()
    if level not in _LOG_LEVELS:
        raise _RefusedError(f"Input should be one of {', '.join(_LOG_LEVELS)}", level)
    return level


def _log_format(value: object) -> LogFormat:
    if isinstance(value, LogFormat):
        return value
    text = _text(value).strip().lower()
    try:
        return LogFormat(text)
    except ValueError:
        raise _RefusedError("Input should be 'auto', 'plain' or 'json'", text) from None


def _auth_mode(value: object) -> AuthMode:
    try:
        return AuthMode(_text(value))
    except ValueError:
        *first, last = (repr(mode.value) for mode in AuthMode)
        raise ValueError(f"Input should be {', '.join(first)} or {last}") from None


def _database_url(value: object) -> SecretStr:
    # Secret: a PostgreSQL URL carries the database's password.
    url = _secret(value)
    if not url.get_secret_value().startswith(
        ("postgres://", "postgresql://", "sqlite://")
    ):
        raise ValueError("must be a postgres:// (or sqlite://) URL")
    return url


def _auto_update_rule(check: Callable[[], object]) -> None:
    """The auto-update parsers raise the domain's InvalidInputError; a
    refused setting is a ValueError naming the variable."""
    try:
        check()
    except InvalidInputError as exc:
        raise ValueError(exc.message) from None


def _age(value: object) -> timedelta:
    if isinstance(value, timedelta):
        return value
    text = str(value)
    result: list[timedelta] = []
    _auto_update_rule(lambda: result.append(parse_age(text, "AUTO_UPDATE_MIN_AGE")))
    return result[0]


def _cron(value: object) -> str | None:
    text = _text(value)
    if not text.strip():
        return None
    _auto_update_rule(lambda: CronSchedule(text))
    return text.strip()


def _zone(value: object) -> str:
    text = _text(value)
    _auto_update_rule(lambda: parse_zone(text))
    return text.strip() or "UTC"


def _cidrs(value: object) -> str:
    text = _text(value)
    parse_networks(text)
    return text


def _origins(value: object) -> str:
    # Imported here: services.httpguard reads these settings.
    from services.httpguard import refused_origins

    text = _text(value)
    if refused := refused_origins(_comma_set(text)):
        raise ValueError(
            f"{', '.join(map(repr, sorted(refused)))}: not an origin; write "
            "scheme://host[:port] as the browser sends it, such as "
            "https://dash.example or http://localhost:5173 (or * for any)"
        )
    return text


def _hosts(value: object) -> str:
    from services.httpguard import refused_hosts

    text = _text(value)
    if refused := refused_hosts(_comma_set(text)):
        raise ValueError(
            f"{', '.join(map(repr, sorted(refused)))}: not a host name; write "
            "the name as the Host header carries it, such as docksmith.lan or "
            "docksmith.lan:8443, without scheme or path (or * for any)"
        )
    return text


def _issuer(value: object) -> str:
    text = _text(value).strip()
    parts = urlsplit(text)
    # Found out otherwise only at the first sign-in, as a 502 naming httpx's
    # UnsupportedProtocol.
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError("must be the provider's http(s):// issuer URL")
    return text


def _concurrency(value: object) -> str:
    text = _text(value)
    parse_registry_limits(text)
    return text


def _docker_hosts(value: object) -> str:
    # Imported here: services.hosts imports this module.
    from services.hosts.config import parse_docker_hosts

    text = _text(value)
    try:
        parse_docker_hosts(text)
    except DocksmithError as exc:
        raise ValueError(exc.message) from None
    return text


def _parsed_by(parse: Parse) -> dict[str, Parse]:
    """A field's parser: it turns what the environment (a string) or a
    caller (a string or the typed value) gives into the field's type."""
    return {"parse": parse}


_LOG_LEVELS: tuple[LogLevel, ...] = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@frozen
class Settings:
    """Every knob Docksmith reads from its environment.

    `Settings()` reads the variables named like the fields (upper case; any
    case is accepted), over `.env` in the working directory, over the
    defaults; keyword arguments win over all three and `_env_file=None`
    skips `.env`. Empty variables count as unset. Every refused value is
    reported at once, in a `SettingsError`."""

    port: int = field(default=3000, metadata=_parsed_by(_whole(1, 65535)))
    host: str = field(default="127.0.0.1", metadata=_parsed_by(_text))
    db_path: Path = field(
        default=Path("./data/docksmith.db"), metadata=_parsed_by(_path)
    )
    database_url: SecretStr | None = field(
        default=None, metadata=_parsed_by(_optional(_database_url))
    )
    check_interval: timedelta = field(
        default=timedelta(minutes=5), metadata=_parsed_by(_duration)
    )
    cache_ttl: timedelta = field(
        default=timedelta(hours=1), metadata=_parsed_by(_duration)
    )
    log_level: LogLevel = field(default="INFO", metadata=_parsed_by(_log_level))
    # `auto`: rich on a terminal, plain lines elsewhere; `json`: one JSON
    # object per line, for log shippers.
    log_format: LogFormat = field(
        default=LogFormat.AUTO, metadata=_parsed_by(_log_format)
    )
    static_dir: Path | None = field(default=None, metadata=_parsed_by(_optional(_path)))
    scripts_dir: Path = field(default=Path("/scripts"), metadata=_parsed_by(_path))
    github_token: SecretStr | None = field(
        default=None, metadata=_parsed_by(_optional(_secret))
    )
    docker_host: str | None = field(default=None, metadata=_parsed_by(_optional(_text)))
    # More engines than DOCKER_HOST's, as name=url entries (services/hosts,
    # docs/hosts.md); each host's TLS or SSH material is in HOSTS_DIR/<name>/.
    docker_hosts: str = field(default="", metadata=_parsed_by(_docker_hosts))
    hosts_dir: Path = field(default=Path("./data/hosts"), metadata=_parsed_by(_path))
    docker_config: Path | None = field(
        default=None, metadata=_parsed_by(_optional(_path))
    )
    insecure_registries: str = field(default="", metadata=_parsed_by(_text))
    # Registry requests in flight per host, then host=limit exceptions.
    registry_concurrency: str = field(default="32", metadata=_parsed_by(_concurrency))
    # How much of one repository's tag list a check reads; a repository with
    # more tags is reported as an error on its containers (not guessed).
    registry_max_tags: int = field(default=50_000, metadata=_parsed_by(_whole(1)))
    registry_max_tag_pages: int = field(default=100, metadata=_parsed_by(_whole(1)))
    # How often an idle SSE stream gets a keep-alive comment (proxies drop
    # silent connections).
    sse_keepalive: timedelta = field(
        default=timedelta(seconds=15), metadata=_parsed_by(_duration)
    )
    # How long a pre-update check or post-update script may run before it is
    # killed (with everything it started).
    script_timeout: timedelta = field(
        default=timedelta(seconds=60), metadata=_parsed_by(_duration)
    )
    # `exec:` post-update actions run commands inside containers; a label set
    # through the API must not become command execution unless the admin says so.
    allow_exec_actions: bool = field(default=False, metadata=_parsed_by(_flag))
    # Cross-site and DNS-rebinding protection (services/httpguard.py): extra
    # origins whose pages may change state, and extra Host names accepted.
    allowed_origins: str = field(default="", metadata=_parsed_by(_origins))
    allowed_hosts: str = field(default="", metadata=_parsed_by(_hosts))
    # Notifications (docs/notifications.md). The URLs carry service tokens,
    # so they are secrets: never echoed in errors or logs.
    notify_urls: SecretStr | None = field(
        default=None, metadata=_parsed_by(_optional(_secret))
    )
    notify_webhook_url: SecretStr | None = field(
        default=None, metadata=_parsed_by(_optional(_secret))
    )
    notify_webhook_secret: SecretStr | None = field(
        default=None, metadata=_parsed_by(_optional(_secret))
    )
    notify_timeout: timedelta = field(
        default=timedelta(seconds=10), metadata=_parsed_by(_duration)
    )
    # Failed check runs in a row before a registry's failure is announced.
    notify_check_failures: int = field(default=3, metadata=_parsed_by(_whole(1, 1000)))
    # How often the Docker engine is pinged to announce it going and coming back.
    notify_engine_interval: timedelta = field(
        default=timedelta(seconds=30), metadata=_parsed_by(_duration)
    )
    # Leave out every counter's and histogram's `_created` sample. Named after
    # prometheus_client's own switch, which its instruments read but the
    # metric families /metrics is built from do not.
    prometheus_disable_created_series: bool = field(
        default=False, metadata=_parsed_by(_flag)
    )

    # Automatic updates (docs/auto-update.md): when runs fire (cron, empty:
    # only on demand and at maintenance windows), the time zone cron and
    # windows are read in, and the minimum age a candidate image must have.
    auto_update_schedule: str | None = field(
        default=None, metadata=_parsed_by(_optional(_cron))
    )
    auto_update_timezone: str = field(default="UTC", metadata=_parsed_by(_zone))
    auto_update_min_age: timedelta = field(
        default=timedelta(0), metadata=_parsed_by(_age)
    )

    # Authentication (docs/security.md). Unset AUTH means: local when
    # ADMIN_PASSWORD_HASH is set, oidc when OIDC_ISSUER is, else none, which
    # only a loopback address may serve.
    auth: AuthMode | None = field(
        default=None, metadata=_parsed_by(_optional(_auth_mode))
    )
    admin_user: str = field(default="admin", metadata=_parsed_by(_text))
    admin_password_hash: SecretStr | None = field(
        default=None, metadata=_parsed_by(_optional(_secret))
    )
    auth_proxy_header: str = field(default="Remote-User", metadata=_parsed_by(_text))
    # CIDRs (or addresses) whose forwarded headers are believed.
    trusted_proxies: str = field(default="", metadata=_parsed_by(_cidrs))
    session_ttl: timedelta = field(
        default=timedelta(hours=12), metadata=_parsed_by(_duration)
    )
    # How often open streams' credentials are checked against the store
    # again: what this process cannot be told (the CLI is another process)
    # or an expiry ends a stream at most this late; one query per distinct
    # session or token per round, only while a stream is open.
    stream_recheck_interval: timedelta = field(
        default=timedelta(seconds=30), metadata=_parsed_by(_duration)
    )
    oidc_issuer: str | None = field(
        default=None, metadata=_parsed_by(_optional(_issuer))
    )
    oidc_client_id: str | None = field(
        default=None, metadata=_parsed_by(_optional(_text))
    )
    oidc_client_secret: SecretStr | None = field(
        default=None, metadata=_parsed_by(_optional(_secret))
    )
    oidc_groups_claim: str = field(default="groups", metadata=_parsed_by(_text))
    # Empty: any user the provider signs in is let in.
    oidc_allowed_groups: str = field(default="", metadata=_parsed_by(_text))
    oidc_scopes: str = field(
        default="openid profile email groups", metadata=_parsed_by(_text)
    )

    def __init__(self, _env_file: str | Path | None = ".env", **values: object) -> None:
        specs = {spec.name: spec for spec in fields(self)}
        unknown = sorted(values.keys() - specs.keys())
        if unknown:
            # A typo'd keyword would otherwise leave its default in place.
            raise TypeError(f"Settings got unknown settings: {', '.join(unknown)}")
        given = _read_env_file(_env_file, specs) | _read_environment(specs) | values
        problems = []
        for name, spec in specs.items():
            if name not in given:
                object.__setattr__(self, name, spec.default)
                continue
            raw = given[name]
            try:
                object.__setattr__(self, name, spec.metadata["parse"](raw))
            except ValueError as exc:
                shown = exc.shown if isinstance(exc, _RefusedError) else raw
                if isinstance(shown, str):
                    shown = _masked(shown)
                problems.append(SettingsProblem(name, shown, _masked(str(exc))))
        if problems:
            raise SettingsError(problems)

    @property
    def auto_update_zone(self) -> tzinfo:
        return parse_zone(self.auto_update_timezone)

    @property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return parse_networks(self.trusted_proxies)

    @property
    def oidc_allowed_group_set(self) -> frozenset[str]:
        return _comma_set(self.oidc_allowed_groups)

    @property
    def storage_url(self) -> str:
        """The Tortoise database URL: DATABASE_URL, else SQLite at DB_PATH."""
        if self.database_url:
            url = self.database_url.get_secret_value()
            return url.replace("postgresql://", "postgres://", 1)
        return f"sqlite://{self.db_path}"

    @property
    def registry_limits(self) -> RegistryLimits:
        return parse_registry_limits(self.registry_concurrency)

    @property
    def insecure_registry_hosts(self) -> frozenset[str]:
        return _comma_set(self.insecure_registries)

    @property
    def allowed_origin_set(self) -> frozenset[str]:
        return _comma_set(self.allowed_origins)

    @property
    def allowed_host_set(self) -> frozenset[str]:
        return _comma_set(self.allowed_hosts)


def _masked(value: str) -> str:
    """`value` with any URL's credentials masked: a refused setting is
    printed and logged (a mistyped DATABASE_URL, an engine URL that carries
    a password in DOCKER_HOSTS)."""
    return mask_url_credentials(value)


def _read_environment(specs: Mapping[str, object]) -> dict[str, object]:
    """The process environment's settings by field name (any case; empty
    means unset)."""
    found: dict[str, object] = {}
    for key, value in os.environ.items():
        name = key.lower()
        if name in specs and value:
            found[name] = value
    return found


def _read_env_file(
    path: str | Path | None, specs: Mapping[str, object]
) -> dict[str, object]:
    """`.env`'s settings, read as python-dotenv reads it (quotes, `export`,
    `${VAR}` expansion); its other keys are the compose file's business."""
    if path is None or not Path(path).is_file():
        return {}
    # Imported only when there is a file: the image's server has none.
    from dotenv import dotenv_values

    found: dict[str, object] = {}
    for key, value in dotenv_values(path).items():
        name = key.lower()
        if name in specs and value:
            found[name] = value
    return found


def parse_networks(value: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """`"10.0.0.0/8, 172.18.0.2"`: networks; a bare address is its /32."""
    networks = []
    for part in _comma_set(value):
        try:
            networks.append(ip_network(part, strict=False))
        except ValueError:
            raise ValueError(
                f"{part!r} is not an IP address or CIDR such as 172.18.0.0/16"
            ) from None
    return tuple(networks)


def _comma_set(value: str) -> frozenset[str]:
    return frozenset(h.strip() for h in value.split(",") if h.strip())


@frozen
class RegistryLimits:
    default: int
    per_host: dict[str, int]


def parse_registry_limits(value: str) -> RegistryLimits:
    """`"32,docker.io=8"`: 32 requests in flight per registry host, 8 for
    docker.io. Every limit is a whole number from 1 to 256. Docker Hub
    rate-limits pulls, so it keeps 8 unless named explicitly."""
    default: int | None = None
    per_host: dict[str, int] = {"docker.io": 8}
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        host, sep, number = part.rpartition("=")
        digits = number.strip()
        if not (digits.isascii() and digits.isdigit()) or not 1 <= int(digits) <= 256:
            raise ValueError(REGISTRY_CONCURRENCY_FORM)
        if sep and host.strip():
            per_host[host.strip()] = int(number)
        elif sep or default is not None:
            raise ValueError(REGISTRY_CONCURRENCY_FORM)
        else:
            default = int(number)
    return RegistryLimits(32 if default is None else default, per_host)


_ACCEPTED_FORMS = {
    "registry_concurrency": REGISTRY_CONCURRENCY_FORM,
    "port": "a TCP port number between 1 and 65535",
    "registry_max_tags": "a positive number of tags",
    "registry_max_tag_pages": "a positive number of pages",
    "check_interval": DURATION_FORM,
    "cache_ttl": DURATION_FORM,
    "sse_keepalive": DURATION_FORM,
    "stream_recheck_interval": DURATION_FORM,
    "script_timeout": DURATION_FORM,
    "notify_timeout": DURATION_FORM,
    "notify_engine_interval": DURATION_FORM,
    "notify_check_failures": "a number of check runs from 1 to 1000",
    "log_level": "one of DEBUG, INFO, WARNING, ERROR, CRITICAL",
    "log_format": "one of auto, plain, json",
    "database_url": "a postgres://user:pass@host:port/db URL",
    "auto_update_schedule": CRON_FORM,
    "auto_update_timezone": "an IANA time zone name such as Europe/Berlin or UTC",
    "auto_update_min_age": AGE_FORM,
    "oidc_issuer": "the provider's issuer URL, such as https://auth.example.com/realms/home",
}


def describe_settings_error(error: SettingsError) -> str:
    """One line per refused setting, naming the variable and its accepted form."""
    lines = []
    for problem in error.problems:
        form = _ACCEPTED_FORMS.get(problem.field)
        detail = f"expected {form}" if form else problem.message
        lines.append(f"{problem.field.upper()}={problem.input!r} is invalid: {detail}")
    return "\n".join(lines)
