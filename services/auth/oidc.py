"""OpenID Connect sign-in: authorization code flow with PKCE (authlib), the
ID token checked with joserfc (signature from the provider's JWKS, issuer,
audience, expiry, nonce), and the allowed-groups rule.

A flow is bound to the browser that started it: `begin` returns a state the
edge keeps in a short-lived HttpOnly cookie, and `finish` accepts only that
state, once, within FLOW_TTL. The code verifier and nonce never leave the
server.

Starting a flow needs no credentials, so the table of pending flows is
bounded per client address as well as in all: an address that starts many
flows only pushes out its own oldest, and a full table drops the oldest flow
of the address holding the most, so a flood cannot evict a person's sign-in
in progress.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from services.auth.secrets import same
from services.config import Settings
from services.errors import ForbiddenError, UnauthenticatedError, UpstreamError
from services.frozen import frozen

if TYPE_CHECKING:
    from authlib.integrations.httpx_client import AsyncOAuth2Client

log = logging.getLogger("docksmith.auth")

FLOW_TTL = timedelta(minutes=10)
MAX_FLOWS = 1000
# A person signing in has one flow going, a few after retries or from
# several browsers behind one address.
MAX_FLOWS_PER_CLIENT = 10
_TIMEOUT = 10.0


@frozen
class _Flow:
    nonce: str
    verifier: str
    redirect_uri: str
    expires_at: datetime
    client: str


@frozen
class OidcLogin:
    url: str
    state: str


def _utcnow() -> datetime:
    return datetime.now(UTC)


def oauth_client(settings: Settings) -> AsyncOAuth2Client:
    """The one authlib client of an OIDC configuration, built by the
    composition root: its connection pool and TLS context are made once,
    not per sign-in. What differs per request (the redirect URI, from the
    address the browser used) is given with each call."""
    # authlib and joserfc pull in cryptography (and bcrypt): imported only
    # by a server that signs in with OIDC, not by every server.
    from authlib.integrations.httpx_client import AsyncOAuth2Client

    secret = settings.oidc_client_secret
    return AsyncOAuth2Client(
        client_id=settings.oidc_client_id or "",
        client_secret=secret.get_secret_value() if secret else None,
        token_endpoint_auth_method="client_secret_basic" if secret else "none",
        scope=settings.oidc_scopes,
        code_challenge_method="S256",
        timeout=_TIMEOUT,
    )


class OidcClient:
    def __init__(
        self,
        settings: Settings,
        http: AsyncOAuth2Client,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.issuer = (settings.oidc_issuer or "").rstrip("/")
        self.client_id = settings.oidc_client_id or ""
        self.groups_claim = settings.oidc_groups_claim
        self.allowed_groups = settings.oidc_allowed_group_set
        self.clock = clock
        self._http = http
        self._flows: dict[str, _Flow] = {}
        self._metadata: dict[str, Any] | None = None

    async def close(self) -> None:
        await self._http.aclose()

    async def _discover(self) -> dict[str, Any]:
        if self._metadata is None:
            url = f"{self.issuer}/.well-known/openid-configuration"
            try:
                response = await self._http.request("GET", url, withhold_token=True)
                response.raise_for_status()
                metadata: dict[str, Any] = response.json()
            except Exception as exc:
                raise UpstreamError(
                    f"cannot read the OIDC provider's configuration at {url}: "
                    f"{type(exc).__name__}"
                ) from None
            if metadata.get("issuer", "").rstrip("/") != self.issuer:
                raise UpstreamError("the OIDC provider names another issuer")
            self._metadata = metadata
        return self._metadata

    async def begin(self, redirect_uri: str, address: str) -> OidcLogin:
        """Start a flow for the browser at `address` (behind trusted
        proxies, the forwarded one)."""
        metadata = await self._discover()
        self._forget_expired()
        state = secrets.token_urlsafe(32)
        nonce = secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(64)
        url, _ = self._http.create_authorization_url(
            metadata["authorization_endpoint"],
            state=state,
            code_verifier=verifier,
            nonce=nonce,
            redirect_uri=redirect_uri,
        )
        key = _client_key(address)
        self._make_room(key)
        self._flows[state] = _Flow(
            nonce, verifier, redirect_uri, self.clock() + FLOW_TTL, key
        )
        return OidcLogin(url=url, state=state)

    async def finish(
        self,
        *,
        code: str | None,
        state: str,
        browser_state: str | None,
        error: str | None = None,
        error_description: str | None = None,
    ) -> str:
        """The signed-in user's name, after every check of the flow. A
        provider that refused the sign-in (`error`, RFC 6749 4.1.2.1) is
        quoted once the flow is known to be this browser's (so a forged link
        cannot make us say anything), and the flow is used up."""
        if not browser_state or not same(state, browser_state):
            raise ForbiddenError(
                "this sign-in was not started by this browser; start it again"
            )
        flow = self._flows.pop(state, None)
        if flow is None or flow.expires_at <= self.clock():
            raise UnauthenticatedError("the sign-in expired or was used; start again")
        if error is not None or not code:
            said = _provider_said(error, error_description)
            log.warning("OIDC provider refused a sign-in: %s", said)
            raise UnauthenticatedError(
                f"the OIDC provider refused the sign-in ({said}); start again"
            )
        metadata = await self._discover()
        try:
            token = await self._http.fetch_token(
                metadata["token_endpoint"],
                code=code,
                code_verifier=flow.verifier,
                grant_type="authorization_code",
                redirect_uri=flow.redirect_uri,
            )
            jwks = (
                await self._http.request(
                    "GET", metadata["jwks_uri"], withhold_token=True
                )
            ).json()
        except Exception as exc:
            log.warning("OIDC token exchange failed: %s", type(exc).__name__)
            raise UnauthenticatedError(
                "the OIDC provider did not accept the sign-in"
            ) from None
        finally:
            # authlib keeps the last token it fetched on the client; this one
            # is shared by every sign-in and needs none of them.
            self._http.token = None
        claims = self._verified_claims(str(token.get("id_token", "")), jwks, flow)
        name = str(
            claims.get("preferred_username") or claims.get("email") or claims["sub"]
        )
        self._check_groups(name, claims)
        return name[:255]

    def _verified_claims(
        self, id_token: str, jwks: dict[str, Any], flow: _Flow
    ) -> dict[str, Any]:
        from joserfc import jwt
        from joserfc.errors import JoseError
        from joserfc.jwk import KeySet

        try:
            decoded = jwt.decode(id_token, KeySet.import_key_set(jwks))  # type: ignore[arg-type]
            jwt.JWTClaimsRegistry(
                now=lambda: int(time.time()),
                leeway=60,
                iss={"essential": True, "value": self.issuer},
                aud={"essential": True, "value": self.client_id},
                sub={"essential": True},
                exp={"essential": True},
                nonce={"essential": True, "value": flow.nonce},
            ).validate(decoded.claims)
        except (JoseError, ValueError, KeyError) as exc:
            log.warning("OIDC ID token refused: %s", type(exc).__name__)
            raise UnauthenticatedError(
                "the OIDC provider's ID token did not check out"
            ) from None
        return dict(decoded.claims)

    def _check_groups(self, name: str, claims: dict[str, Any]) -> None:
        if not self.allowed_groups:
            return
        groups = claims.get(self.groups_claim) or []
        if isinstance(groups, str):
            groups = [groups]
        if not self.allowed_groups & {str(g) for g in groups}:
            log.warning("OIDC user %s is in none of OIDC_ALLOWED_GROUPS", name)
            raise ForbiddenError(f"{name} is not in a group allowed to use Docksmith")

    def _make_room(self, client: str) -> None:
        mine = [s for s, f in self._flows.items() if f.client == client]
        if len(mine) >= MAX_FLOWS_PER_CLIENT:
            del self._flows[mine[0]]
        elif len(self._flows) >= MAX_FLOWS:
            busiest, _ = Counter(f.client for f in self._flows.values()).most_common(1)[
                0
            ]
            oldest = next(s for s, f in self._flows.items() if f.client == busiest)
            del self._flows[oldest]

    def _forget_expired(self) -> None:
        now = self.clock()
        for state in [s for s, f in self._flows.items() if f.expires_at <= now]:
            del self._flows[state]


def _client_key(address: str) -> str:
    """An IPv4 address, or an IPv6 address's /64 (what one host or home is
    usually given, so its addresses count as one)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _provider_said(error: str | None, description: str | None) -> str:
    """The provider's error code and description as one short, plain line."""
    if error is None:
        return "it sent neither a code nor an error"
    text = error if not description else f"{error}: {description}"
    return "".join(ch if ch.isprintable() else " " for ch in text)[:300]
