"""A loopback token server for a lab registry running with ``auth: token``.

It plays the part of ``auth.docker.io`` / ``ghcr.io/token``: a registry
challenge sends the client here with ``service`` and ``scope``; the issuer
checks Basic credentials (or an OAuth2 refresh token) against configured
users and answers with an RS256 JWT whose ``access`` claim grants what the
user may do. The JWT header carries an ``x5c`` chain holding a self-signed
certificate that :attr:`TokenIssuer.rootcertbundle` writes as PEM, which the
registry is configured to trust, so the real registry verifies real tokens.

Usage::

    with TokenIssuer(users={"alice": "pw"}) as issuer:
        registry.start(auth="token", **issuer.registry_options())
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.lab.procs import LOOPBACK, short_tmpdir

READ_ACTIONS = frozenset({"pull"})
ALL_ACTIONS = frozenset({"pull", "push", "delete", "*"})


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """One answered token request, for tests to assert on (no secrets kept)."""

    subject: str
    scopes: tuple[str, ...]
    access: tuple[tuple[str, str, tuple[str, ...]], ...]
    grant: str  # "basic", "anonymous", "refresh_token"


@dataclass
class TokenIssuer:
    """A threaded HTTP token endpoint at ``http://127.0.0.1:<port>/token``."""

    users: dict[str, str] = field(default_factory=dict)
    refresh_tokens: dict[str, str] = field(default_factory=dict)  # token -> user
    anonymous_pull: bool = False
    service: str = "docksmith-lab-registry"
    issuer: str = "docksmith-lab-issuer"
    lifetime: int = 300
    root: Path | None = None
    issued: list[IssuedToken] = field(default_factory=list)
    refused: int = 0

    def __post_init__(self) -> None:
        self.root = self.root or short_tmpdir("tokens")
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._cert = _self_signed(self._key, self.issuer)
        self.rootcertbundle = self.root / "token-ca.pem"
        self.rootcertbundle.write_bytes(
            self._cert.public_bytes(serialization.Encoding.PEM)
        )
        self._x5c = [
            base64.b64encode(
                self._cert.public_bytes(serialization.Encoding.DER)
            ).decode()
        ]
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("token issuer is not started")
        return int(self._server.server_address[1])

    @property
    def realm(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/token"

    def registry_options(self) -> dict[str, Any]:
        """Keyword arguments for ``LabRegistry.start(auth="token", ...)``."""
        return {
            "token_realm": self.realm,
            "token_service": self.service,
            "token_issuer": self.issuer,
            "rootcertbundle": self.rootcertbundle,
        }

    def start(self) -> TokenIssuer:
        issuer = self

        class Handler(_TokenHandler):
            owner = issuer

        self._server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="token-issuer",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> TokenIssuer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def mint(
        self,
        subject: str,
        access: list[dict[str, Any]],
        *,
        lifetime: int | None = None,
        audience: str | None = None,
    ) -> str:
        """Sign a token; tests may mint one directly (e.g. to push images)."""
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": subject,
            # distribution 2.8 reads `aud` as a single string.
            "aud": audience or self.service,
            "exp": now + (lifetime if lifetime is not None else self.lifetime),
            "nbf": now - 1,
            "iat": now,
            "jti": uuid.uuid4().hex,
            "access": access,
        }
        return jwt.encode(
            claims, self._key, algorithm="RS256", headers={"x5c": self._x5c}
        )

    def _allowed(self, user: str | None) -> frozenset[str]:
        if user is not None:
            return ALL_ACTIONS
        return READ_ACTIONS if self.anonymous_pull else frozenset()

    def _grant(self, user: str | None, scopes: list[str], grant: str) -> dict[str, Any]:
        allowed = self._allowed(user)
        access: list[dict[str, Any]] = []
        for scope in scopes:
            parsed = _parse_scope(scope)
            if parsed is None:
                continue
            kind, name, actions = parsed
            granted = sorted(a for a in actions if a in allowed)
            if granted:
                access.append({"type": kind, "name": name, "actions": granted})
        subject = user or ""
        token = self.mint(subject, access)
        with self._lock:
            self.issued.append(
                IssuedToken(
                    subject=subject,
                    scopes=tuple(scopes),
                    access=tuple(
                        (a["type"], a["name"], tuple(a["actions"])) for a in access
                    ),
                    grant=grant,
                )
            )
        return {
            "token": token,
            "access_token": token,
            "expires_in": self.lifetime,
            "issued_at": datetime.now(UTC).isoformat(),
        }

    def _refuse(self) -> None:
        with self._lock:
            self.refused += 1


def _parse_scope(scope: str) -> tuple[str, str, list[str]] | None:
    # `repository:name/with/slashes:pull,push`; the name may hold a `host:port`.
    kind, _, rest = scope.partition(":")
    name, _, actions = rest.rpartition(":")
    if not kind or not name:
        return None
    return kind, name, [a for a in actions.split(",") if a]


class _TokenHandler(BaseHTTPRequestHandler):
    owner: TokenIssuer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return  # keep test output quiet

    def _send_json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="docksmith-lab-issuer"')
        self.end_headers()
        self.wfile.write(data)

    def _deny(self, status: int, message: str) -> None:
        self.owner._refuse()
        self._send_json(status, {"errors": [{"code": "DENIED", "message": message}]})

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/token":
            self._send_json(404, {"errors": [{"code": "NOT_FOUND"}]})
            return
        query = parse_qs(url.query)
        if query.get("service", [""])[0] != self.owner.service:
            self._deny(400, "unknown service")
            return
        user: str | None = None
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                decoded = base64.b64decode(header[6:]).decode()
            except ValueError:
                self._deny(401, "malformed credentials")
                return
            name, _, password = decoded.partition(":")
            if self.owner.users.get(name) != password:
                self._deny(401, "invalid username or password")
                return
            user = name
        elif not self.owner.anonymous_pull:
            self._deny(401, "authentication required")
            return
        scopes = query.get("scope", [])
        grant = "basic" if user else "anonymous"
        self._send_json(200, self.owner._grant(user, scopes, grant))

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/token":
            self._send_json(404, {"errors": [{"code": "NOT_FOUND"}]})
            return
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        field_ = {k: v[0] for k, v in form.items()}
        if field_.get("service") != self.owner.service:
            self._deny(400, "unknown service")
            return
        grant = field_.get("grant_type")
        user: str | None = None
        if grant == "refresh_token":
            user = self.owner.refresh_tokens.get(field_.get("refresh_token", ""))
        elif grant == "password":
            name = field_.get("username", "")
            if self.owner.users.get(name) == field_.get("password"):
                user = name
        if user is None:
            self._deny(401, "invalid grant")
            return
        scopes = field_.get("scope", "").split()
        self._send_json(200, self.owner._grant(user, scopes, grant or ""))


def _self_signed(key: rsa.RSAPrivateKey, common_name: str) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
