"""Where a Docker engine is and how to reach it: the URL plus the TLS or SSH
material of its host (see services/hosts and docs/hosts.md).

Only paths are kept here, never key contents, so an address can be shown
(`display`) without revealing a secret.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from services.frozen import frozen


@frozen
class TlsFiles:
    """Mutual TLS for `tcp://`: the CA that signed the engine's certificate
    (verification is always on) and, optionally, the client's pair."""

    ca: Path
    cert: Path | None = None
    key: Path | None = None


@frozen
class SshFiles:
    """SSH for `ssh://`: the private key to log in with and the host keys
    the server must present (an unknown or changed key is refused)."""

    identity: Path
    known_hosts: Path


@frozen
class EngineAddress:
    url: str
    tls: TlsFiles | None = None
    ssh: SshFiles | None = None
    # Where a person changes this URL, for the hint of "no socket there":
    # `DOCKER_HOST` for the local engine, another place for other hosts.
    named_by: str = "DOCKER_HOST names the engine to use"

    @property
    def scheme(self) -> str:
        return urlsplit(self.url).scheme

    @property
    def display(self) -> str:
        """The URL without a password (a user name is not a secret)."""
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        netloc = parts.netloc.split("@", 1)[1]
        user = f"{parts.username}@" if parts.username else ""
        return parts._replace(netloc=user + netloc).geturl()
