"""A private OpenSSH server on 127.0.0.1 for the SSH-reached Docker host.

It accepts one test key for the current user, runs the sessions with
``DOCKER_HOST`` pointing at a lab engine's socket (so ``docker system
dial-stdio`` reaches that engine) and serves SFTP. Its host key is new for
every server; :attr:`LabSshd.known_hosts_line` is what a client must trust.
"""

from __future__ import annotations

import getpass
import os
import shutil
from pathlib import Path

from tests.lab.procs import (
    Daemon,
    LabError,
    free_port,
    port_open,
    run,
    short_tmpdir,
    wait_until,
)

SSHD_CONFIG = """\
Port {port}
ListenAddress 127.0.0.1
HostKey {root}/host_key
PidFile {root}/sshd.pid
AuthorizedKeysFile {root}/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
AllowTcpForwarding no
X11Forwarding no
SetEnv {set_env}
Subsystem sftp internal-sftp
"""


def _keygen(path: Path) -> None:
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path], timeout=30)


class LabSshd:
    def __init__(self, docker_host: str, *, env: dict[str, str] | None = None) -> None:
        """`env`: more variables every session gets (sshd's SetEnv)."""
        self.root = short_tmpdir("sshd")
        self.env = {"DOCKER_HOST": docker_host, **(env or {})}
        self.port = free_port()
        self.user = getpass.getuser()
        self.docker_host = docker_host
        self.client_key = self.root / "id_ed25519"
        self.log_path = self.root / "sshd.log"
        self._daemon: Daemon | None = None

    @property
    def url(self) -> str:
        return f"ssh://{self.user}@127.0.0.1:{self.port}"

    @property
    def known_hosts_line(self) -> str:
        public = (self.root / "host_key.pub").read_text().split()
        return f"[127.0.0.1]:{self.port} {public[0]} {public[1]}\n"

    def start(self, timeout: float = 30) -> None:
        sshd = shutil.which("sshd", path="/usr/sbin:/sbin:/usr/bin")
        if sshd is None:
            raise LabError("sshd not found (install openssh-server)")
        _keygen(self.root / "host_key")
        _keygen(self.client_key)
        (self.root / "authorized_keys").write_text(
            (self.root / "id_ed25519.pub").read_text()
        )
        config = self.root / "sshd_config"
        config.write_text(
            SSHD_CONFIG.format(
                port=self.port,
                root=self.root,
                set_env=" ".join(f"{k}={v}" for k, v in self.env.items()),
            )
        )
        # sshd insists on its privilege separation directory.
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        self._daemon = Daemon(
            "sshd",
            [sshd, "-D", "-e", "-f", config],
            log=self.log_path,
            env=dict(os.environ),
        )
        wait_until(
            lambda: port_open(self.port),
            timeout=timeout,
            what=f"sshd on 127.0.0.1:{self.port} did not listen",
            alive=self._daemon.alive,
            log=self.log_path,
        )

    def host_folder(self, folder: Path, *, known_hosts: str | None = None) -> Path:
        """A Docksmith host directory: the client key and known_hosts."""
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.client_key, folder / "id_ed25519")
        (folder / "known_hosts").write_text(
            self.known_hosts_line if known_hosts is None else known_hosts
        )
        return folder

    def close(self) -> None:
        if self._daemon is not None:
            self._daemon.stop(timeout=10)
            self._daemon = None
        shutil.rmtree(self.root, ignore_errors=True)
