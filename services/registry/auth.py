"""Registry authentication: `WWW-Authenticate` challenges and the token cache.

Owns parsing Bearer/Basic challenges, building the token request a challenge
asks for (anonymous, Basic credentials, or an OAuth2 refresh token), reading
the token response, and caching tokens per (realm, service, scope, identity)
until shortly before they expire. It never logs or formats a secret; the HTTP
round trips themselves are made by the client.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from dataclasses import field
from typing import Any

from services.frozen import frozen
from services.registry.credentials import Credential

_PARAM = re.compile(r'([A-Za-z0-9_\-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*)')
# Registries' own default when a token response omits expires_in (distribution spec).
DEFAULT_TOKEN_LIFETIME = 60.0
# Renew a little early so a token never expires between cache lookup and use.
_EXPIRY_MARGIN = 5.0


@frozen
class Challenge:
    scheme: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def is_bearer(self) -> bool:
        return self.scheme == "bearer"

    @property
    def realm(self) -> str | None:
        return self.params.get("realm")

    @property
    def service(self) -> str | None:
        return self.params.get("service")

    @property
    def scope(self) -> str | None:
        return self.params.get("scope")


def parse_challenge(header: str) -> Challenge | None:
    """Parse one `WWW-Authenticate` value such as `Bearer realm="...",service="..."`."""
    text = header.strip()
    if not text:
        return None
    scheme, _, rest = text.partition(" ")
    params: dict[str, str] = {}
    for key, raw in _PARAM.findall(rest):
        value = raw[1:-1].replace('\\"', '"') if raw.startswith('"') else raw
        params[key.lower()] = value
    return Challenge(scheme=scheme.lower(), params=params)


def pick_challenge(headers: list[str]) -> Challenge | None:
    """Prefer Bearer over Basic when a registry offers both."""
    parsed = [c for c in (parse_challenge(h) for h in headers) if c]
    bearer = [c for c in parsed if c.is_bearer and c.realm]
    if bearer:
        return bearer[0]
    return next((c for c in parsed if c.scheme == "basic"), None)


def pull_scope(repository: str) -> str:
    return f"repository:{repository}:pull"


def basic_header(credential: Credential) -> str:
    raw = f"{credential.username}:{credential.secret}".encode()
    return "Basic " + base64.b64encode(raw).decode()


@frozen
class TokenRequest:
    """What to send to a token realm; `headers`/`form` may carry secrets."""

    method: str
    url: str
    params: dict[str, str]
    headers: dict[str, str] = field(repr=False)
    form: dict[str, str] | None = field(default=None, repr=False)


def token_request(
    challenge: Challenge, scope: str, credential: Credential | None
) -> TokenRequest:
    """The request that obtains a token for `scope` from the challenge's realm."""
    realm = challenge.realm or ""
    service = challenge.service
    if credential is not None and credential.is_identity_token:
        # An identity token is an OAuth2 refresh token (docker login's behaviour).
        form = {
            "grant_type": "refresh_token",
            "refresh_token": credential.secret,
            "client_id": "docksmith",
            "scope": scope,
        }
        if service:
            form["service"] = service
        return TokenRequest("POST", realm, {}, {}, form)
    params = {"scope": scope}
    if service:
        params["service"] = service
    headers = {}
    if credential is not None:
        params["account"] = credential.username
        headers["Authorization"] = basic_header(credential)
    return TokenRequest("GET", realm, params, headers)


def parse_token_response(body: Any) -> tuple[str, float] | None:
    """`(token, lifetime_seconds)` from a token endpoint's JSON, or None."""
    if not isinstance(body, dict):
        return None
    token = body.get("token") or body.get("access_token")
    if not isinstance(token, str) or not token:
        return None
    lifetime = body.get("expires_in")
    if not isinstance(lifetime, int | float) or lifetime <= 0:
        lifetime = DEFAULT_TOKEN_LIFETIME
    return token, float(lifetime)


TokenKey = tuple[str, str, str, str]


class TokenCache:
    """Bearer tokens per (realm, service, scope, identity) until they expire."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._tokens: dict[TokenKey, tuple[str, float]] = {}

    @staticmethod
    def key(challenge: Challenge, scope: str, identity: str) -> TokenKey:
        return (challenge.realm or "", challenge.service or "", scope, identity)

    def get(self, key: TokenKey) -> str | None:
        entry = self._tokens.get(key)
        if entry is None:
            return None
        token, expires = entry
        if self._clock() >= expires:
            del self._tokens[key]
            return None
        return token

    def put(self, key: TokenKey, token: str, lifetime: float) -> None:
        margin = min(_EXPIRY_MARGIN, lifetime / 2)
        self._tokens[key] = (token, self._clock() + lifetime - margin)

    def discard(self, key: TokenKey) -> None:
        self._tokens.pop(key, None)

    def clear(self) -> None:
        self._tokens.clear()

    def __len__(self) -> int:
        return len(self._tokens)
