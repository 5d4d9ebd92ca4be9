"""The docker SDK's `ssh://` transport with the host's own key and
known_hosts, and file access over the same SSH connection.

The SDK's own adapter reads `~/.ssh/config` and the system's host keys;
a host of Docksmith brings its key and `known_hosts` in its directory
instead (docs/hosts.md), and a host key that is not in that file is refused.
The remote side runs `docker system dial-stdio`, so the remote user needs
the docker CLI and a `DOCKER_HOST` (or the default socket) there.
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
import stat
import threading
from typing import Any
from urllib.parse import urlsplit

import docker
import docker.api.client
import docker.constants
import paramiko
from docker.transport.sshconn import SSHHTTPAdapter

from services import tempnames
from services.docker.address import EngineAddress, SshFiles

log = logging.getLogger(__name__)
_SSH_MOUNT = "http+docker://ssh"
# Errors of an SSH connection that mean the engine is out of reach.
SSH_ERRORS: tuple[type[BaseException], ...] = (paramiko.SSHException,)
# services.docker imports the SDK without paramiko, so the SDK's client
# found no ssh adapter then; it has one from the moment an SSH host is used.
docker.api.client.SSHHTTPAdapter = SSHHTTPAdapter  # type: ignore[attr-defined]


def ssh_clause(exc: BaseException, files: SshFiles) -> str | None:
    """Why an SSH host refused us, naming the file of its directory to fix,
    worded to follow "Docker engine at ..." (None when no SSH refusal is
    behind `exc`)."""
    seen: list[BaseException] = [exc]
    for current in seen:
        if isinstance(current, paramiko.BadHostKeyException):
            return (
                "presented an SSH host key other than the one "
                f"{files.known_hosts} lists for it (refused; if the server's "
                "key changed on purpose, put its new key there)"
            )
        if isinstance(current, paramiko.AuthenticationException):
            return (
                f"did not accept the SSH key {files.identity}: its public key "
                "must be in the remote user's ~/.ssh/authorized_keys"
            )
        if isinstance(current, paramiko.SSHException) and "known_hosts" in str(current):
            return (
                f"is not listed in {files.known_hosts} (an unknown SSH host key "
                "is refused): add its line from ssh-keyscan"
            )
        nested = (current.__cause__, current.__context__, *current.args)
        seen.extend(n for n in nested if isinstance(n, BaseException) and n not in seen)
    return None


class _HostSshAdapter(SSHHTTPAdapter):
    def __init__(self, base_url: str, files: SshFiles, timeout: int) -> None:
        self._files = files
        self._connect_timeout = timeout
        super().__init__(base_url, timeout, shell_out=False)

    def _create_paramiko_client(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        client = paramiko.SSHClient()
        client.load_host_keys(str(self._files.known_hosts))
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        self.ssh_client = client
        self.ssh_params: dict[str, Any] = {
            "hostname": parts.hostname,
            "port": parts.port or 22,
            "username": parts.username,
            "key_filename": str(self._files.identity),
            "look_for_keys": False,
            "allow_agent": False,
            "timeout": self._connect_timeout,
            "banner_timeout": self._connect_timeout,
            "auth_timeout": self._connect_timeout,
        }

    def sftp(self) -> paramiko.SFTPClient:
        """A file session over the connection the engine calls use."""
        client = self.ssh_client
        if client is None:
            raise ValueError("the SSH adapter has no client")
        transport = client.get_transport()
        if transport is None or not transport.is_active():
            client.connect(**self.ssh_params)
        return client.open_sftp()


def ssh_docker_client(address: EngineAddress, timeout: int) -> docker.DockerClient:
    """A DockerClient whose requests go through our SSH adapter."""
    if address.ssh is None:
        raise ValueError(f"{address.display} has no SSH key and known_hosts")
    adapter = _HostSshAdapter(address.url, address.ssh, timeout)
    # shell_out builds the SDK's adapter without connecting (ours replaces it)
    # and a fixed version skips its version probe over that adapter.
    client = docker.DockerClient(
        base_url=address.url,
        use_ssh_client=True,
        version=docker.constants.DEFAULT_DOCKER_API_VERSION,
        timeout=timeout,
    )
    client.api.mount(_SSH_MOUNT, adapter)
    client.api._custom_adapter = adapter  # type: ignore[attr-defined]
    # Negotiate as version="auto" would (Engine 20.10 speaks API 1.41).
    client.api._version = client.api._retrieve_server_version()  # type: ignore[attr-defined]
    return client


class RemoteFiles:
    """Files on an SSH host, read and written over the engine's connection.

    Writes are atomic (a temporary file beside the target, then a rename
    that replaces it), keep the target's mode and, where the login may,
    its owner, and go through a symlink to its target; bytes go through
    unchanged.
    """

    def __init__(self, client: docker.DockerClient) -> None:
        adapter = client.api.get_adapter(_SSH_MOUNT + "/")
        if not isinstance(adapter, _HostSshAdapter):
            raise TypeError("not a client of an SSH host")
        self._adapter = adapter
        self._lock = threading.Lock()

    def read(self, path: str | os.PathLike[str]) -> bytes:
        with (
            self._lock,
            self._adapter.sftp() as sftp,
            sftp.open(os.fspath(path), "rb") as f,
        ):
            return bytes(f.read())

    def mode(self, path: str | os.PathLike[str]) -> int | None:
        with self._lock, self._adapter.sftp() as sftp:
            try:
                found = sftp.stat(os.fspath(path)).st_mode
            except FileNotFoundError:
                return None
            return None if found is None else stat.S_IMODE(found)

    def write(
        self, path: str | os.PathLike[str], content: bytes, mode: int | None = None
    ) -> None:
        with self._lock, self._adapter.sftp() as sftp:
            path = _through_link(sftp, os.fspath(path))
            folder, name = posixpath.split(path)
            temporary = posixpath.join(folder, tempnames.new(name))
            try:
                current: paramiko.SFTPAttributes | None = sftp.stat(path)
            except FileNotFoundError:
                current = None
            if mode is None and current is not None and current.st_mode is not None:
                mode = current.st_mode
            try:
                with sftp.open(temporary, "wb") as f:
                    f.write(content)
                    owner = f.stat()
                if (
                    current is not None
                    and current.st_uid is not None
                    and current.st_gid is not None
                    and (owner.st_uid, owner.st_gid) != (current.st_uid, current.st_gid)
                ):
                    # Only root may give a file away; a login that may not
                    # keeps its own ownership rather than failing the update.
                    with contextlib.suppress(PermissionError):
                        sftp.chown(temporary, current.st_uid, current.st_gid)
                if mode is not None:
                    sftp.chmod(temporary, stat.S_IMODE(mode))
                sftp.posix_rename(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    sftp.remove(temporary)
                raise
            if owner.st_mtime is not None:
                with contextlib.suppress(OSError, paramiko.SSHException):
                    _remove_abandoned(sftp, folder, name, now=owner.st_mtime)


# Over SFTP no lock tells a write under way from one a kill abandoned: a
# temporary file unchanged for this long by the host's own clock (the
# mtime of the one just written) is abandoned; a compose file's write takes
# well under a second.
ABANDONED_AFTER = 600


def _remove_abandoned(
    sftp: paramiko.SFTPClient, folder: str, name: str, *, now: float
) -> None:
    """Remove the temporary files of `name` that writes killed before
    their rename left in `folder`: only regular files with a name our
    writes make for it (`services.tempnames`), never a fresh one."""
    for entry in sftp.listdir_attr(folder):
        if not tempnames.is_temporary_of(name, entry.filename):
            continue
        if entry.st_mode is None or not stat.S_ISREG(entry.st_mode):
            continue
        if entry.st_mtime is None or now - entry.st_mtime < ABANDONED_AFTER:
            continue
        with contextlib.suppress(OSError):
            sftp.remove(posixpath.join(folder, entry.filename))
            log.info(
                "removed %s on the SSH host, left by a write that did not finish",
                posixpath.join(folder, entry.filename),
            )


def _through_link(sftp: paramiko.SFTPClient, path: str) -> str:
    """The file a symlinked compose file points to, so that writing it keeps
    the link (a rename over the link would replace it with a plain file)."""
    try:
        found = sftp.lstat(path).st_mode
    except FileNotFoundError:
        return path
    if found is not None and stat.S_ISLNK(found):
        return sftp.normalize(path)
    return path
