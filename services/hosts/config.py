"""Host definitions: `DOCKER_HOSTS` entries and hosts added through the API.

A host is a name and an engine URL. What it takes to reach the engine (TLS
certificates, an SSH key and known_hosts) lives in the host's directory,
`HOSTS_DIR/<name>/`, never in the database or an API answer:

- `unix:///path/docker.sock`: nothing.
- `tcp://host:2376`: `ca.pem` (required: the engine's certificate is always
  verified), and `cert.pem` + `key.pem` for mutual TLS.
- `ssh://user@host[:port]`: `id_ed25519` (or `id_ecdsa`, `id_rsa`) and
  `known_hosts` holding the server's host key.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from services.docker.address import EngineAddress, SshFiles, TlsFiles
from services.errors import InvalidInputError
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.inputs import preview

HOST_NAME_FORM = (
    "a host name of 1-63 lower-case letters, digits, '-' or '_', "
    "starting with a letter or digit"
)
DOCKER_HOSTS_FORM = (
    "comma-separated name=url entries, e.g. "
    "nas=tcp://nas.lan:2376,vps=ssh://deploy@vps.example"
)
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
_SSH_KEYS = ("id_ed25519", "id_ecdsa", "id_rsa")


class HostKind(StrEnum):
    UNIX = "unix"
    TCP = "tcp"
    SSH = "ssh"


class HostSource(StrEnum):
    """Where a host was defined: the local engine, DOCKER_HOSTS or the API.
    Only hosts added through the API can be removed through it."""

    DEFAULT = "default"
    ENVIRONMENT = "environment"
    API = "api"


@frozen
class HostEntry:
    name: str
    url: str


@frozen
class HostSpec:
    name: str
    kind: HostKind
    source: HostSource
    address: EngineAddress

    @property
    def url(self) -> str:
        return self.address.display

    @property
    def file_access(self) -> bool:
        """Whether compose files of this host can be read and written: the
        default engine's are on (or mounted into) this machine, an SSH
        host's are reached over SFTP (and compose runs there over SSH)."""
        return self.source is HostSource.DEFAULT or self.remote_files

    @property
    def remote_files(self) -> bool:
        """Its compose files live on that host and are reached over SSH."""
        return self.source is not HostSource.DEFAULT and self.address.ssh is not None

    @property
    def compose_over_ssh(self) -> tuple[str, ...] | None:
        """The `ssh` command line that runs a command on this host with its
        own key and known_hosts (an unknown host key is refused), or None."""
        files = self.address.ssh
        if not self.remote_files or files is None:
            return None
        parts = urlsplit(self.address.url)
        return (
            "ssh",
            "-F",
            "/dev/null",
            "-i",
            str(files.identity),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            f"UserKnownHostsFile={files.known_hosts}",
            "-o",
            "GlobalKnownHostsFile=/dev/null",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "BatchMode=yes",
            "-p",
            str(parts.port or 22),
            "-l",
            parts.username or "",
            parts.hostname or "",
            "--",
        )

    @property
    def read_only_reason(self) -> str | None:
        if self.file_access:
            return None
        return (
            f"the compose files of host {self.name} are on that host and it gives "
            "no file access (only ssh:// hosts do): compose edits are off and only "
            "standalone-style operations are offered"
        )


def host_name(value: str) -> str:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise InvalidInputError(
            f"invalid host name {preview(value) if value else 'empty'}: expected {HOST_NAME_FORM}"
        )
    return value


def parse_docker_hosts(text: str) -> list[HostEntry]:
    """`nas=tcp://nas:2376,vps=ssh://me@vps` (commas or whitespace between
    entries). Names are unique and `local` is the default engine's."""
    entries: list[HostEntry] = []
    seen: set[str] = set()
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        name, sep, url = part.partition("=")
        if not sep or not url:
            raise InvalidInputError(f"{part!r}: expected {DOCKER_HOSTS_FORM}")
        name = host_name(name.strip())
        if name == DEFAULT_HOST:
            raise InvalidInputError(
                f"{DEFAULT_HOST!r} is the engine of DOCKER_HOST (or the default "
                "socket); give other hosts other names"
            )
        if name in seen:
            raise InvalidInputError(f"host {name!r} is defined twice")
        seen.add(name)
        engine_url(url)
        entries.append(HostEntry(name, url.strip()))
    return entries


