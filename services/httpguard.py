"""Which browsers may talk to Docksmith: the Origin and Host rules.

Owns two decisions, made before any route runs, for both HTTP and WebSocket:

- **Host** (DNS rebinding): while the server listens on loopback, a request
  must name it as `localhost`, `127.0.0.1` or `[::1]` (any port) or a name in
  `ALLOWED_HOSTS`; a rebinding page reaches 127.0.0.1 under its own name, so
  the foreign Host header gives it away. Off loopback, `ALLOWED_HOSTS` (when
  set) narrows the accepted names the same way.
- **Origin** (cross-site requests): a request that can change state (any
  method but GET/HEAD/OPTIONS, and every WebSocket, which can run mutations)
  must come from the server's own origin or one in `ALLOWED_ORIGINS`, judged
  by `Origin`, else by `Referer`. With neither header (curl, scripts, other
  servers) there is no browser to abuse, so the request is allowed.

Scheme is not compared for the server's own origin: behind a TLS-terminating
proxy the page is `https://` while the request reaching us is plain HTTP.
It knows nothing about ASGI; `rest/guard.py` feeds it headers.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from services.errors import ForbiddenError
from services.frozen import frozen

if TYPE_CHECKING:
    from services.config import Settings

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
# Header values are attacker-chosen: echo only a bounded prefix.
_ECHO_LIMIT = 100


def _echo(value: str) -> str:
    return value if len(value) <= _ECHO_LIMIT else value[:_ECHO_LIMIT] + "..."


def is_loopback_address(host: str) -> bool:
    """Whether a listen address (HOST) is reachable from this machine only."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@frozen
class _Authority:
    """host[:port] with the scheme's default port dropped."""

    host: str
    port: int | None

    @classmethod
    def parse(cls, netloc: str, scheme: str | None = None) -> _Authority | None:
        try:
            parts = urlsplit(f"//{netloc}")
            host, port = parts.hostname, parts.port
        except ValueError:
            return None
        if not host or parts.username is not None or parts.path:
            return None
        host = host.rstrip(".")
        # A Host header has no scheme: treat both web defaults as default.
        defaults = {_DEFAULT_PORTS[scheme]} if scheme else {80, 443}
        if port in defaults:
            port = None
        return cls(host, port)


def _origin_of(url: str) -> tuple[str, _Authority] | None:
    """(scheme, authority) of an Origin or Referer value, else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        return None
    authority = _Authority.parse(parts.netloc, scheme)
    return (scheme, authority) if authority else None


def _origin_key(url: str) -> str | None:
    parsed = _origin_of(url)
    if parsed is None:
        return None
    scheme, authority = parsed
    port = f":{authority.port}" if authority.port is not None else ""
    return f"{scheme}://{authority.host}{port}"


def refused_origins(entries: Iterable[str]) -> list[str]:
    """The ALLOWED_ORIGINS entries no browser's Origin can ever match: a bare
    name (`dash.example`), another scheme, `null`. Left in, they would be
    skipped without a word and the dashboard refused with 403."""
    return [e for e in entries if e != "*" and _origin_key(e) is None]


def refused_hosts(entries: Iterable[str]) -> list[str]:
    """The ALLOWED_HOSTS entries no Host header can ever match: one with a
    scheme or a path (`https://docksmith.lan`, `docksmith.lan/`)."""
    return [
        e
        for e in entries
        if e != "*" and _Authority.parse(e.strip().lower().rstrip(".")) is None
    ]


class RequestGuard:
    """Refuses foreign Host headers and cross-site state changes."""

    def __init__(
        self,
        *,
        listen_host: str,
        allowed_origins: Iterable[str] = (),
        allowed_hosts: Iterable[str] = (),
    ) -> None:
        self._loopback = is_loopback_address(listen_host)
        origins = {o.strip() for o in allowed_origins if o.strip()}
        self._any_origin = "*" in origins
        self._origins = frozenset(
            key for o in origins if (key := _origin_key(o)) is not None
        )
        hosts = {h.strip().lower() for h in allowed_hosts if h.strip()}
        self._any_host = "*" in hosts
        self._hosts = frozenset(h.strip("[]").rstrip(".") for h in hosts - {"*"})
        self._check_hosts = not self._any_host and (self._loopback or bool(hosts))

    @classmethod
    def from_settings(cls, settings: Settings) -> RequestGuard:
        return cls(
            listen_host=settings.host,
            allowed_origins=settings.allowed_origin_set,
            allowed_hosts=settings.allowed_host_set,
        )

    def check(
        self,
        *,
        method: str,
        host: str | None,
        origin: str | None,
        referer: str | None,
        websocket: bool = False,
    ) -> None:
        """Raise `ForbiddenError` naming the setting to change, or return."""
        self.check_host(host)
        if websocket or method.upper() not in SAFE_METHODS:
            self.check_origin(host=host, origin=origin, referer=referer)

    def check_host(self, host: str | None) -> None:
        # No Host header: HTTP/1.0 tooling; browsers always send one.
        if not self._check_hosts or host is None:
            return
        authority = _Authority.parse(host)
        if authority is not None and self._host_allowed(authority):
            return
        where = (
            "Docksmith listens on loopback and answers only to localhost, "
            "127.0.0.1 and [::1]"
            if self._loopback
            else "it is not listed in ALLOWED_HOSTS"
        )
        raise ForbiddenError(
            f"refused: Host {_echo(host)!r} is not a name of this server "
            f"({where}); add the name to ALLOWED_HOSTS to accept it"
        )

    def _host_allowed(self, authority: _Authority) -> bool:
        name = authority.host.lower()
        with_port = f"{name}:{authority.port}" if authority.port else name
        return name in LOOPBACK_NAMES or name in self._hosts or with_port in self._hosts

    def check_origin(
        self, *, host: str | None, origin: str | None, referer: str | None
    ) -> None:
        header, value = (
            ("Origin", origin) if origin is not None else ("Referer", referer)
        )
        if value is None or self._any_origin:
            return
        parsed = _origin_of(value)
        if parsed is not None:
            key = _origin_key(value)
            if key in self._origins:
                return
            own = _Authority.parse(host) if host else None
            if own is not None and _same_authority(parsed[1], own):
                return
        raise ForbiddenError(
            f"refused: a request that changes state came from {header} "
            f"{_echo(value)!r}, not from this server; add that origin "
            "(scheme://host[:port]) to ALLOWED_ORIGINS to let its pages act"
        )


def _same_authority(origin: _Authority, own: _Authority) -> bool:
    return origin.host.lower() == own.host.lower() and origin.port == own.port
