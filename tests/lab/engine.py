"""A private Docker engine (Debian docker.io, Engine 20.10) for real tests.

The engine gets its own socket, data root, exec root and its own containerd
(started here with its own socket and state), so it can run beside an engine
the user already has without touching it. It has no bridge and no iptables
rules: containers run with ``--network none``. Every CLI call goes through
:meth:`LabEngine.docker`, which sets DOCKER_HOST and a private DOCKER_CONFIG
explicitly so nothing ever reaches /var/run/docker.sock or ~/.docker.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from tests.lab.procs import (
    Daemon,
    LabError,
    free_port,
    run,
    short_tmpdir,
    tail,
    unmount_under,
    wait_until,
)
from tests.lab.tls import TlsFiles

CONTAINERD_TOML = """\
version = 2
root = "{root}"
state = "{state}"
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "{sock}"

[ttrpc]
  address = "{sock}.ttrpc"

[debug]
  level = "warn"
"""


def docker_cli() -> str:
    """The Debian client matches the engine; fall back to whatever is on PATH."""
    for candidate in ("/usr/bin/docker", shutil.which("docker")):
        if candidate and Path(candidate).exists():
            return candidate
    raise LabError("no docker CLI found (install the docker.io package)")


def find_binary(name: str) -> str:
    """A daemon binary from PATH or the sbin dirs a non-login PATH may lack."""
    path = os.environ.get("PATH", "") + ":/usr/sbin:/sbin:/usr/bin"
    found = shutil.which(name, path=path)
    if found is None:
        raise LabError(f"{name} not found (install the docker.io package)")
    return found


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: Path, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(os.fspath(self._path))
        self.sock = sock


class LabEngine:
    """One private dockerd + containerd pair rooted in a short temp dir."""

    def __init__(
        self, root: Path | None = None, *, tls: TlsFiles | None = None
    ) -> None:
        """``tls`` also serves the API on ``tcp://127.0.0.1:<tcp_port>``
        with mutual TLS (clients need a certificate signed by the CA)."""
        self.tls = tls
        self.tcp_port = free_port() if tls is not None else None
        self.root = root or short_tmpdir("engine")
        self.root.mkdir(parents=True, exist_ok=True)
        self.socket_path = self.root / "docker.sock"
        self.docker_host = f"unix://{self.socket_path}"
        self.data_root = self.root / "data"
        self.exec_root = self.root / "exec"
        self.pidfile = self.root / "dockerd.pid"
        self.log_path = self.root / "dockerd.log"
        self.containerd_socket = self.root / "ctd.sock"
        self.containerd_log = self.root / "containerd.log"
        self.docker_config = self.root / "cli-config"
        self.docker_config.mkdir(exist_ok=True)
        self.cli = docker_cli()
        self._dockerd: Daemon | None = None
        self._containerd: Daemon | None = None
        self.start_seconds: float | None = None

    @property
    def env(self) -> dict[str, str]:
        """Environment for any CLI (docker, compose) aimed at this engine."""
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DOCKER_", "COMPOSE_"))
        }
        env["DOCKER_HOST"] = self.docker_host
        env["DOCKER_CONFIG"] = os.fspath(self.docker_config)
        return env

    @property
    def is_running(self) -> bool:
        return self._dockerd is not None and self._dockerd.alive() and self.ping()

    def __enter__(self) -> LabEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, timeout: float = 45) -> None:
        """Start (or restart) the engine on the same socket and data."""
        if self._dockerd is not None and self._dockerd.alive():
            return
        began = time.monotonic()
        self._start_containerd(timeout)
        for stale in (self.socket_path, self.pidfile):
            stale.unlink(missing_ok=True)
        cmd: list[str | os.PathLike[str]] = [
            find_binary("dockerd"),
            "-H",
            self.docker_host,
            "--data-root",
            self.data_root,
            "--exec-root",
            self.exec_root,
            "--pidfile",
            self.pidfile,
            "--containerd",
            self.containerd_socket,
            "--bridge=none",
            "--iptables=false",
            "--ip6tables=false",
            "--ip-masq=false",
            "--userland-proxy=false",
            "--log-level=warn",
        ]
        if self.tls is not None:
            cmd += [
                "-H",
                f"tcp://127.0.0.1:{self.tcp_port}",
                "--tlsverify",
                "--tlscacert",
                self.tls.ca,
                "--tlscert",
                self.tls.server_cert,
                "--tlskey",
                self.tls.server_key,
            ]
        self._dockerd = Daemon(
            "dockerd", cmd, log=self.log_path, env=self._daemon_env()
        )
        wait_until(
            self.ping,
            timeout=timeout,
            what=f"dockerd on {self.socket_path} did not answer _ping",
            alive=self._dockerd.alive,
            log=self.log_path,
            interval=0.1,
        )
        self.start_seconds = time.monotonic() - began

    def _daemon_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
        env["PATH"] = env.get("PATH", "") + ":/usr/sbin:/sbin:/usr/bin"
        return env

    def _start_containerd(self, timeout: float) -> None:
        if self._containerd is not None and self._containerd.alive():
            return
        config = self.root / "containerd.toml"
        config.write_text(
            CONTAINERD_TOML.format(
                root=self.root / "ctd-root",
                state=self.root / "ctd-state",
                sock=self.containerd_socket,
            )
        )
        self.containerd_socket.unlink(missing_ok=True)
        self._containerd = Daemon(
            "containerd",
            [find_binary("containerd"), "--config", config],
            log=self.containerd_log,
            env=self._daemon_env(),
        )
        wait_until(
            self.containerd_socket.exists,
            timeout=timeout,
            what="containerd did not create its socket",
            alive=self._containerd.alive,
            log=self.containerd_log,
        )

    def stop(self, timeout: float = 20) -> None:
        """Take the engine away (socket gone); :meth:`start` brings it back."""
        if self._dockerd is not None:
            self._dockerd.stop(timeout=timeout)
            self._dockerd = None
        self.socket_path.unlink(missing_ok=True)

    def close(self) -> None:
        """Stop dockerd and containerd, unmount leftovers and delete the root."""
        with contextlib.suppress(LabError):
            self._remove_all_containers()
        self.stop()
        if self._containerd is not None:
            self._containerd.stop(timeout=10)
            self._containerd = None
        unmount_under(self.root)
        shutil.rmtree(self.root, ignore_errors=True)

    @contextlib.contextmanager
    def stopped(self) -> Iterator[None]:
        """Engine down inside the block, up again afterwards (even on failure)."""
        self.stop()
        try:
            yield
        finally:
            self.start()

    def containers(self) -> dict[str, str]:
        """Every container on the engine, running or not: id -> name."""
        status, raw = self.api("GET", "/containers/json?all=1")
        if status != 200:
            raise LabError(f"listing containers: HTTP {status}: {raw[:200]!r}")
        return {
            str(row["Id"]): str((row.get("Names") or ["?"])[0]).lstrip("/")
            for row in json.loads(raw)
        }

    def labelled(self, kind: str, label: str) -> list[dict[str, Any]]:
        """The engine's list of ``kind`` ("containers", all states, or
        "networks") carrying ``label`` (``key`` or ``key=value``), newest
        first: the rows of ``GET /<kind>/json``."""
        query = urllib.parse.quote(json.dumps({"label": [label]}))
        path = f"/{kind}?filters={query}"
        if kind == "containers":
            path = f"/containers/json?all=1&filters={query}"
        status, raw = self.api("GET", path, timeout=30)
        if status != 200:
            raise LabError(f"listing {kind} with {label}: HTTP {status}: {raw[:200]!r}")
        rows: list[dict[str, Any]] = json.loads(raw)
        return rows

    def remove_labelled(self, label: str) -> None:
        """Force-remove every container carrying ``label``, then every network
        (what ``compose down`` leaves behind for a project label; no stop
        timeout to wait out, no CLI to start)."""
        for kind, query in (("containers", "?force=1"), ("networks", "")):
            for row in self.labelled(kind, label):
                status, raw = self.api(
                    "DELETE", f"/{kind}/{row['Id']}{query}", timeout=60
                )
                # 404: gone meanwhile (a product's own clean-up, say).
                if status not in (200, 204, 404):
                    raise LabError(
                        f"removing {kind} {row['Id'][:12]}: HTTP {status}: {raw[:200]!r}"
                    )

    def _remove_all_containers(self) -> None:
        if not self.is_running:
            return
        ids = self.docker("ps", "-aq", timeout=20).stdout.split()
        if ids:
            self.docker("rm", "-f", *ids, timeout=60, check=False)

    def ping(self) -> bool:
        try:
            status, body = self.api("GET", "/_ping", timeout=1)
        except OSError:
            return False
        return status == 200 and body == b"OK"

    def api(self, method: str, path: str, *, timeout: float = 10) -> tuple[int, bytes]:
        """A raw Engine API call over the unix socket (no SDK involved)."""
        conn = _UnixHTTPConnection(self.socket_path, timeout)
        try:
            conn.request(method, path)
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def docker(
        self,
        *args: str | os.PathLike[str],
        timeout: float = 60,
        check: bool = True,
        input: str | bytes | None = None,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run the docker CLI against this engine; ``env`` adds/overrides vars."""
        full_env = self.env | dict(env or {})
        return run(
            [self.cli, *args],
            env=full_env,
            timeout=timeout,
            check=check,
            input=input,
            cwd=cwd,
        )

    def inspect(self, *names: str) -> list[dict[str, Any]]:
        out = self.docker("inspect", *names, timeout=20)
        data: list[dict[str, Any]] = json.loads(out.stdout)
        return data

    def run_container(
        self,
        name: str,
        image: str,
        *,
        labels: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
        command: Sequence[str] = (),
        extra_args: Sequence[str] = (),
    ) -> str:
        """``docker run -d --network none``; returns the container id."""
        args: list[str] = ["run", "-d", "--network", "none", "--name", name]
        for key, value in (labels or {}).items():
            args += ["--label", f"{key}={value}"]
        for key, value in (env or {}).items():
            args += ["--env", f"{key}={value}"]
        args += [*extra_args, image, *command]
        return self.docker(*args, timeout=60).stdout.strip()

    def remove_container(self, name: str) -> None:
        self.docker("rm", "-f", name, timeout=30, check=False)

    def log_tail(self, lines: int = 30) -> str:
        return tail(self.log_path, lines)
