"""Registry credentials from the Docker config, credential helpers and GITHUB_TOKEN.

Owns reading `$DOCKER_CONFIG/config.json` (or `~/.docker/config.json`):
`auths` entries (base64 `auth`, `username`/`password`, `identitytoken`),
`credHelpers` and `credsStore` (running `docker-credential-<name> get` with a
timeout), and `GITHUB_TOKEN` for ghcr.io. Secrets stay inside `Credential`
(never in its repr); the only outward description is `DockerConfigSummary`,
which names registries and the config path and nothing else.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.errors import InvalidInputError
from services.frozen import frozen
from services.registry.references import parse_reference

log = logging.getLogger(__name__)

HUB_CONFIG_KEY = "https://index.docker.io/v1/"
_HUB_NAMES = frozenset(
    {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}
)
# Helpers such as ecr-login hand out short-lived secrets: ask again after this.
HELPER_RESULT_SECONDS = 600.0
# `docker login` stores this username when the secret is an identity token.
_TOKEN_USERNAME = "<token>"  # noqa: S105 - a marker, not a secret
GHCR = "ghcr.io"


@frozen
class Credential:
    username: str
    secret: str = field(repr=False)
    is_identity_token: bool = False
    source: str = "config"

    @property
    def identity(self) -> str:
        """A non-secret key that tells credentials apart (for token caching)."""
        return f"{self.source}:{self.username}"


@frozen
class DockerConfigSummary:
    """What `GET /api/docker-config` may show: where, and for which registries."""

    config_path: str
    config_found: bool
    registries: list[str]
    cred_helpers: dict[str, str]
    creds_store: str | None
    github_token: bool
    error: str | None = None


def registry_key(server: str) -> str:
    """Normalise a config key (`https://index.docker.io/v1/`, `ghcr.io`) to a host."""
    host = server.strip()
    for scheme in ("https://", "http://"):
        host = host.removeprefix(scheme)
    host = host.split("/", 1)[0].lower()
    return "docker.io" if host in _HUB_NAMES else host


def default_config_path() -> Path:
    env = os.environ.get("DOCKER_CONFIG")
    base = Path(env) if env else Path.home() / ".docker"
    return base / "config.json"


@dataclass(slots=True)
class _ParsedConfig:
    auths: dict[str, Credential] = field(default_factory=dict)
    helpers: dict[str, str] = field(default_factory=dict)
    store: str | None = None
    found: bool = False
    error: str | None = None


def _decode_auth(entry: dict[str, Any]) -> Credential | None:
    token = entry.get("identitytoken")
    username = entry.get("username")
    password = entry.get("password")
    encoded = entry.get("auth")
    if isinstance(encoded, str) and encoded:
        try:
            decoded = base64.b64decode(encoded, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        username, sep, password = decoded.partition(":")
        if not sep:
            return None
    if isinstance(token, str) and token:
        return Credential(str(username or _TOKEN_USERNAME), token, True)
    if isinstance(username, str) and isinstance(password, str) and username:
        return Credential(username, password)
    return None


def _parse_config(path: Path) -> _ParsedConfig:
    parsed = _ParsedConfig()
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return parsed
    except (OSError, ValueError) as exc:
        parsed.error = f"cannot read Docker config {path}: {type(exc).__name__}"
        return parsed
    parsed.found = True
    if not isinstance(data, dict):
        parsed.error = f"Docker config {path} is not a JSON object"
        return parsed
    for server, entry in (data.get("auths") or {}).items():
        if isinstance(entry, dict) and (cred := _decode_auth(entry)):
            parsed.auths[registry_key(server)] = cred
    for server, helper in (data.get("credHelpers") or {}).items():
        if isinstance(helper, str) and helper:
            parsed.helpers[registry_key(server)] = helper
    store = data.get("credsStore")
    parsed.store = store if isinstance(store, str) and store else None
    return parsed


class CredentialStore:
    """Looks credentials up per registry host, reading the config once."""

    def __init__(
        self,
        config_path: Path | None = None,
        *,
        github_token: str | None = None,
        helper_timeout: float = 10.0,
    ) -> None:
        self.config_path = config_path or default_config_path()
        self._github_token = github_token or None
        self._helper_timeout = helper_timeout
        self._config = _parse_config(self.config_path)
        self._helper_results: dict[str, tuple[Credential | None, float]] = {}
        self._lock = asyncio.Lock()

    async def lookup(self, registry: str) -> Credential | None:
        """Credentials for `registry` (a host as in `ImageReference.registry`)."""
        key = registry_key(registry)
        if key == GHCR and self._github_token:
            return Credential("docksmith", self._github_token, source="GITHUB_TOKEN")
        helper = self._config.helpers.get(key)
        if helper:
            return await self._from_helper(helper, key)
        if key in self._config.auths:
            return self._config.auths[key]
        if self._config.store:
            return await self._from_helper(self._config.store, key)
        return None

    async def _from_helper(self, helper: str, key: str) -> Credential | None:
        async with self._lock:
            cache_key = f"{helper}\0{key}"
            cached = self._helper_results.get(cache_key)
            if cached is not None and time.monotonic() < cached[1]:
                return cached[0]
            credential = await self._run_helper(helper, key)
            expires = time.monotonic() + HELPER_RESULT_SECONDS
            self._helper_results[cache_key] = (credential, expires)
            return credential

    async def _run_helper(self, helper: str, key: str) -> Credential | None:
        program = shutil.which(f"docker-credential-{helper}")
        if program is None:
            log.warning("credential helper docker-credential-%s is not on PATH", helper)
            return None
        server = HUB_CONFIG_KEY if key == "docker.io" else key
        proc = await asyncio.create_subprocess_exec(
            program,
            "get",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            async with asyncio.timeout(self._helper_timeout):
                out, _ = await proc.communicate(server.encode())
        except TimeoutError:
            proc.kill()
            await proc.wait()
            log.warning(
                "credential helper docker-credential-%s timed out for %s", helper, key
            )
            return None
        if proc.returncode != 0:
            # "credentials not found" is the helper's way of saying anonymous.
            return None
        try:
            data = json.loads(out)
        except ValueError:
            log.warning("credential helper docker-credential-%s gave bad JSON", helper)
            return None
        username, secret = data.get("Username"), data.get("Secret")
        if not isinstance(username, str) or not isinstance(secret, str) or not secret:
            return None
        source = f"helper:{helper}"
        if username == _TOKEN_USERNAME:
            return Credential(username, secret, True, source)
        return Credential(username, secret, source=source)

    def describe(self) -> DockerConfigSummary:
        registries = set(self._config.auths) | set(self._config.helpers)
        if self._github_token:
            registries.add(GHCR)
        return DockerConfigSummary(
            config_path=str(self.config_path),
            config_found=self._config.found,
            registries=sorted(registries),
            cred_helpers=dict(sorted(self._config.helpers.items())),
            creds_store=self._config.store,
            github_token=self._github_token is not None,
            error=self._config.error,
        )


def engine_auth_config(credential: Credential | None) -> dict[str, str] | None:
    """The Docker Engine's X-Registry-Auth shape for a pull with `credential`."""
    if credential is None:
        return None
    if credential.is_identity_token:
        return {"identitytoken": credential.secret}
    return {"username": credential.username, "password": credential.secret}


@frozen
class RegistryUse:
    """A registry the containers pull from and where its credentials come
    from (`config`, `helper:NAME`, `GITHUB_TOKEN`; None: anonymous). Never
    the username or the secret."""

    registry: str
    containers: tuple[str, ...]
    credential_source: str | None

    @property
    def credentials_found(self) -> bool:
        return self.credential_source is not None


async def registries_in_use(
    images: Iterable[tuple[str, str]], credentials: CredentialStore
) -> list[RegistryUse]:
    """The registries of `(container, image)` pairs, by host, each with the
    source of the credentials a pull would use. An image that is not a
    reference (a bare id) has no registry and is left out."""
    users: dict[str, list[str]] = {}
    for container, image in images:
        try:
            host = parse_reference(image).registry
        except InvalidInputError:
            continue
        users.setdefault(host, []).append(container)
    uses = []
    for host in sorted(users):
        credential = await credentials.lookup(host)
        uses.append(
            RegistryUse(
                registry=host,
                containers=tuple(sorted(users[host])),
                credential_source=credential.source if credential else None,
            )
        )
    return uses