def engine_url(url: str) -> HostKind:
    """The kind of an engine URL, or a clear error for anything else."""
    parts = urlsplit(url.strip())
    try:
        kind = HostKind(parts.scheme)
    except ValueError:
        raise InvalidInputError(
            f"unsupported engine URL {preview(url)}: expected unix://, tcp:// or ssh://"
        ) from None
    if kind is HostKind.UNIX and not parts.path:
        raise InvalidInputError(f"{preview(url)}: expected unix:///path/to/docker.sock")
    if kind is not HostKind.UNIX:
        if not parts.hostname:
            raise InvalidInputError(f"{preview(url)}: the URL names no host")
        try:
            parts.port  # noqa: B018  (urlsplit checks the port on access)
        except ValueError:
            raise InvalidInputError(
                f"{preview(url)}: the port is not a number"
            ) from None
        if parts.password is not None:
            raise InvalidInputError(
                f"{preview(url)}: no passwords in engine URLs; put an SSH key in the "
                "host's directory (docs/hosts.md)"
            )
    if kind is HostKind.TCP and parts.port is None:
        raise InvalidInputError(
            f"{preview(url)}: expected tcp://host:port (usually 2376)"
        )
    if kind is HostKind.SSH and not parts.username:
        raise InvalidInputError(f"{preview(url)}: expected ssh://user@host")
    return kind


def resolve(entry: HostEntry, source: HostSource, hosts_dir: Path) -> HostSpec:
    """The host with its TLS or SSH material found in `hosts_dir/<name>/`;
    missing material is an error that names the files to put there."""
    kind = engine_url(entry.url)
    folder = hosts_dir / entry.name
    tls: TlsFiles | None = None
    ssh: SshFiles | None = None
    if kind is HostKind.TCP:
        ca = folder / "ca.pem"
        if not ca.is_file():
            raise InvalidInputError(
                f"host {entry.name}: {ca} is missing; a tcp:// engine is reached "
                "with TLS verified against its CA (docs/hosts.md)"
            )
        cert, key = folder / "cert.pem", folder / "key.pem"
        if cert.is_file() != key.is_file():
            raise InvalidInputError(
                f"host {entry.name}: put both cert.pem and key.pem in {folder} "
                "(or neither)"
            )
        tls = TlsFiles(ca, cert, key) if cert.is_file() else TlsFiles(ca)
    elif kind is HostKind.SSH:
        identity = next((folder / n for n in _SSH_KEYS if (folder / n).is_file()), None)
        known_hosts = folder / "known_hosts"
        if identity is None or not known_hosts.is_file():
            raise InvalidInputError(
                f"host {entry.name}: {folder} needs a private key "
                f"({', '.join(_SSH_KEYS)}) and known_hosts with the server's "
                "host key (docs/hosts.md)"
            )
        ssh = SshFiles(identity, known_hosts)
    named_by = (
        f"DOCKER_HOSTS names the engine of host {entry.name}"
        if source is HostSource.ENVIRONMENT
        else f"host {entry.name} was added with this URL; remove it and add it "
        "again to change it"
    )
    return HostSpec(
        entry.name,
        kind,
        source,
        EngineAddress(entry.url.strip(), tls=tls, ssh=ssh, named_by=named_by),
    )


def default_host(docker_host: str | None) -> HostSpec:
    """The engine Docksmith runs next to. `DOCKER_HOST` may itself point at
    a TCP engine; its TLS then follows Docker's own variables, as today."""
    url = docker_host or "unix:///var/run/docker.sock"
    kind = (
        HostKind(urlsplit(url).scheme)
        if urlsplit(url).scheme in {"unix", "tcp", "ssh"}
        else HostKind.UNIX
    )
    return HostSpec(DEFAULT_HOST, kind, HostSource.DEFAULT, EngineAddress(url))
