"""`docksmith serve` as a separate process, measured from outside.

The server runs from a source tree (this one, or another checkout for a
before/after comparison) with the same interpreter, against the lab engine;
its CPU time and peak RSS are read from /proc through psutil, so nothing in
the server is instrumented.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import psutil


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_cpu_clock(pid: int) -> int:
    """The clock id of process `pid`'s CPU time, as clock_getcpuclockid(3)
    makes it (Linux: the pid inverted, shifted, and the scheduler clock's
    number), which Python does not wrap."""
    return (~pid << 3) | 2


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the process's peak resident set, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# The interpreter's flags for the server, as the image runs it
# (deploy/entrypoint.sh: without docstrings). `--python-flags NAME=` on the
# benchmarks measures a tree without them.
SERVE_FLAGS: tuple[str, ...] = ("-OO",)


def parse_python_flags(specs: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """`NAME=FLAGS` options: the serve flags of the tree called NAME."""
    return {
        name: tuple(flags.split())
        for name, flags in (spec.split("=", 1) for spec in specs)
    }


_COMPILED: set[tuple[Path, tuple[str, ...]]] = set()


def compile_bytecode(tree: Path, flags: Sequence[str] = SERVE_FLAGS) -> None:
    """Compile the tree's, the environment's and the standard library's
    modules for these flags, as the image does when it is built (Dockerfile),
    so no measured start compiles from source (PYTHONDONTWRITEBYTECODE, or a
    first run at a new optimisation level). Up-to-date files are skipped."""
    if (tree, tuple(flags)) in _COMPILED:
        return
    _COMPILED.add((tree, tuple(flags)))
    paths = sysconfig.get_paths()
    dirs = [tree / "services", tree / "rest", tree / "schema", tree / "resolvers"]
    dirs += [Path(paths["purelib"]), Path(paths["stdlib"])]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    # A file that is not Python 3 (test data some packages ship) is never
    # imported: compileall's failure for it is no error here.
    subprocess.run(
        [sys.executable, *flags, "-m", "compileall", "-q", "-j", "0", *map(str, dirs)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def import_floor_mb(tree: Path, flags: Sequence[str] = SERVE_FLAGS) -> float:
    """Peak RSS of a fresh interpreter that imports what `docksmith serve` does."""
    code = (
        "import resource, rest.cli, rest.cli.serve, rest.app, uvicorn;"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    compile_bytecode(tree, flags)
    out = subprocess.run(
        [sys.executable, *flags, "-c", code],
        env=_env(tree, {}),
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.split()[-1]) / 1024


def _env(tree: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DOCKER_", "COMPOSE_"))
    }
    env["PYTHONPATH"] = str(tree)
    env.update(extra)
    return env


class Server:
    def __init__(
        self,
        tree: Path,
        state: Path,
        docker_host: str,
        *,
        wait_for_check: bool = True,
        flags: Sequence[str] = SERVE_FLAGS,
    ) -> None:
        """`wait_for_check=False`: ready once it answers (a server without an
        engine never finishes its start-up check)."""
        self.tree = tree
        compile_bytecode(tree, flags)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        state.mkdir(parents=True, exist_ok=True)
        (state / "docker-config").mkdir(exist_ok=True)
        self._log = (state / "server.log").open("w")
        env = _env(
            tree,
            {
                "DOCKER_HOST": docker_host,
                "DOCKER_CONFIG": str(state / "docker-config"),
                "DB_PATH": str(state / "docksmith.db"),
                "PORT": str(self.port),
                "HOST": "127.0.0.1",
                "CHECK_INTERVAL": "24h",
                "LOG_LEVEL": "WARNING",
                "SCRIPTS_DIR": str(state / "scripts"),
            },
        )
        self.proc = subprocess.Popen(
            [
                sys.executable,
                *flags,
                "-c",
                "from rest.cli import main; main()",
                "serve",
            ],
            env=env,
            cwd=tree,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.ps = psutil.Process(self.proc.pid)
        self.http = httpx.Client(base_url=self.url, timeout=120)
        try:
            self._wait_ready(wait_for_check)
        except BaseException:
            # No caller holds this server yet: one that never got ready (a
            # start-up check too slow on a loaded machine) kept running
            # after the benchmark had failed and stopped its lab engine.
            self.close()
            raise

    def _wait_ready(self, wait_for_check: bool) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited; see {self._log.name}")
            try:
                status = self.status()
            except httpx.HTTPError:
                time.sleep(0.1)
                continue
            if not wait_for_check:
                return
            # The start-up background check must be over before measuring.
            if status["last_background_run"] and not status["checking"]:
                return
            time.sleep(0.1)
        raise RuntimeError("server did not finish its start-up check")

    def status(self) -> dict[str, Any]:
        body = self.http.get("/api/status").json()
        return dict(body["data"])

    def cpu_seconds(self) -> float:
        """The server's CPU time, every thread's (exited ones' too), to the
        nanosecond: the kernel's CPU clock of the process. /proc's user and
        system times count 10 ms ticks, coarser than the differences a
        side-by-side run looks for (3 ticks in a 2,000-container check)."""
        try:
            return time.clock_gettime_ns(process_cpu_clock(self.proc.pid)) / 1e9
        except OSError:
            times = self.ps.cpu_times()
            return float(times.user + times.system)

    def main_thread_cpu_seconds(self) -> float:
        """CPU time of the thread running the event loop, to the nanosecond
        (the rest is worker threads': engine calls, SQLite, compose reads)."""
        text = Path(f"/proc/{self.proc.pid}/schedstat").read_text()
        return int(text.split()[0]) / 1e9

    def peak_rss_mb(self) -> float:
        return peak_rss_mb(self.proc.pid)

    def reset_peak(self) -> None:
        """Start VmHWM again from the current RSS (the kernel's clear_refs)."""
        Path(f"/proc/{self.proc.pid}/clear_refs").write_text("5")

    def rss_mb(self) -> float:
        return float(self.ps.memory_info().rss) / 2**20

    def close(self) -> None:
        self.http.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()
