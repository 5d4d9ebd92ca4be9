"""Settings read from the environment (and `.env`), validated once at start-up.

Names and defaults follow the original Go Docksmith so existing deployments
keep working. A bad value stops start-up with a message that names the
variable and the accepted form (see `describe_settings_error`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta, tzinfo
from enum import StrEnum
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.auth.modes import AuthMode
from services.autoupdate.rules import AGE_FORM, parse_age
from services.autoupdate.schedule import CRON_FORM, CronSchedule, parse_zone
from services.errors import DocksmithError, InvalidInputError
from services.frozen import frozen

_GO_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
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
GoDuration = Annotated[timedelta, BeforeValidator(parse_go_duration)]


def _auto_update_rule(check: Callable[[], object]) -> None:
    """The auto-update parsers raise the domain's InvalidInputError; pydantic
    wants a ValueError to name the variable."""
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


LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class LogFormat(StrEnum):
    AUTO = "auto"  # rich on a terminal, plain lines anywhere else
    PLAIN = "plain"
    JSON = "json"


class Settings(BaseSettings):
    """Every knob Docksmith reads from its environment."""

    model_config = SettingsConfigDict(
        env_file=".env", env_ignore_empty=True, extra="ignore", frozen=True
    )

    port: int = Field(default=3000, ge=1, le=65535)
    host: str = "127.0.0.1"
    db_path: Path = Path("./data/docksmith.db")
    database_url: str | None = None
    check_interval: GoDuration = timedelta(minutes=5)
    cache_ttl: GoDuration = timedelta(hours=1)
    log_level: LogLevel = "INFO"
    # `auto`: rich on a terminal, plain lines elsewhere; `json`: one JSON
    # object per line, for log shippers.
    log_format: LogFormat = LogFormat.AUTO
    static_dir: Path | None = None
    scripts_dir: Path = Path("/scripts")
    github_token: SecretStr | None = None
    docker_host: str | None = None
    # More engines than DOCKER_HOST's, as name=url entries (services/hosts,
    # docs/hosts.md); each host's TLS or SSH material is in HOSTS_DIR/<name>/.
    docker_hosts: str = ""
    hosts_dir: Path = Path("./data/hosts")
    docker_config: Path | None = None
    insecure_registries: str = ""
    # Registry requests in flight per host, then host=limit exceptions.
    registry_concurrency: str = "32"
    # How much of one repository's tag list a check reads; a repository with
    # more tags is reported as an error on its containers (not guessed).
    registry_max_tags: int = Field(default=50_000, ge=1)
    registry_max_tag_pages: int = Field(default=100, ge=1)
    # How often an idle SSE stream gets a keep-alive comment (proxies drop
    # silent connections).
    sse_keepalive: GoDuration = timedelta(seconds=15)
    # How long a pre-update check or post-update script may run before it is
    # killed (with everything it started).
    script_timeout: GoDuration = timedelta(seconds=60)
    # `exec:` post-update actions run commands inside containers; a label set
    # through the API must not become command execution unless the admin says so.
    allow_exec_actions: bool = False
    # Cross-site and DNS-rebinding protection (services/httpguard.py): extra
    # origins whose pages may change state, and extra Host names accepted.
    allowed_origins: str = ""
    allowed_hosts: str = ""
    # Notifications (docs/notifications.md). The URLs carry service tokens,
    # so they are secrets: never echoed in errors or logs.
    notify_urls: SecretStr | None = None
    notify_webhook_url: SecretStr | None = None
    notify_webhook_secret: SecretStr | None = None
    notify_timeout: GoDuration = timedelta(seconds=10)
    # Failed check runs in a row before a registry's failure is announced.
    notify_check_failures: int = Field(default=3, ge=1, le=1000)
    # How often the Docker engine is pinged to announce it going and coming back.
    notify_engine_interval: GoDuration = timedelta(seconds=30)
    # Leave out every counter's and histogram's `_created` sample. Named after
    # prometheus_client's own switch, which its instruments read but the
    # metric families /metrics is built from do not.
    prometheus_disable_created_series: bool = False

    # Automatic updates (docs/auto-update.md): when runs fire (cron, empty:
    # only on demand and at maintenance windows), the time zone cron and
    # windows are read in, and the minimum age a candidate image must have.
    auto_update_schedule: str | None = None
    auto_update_timezone: str = "UTC"
    auto_update_min_age: Annotated[timedelta, BeforeValidator(_age)] = timedelta(0)

    @field_validator("auto_update_schedule")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is not None and value.strip():
            _auto_update_rule(lambda: CronSchedule(value))
            return value.strip()
        return None

    @field_validator("auto_update_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        _auto_update_rule(lambda: parse_zone(value))
        return value.strip() or "UTC"

    @property
    def auto_update_zone(self) -> tzinfo:
        return parse_zone(self.auto_update_timezone)

    # Authentication (docs/security.md). Unset AUTH means: local when
    # ADMIN_PASSWORD_HASH is set, oidc when OIDC_ISSUER is, else none, which
    # only a loopback address may serve.
    auth: AuthMode | None = None
    admin_user: str = "admin"
    admin_password_hash: SecretStr | None = None
    auth_proxy_header: str = "Remote-User"
    # CIDRs (or addresses) whose forwarded headers are believed.
    trusted_proxies: str = ""
    session_ttl: GoDuration = timedelta(hours=12)
    # How often open streams' credentials are checked against the store
    # again: what this process cannot be told (the CLI is another process)
    # or an expiry ends a stream at most this late; one query per distinct
    # session or token per round, only while a stream is open.
    stream_recheck_interval: GoDuration = timedelta(seconds=30)
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_groups_claim: str = "groups"
    # Empty: any user the provider signs in is let in.
    oidc_allowed_groups: str = ""
    oidc_scopes: str = "openid profile email groups"

    @field_validator("trusted_proxies")
    @classmethod
    def _cidrs(cls, value: str) -> str:
        parse_networks(value)
        return value

    @property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return parse_networks(self.trusted_proxies)

    @property
    def oidc_allowed_group_set(self) -> frozenset[str]:
        return _comma_set(self.oidc_allowed_groups)

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_log_format(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("postgres://", "postgresql://", "sqlite://")):
            raise ValueError("must be a postgres://user:pass@host:port/db URL")
        return value

    @field_validator(
        "check_interval",
        "cache_ttl",
        "sse_keepalive",
        "session_ttl",
        "stream_recheck_interval",
    )
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value.total_seconds() <= 0:
            raise ValueError(f"must be positive, {DURATION_FORM}")
        return value

    @field_validator("script_timeout", "notify_timeout", "notify_engine_interval")
    @classmethod
    def _positive_timeout(cls, value: timedelta) -> timedelta:
        if value.total_seconds() <= 0:
            raise ValueError(f"must be positive, {DURATION_FORM}")
        return value

    @property
    def storage_url(self) -> str:
        """The Tortoise database URL: DATABASE_URL, else SQLite at DB_PATH."""
        if self.database_url:
            return self.database_url.replace("postgresql://", "postgres://", 1)
        return f"sqlite://{self.db_path}"

    @field_validator("registry_concurrency")
    @classmethod
    def _concurrency(cls, value: str) -> str:
        parse_registry_limits(value)
        return value

    @field_validator("docker_hosts")
    @classmethod
    def _docker_hosts(cls, value: str) -> str:
        from services.hosts.config import parse_docker_hosts

        try:
            parse_docker_hosts(value)
        except DocksmithError as exc:
            raise ValueError(exc.message) from None
        return value

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
        if not number.strip().isdigit() or not 1 <= int(number) <= 256:
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
}


def describe_settings_error(error: ValidationError) -> str:
    """Turn a pydantic error into lines naming the variable and its accepted form."""
    lines = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "?"
        form = _ACCEPTED_FORMS.get(field)
        detail = f"expected {form}" if form else item["msg"]
        lines.append(f"{field.upper()}={item.get('input')!r} is invalid: {detail}")
    return "\n".join(lines)
