"""`docksmith serve` in a child process, and a prober timing `/api/health`.

Hostile-input tests need the server on its own event loop (a freeze must not
be hidden by, or blamed on, the test's own work) and with the logging the
real command sets up, stderr going to a file as under a service manager.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.db import seed_migrated_sqlite
from tests.support.server import free_port


@dataclass
class ServerProcess:
    url: str
    log_path: Path
    proc: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def served(root: Path, docker_host: str, **env: str) -> Iterator[ServerProcess]:
    """`docksmith serve` on a free loopback port with state under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = root / "server.log"
    values = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DB_PATH": str(root / "d.db"),
        "DOCKER_HOST": docker_host,
        "SCRIPTS_DIR": str(root / "scripts"),
        "CHECK_INTERVAL": "24h",
        **env,
    }
    seed_migrated_sqlite(Path(values["DB_PATH"]))
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "rest.cli", "serve"],
            env=values,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = ServerProcess(f"http://127.0.0.1:{port}", log_path, proc)
    try:
        _wait_ready(server)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _wait_ready(server: ServerProcess, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"server exited: {server.log_text()[-2000:]}")
        try:
            if httpx.get(f"{server.url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server did not start: {server.log_text()[-2000:]}")


class HealthProbe:
    """`/api/health` every `interval` seconds from a child process (so the
    test's own work cannot delay it), recording each answer's latency; a
    failed call counts as infinite.

    Given the server's `pid`, a latency is the call's own time
    (`tests.support.sched`): wall time less what the server's event loop
    and the prober spent waiting for a CPU, so a loaded machine is not
    taken for a stalled server. `walls` keeps the wall times."""

    def __init__(
        self, url: str, interval: float = 0.02, *, pid: int | None = None
    ) -> None:
        self.url, self.interval, self.pid = url, interval, pid
        self.latencies: list[float] = []
        self.walls: list[float] = []
        self._proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> HealthProbe:
        args = [self.url, str(self.interval)]
        if self.pid is not None:
            args.append(str(self.pid))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.probe", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._proc.stdout is not None
        assert self._proc.stdout.readline().strip() == "ready"
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._proc is not None
        out, _ = self._proc.communicate("stop\n", timeout=60)
        timings = json.loads(out)
        self.walls = [float(wall) for wall, _ in timings]
        self.latencies = [float(own) for _, own in timings]

    @property
    def worst(self) -> float:
        return max(self.latencies, default=0.0)

    def share_over(self, limit: float) -> float:
        """The fraction of calls slower than `limit` seconds."""
        if not self.latencies:
            return 1.0
        return sum(1 for x in self.latencies if x > limit) / len(self.latencies)

    def summary(self) -> str:
        ordered = sorted(self.latencies)
        if not ordered:
            return "no health calls"
        p95 = ordered[int(len(ordered) * 0.95) - 1 if len(ordered) > 1 else 0]
        return (
            f"{len(ordered)} health calls: median {ordered[len(ordered) // 2] * 1000:.1f} ms, "
            f"p95 {p95 * 1000:.1f} ms, worst {ordered[-1] * 1000:.1f} ms "
            f"(wall: worst {max(self.walls, default=0.0) * 1000:.1f} ms)"
        )


# Latencies are the calls' own time (above), but a loaded machine still
# slows what it does run (caches, the VM's own share of the host), so a
# single slow answer proves nothing; a stalled loop shows as seconds, or as
# a large share of slow answers.
HEALTH_TARGET = 0.5
STALL = 2.0
SLOW_SHARE = 0.1


# A share needs a sample: a run of a second or two gives a handful of calls.
MIN_SAMPLE = 50


def assert_never_stalled(probe: HealthProbe) -> None:
    assert probe.latencies, "no health call was made"
    assert probe.worst < STALL, probe.summary()
    if len(probe.latencies) >= MIN_SAMPLE:
        assert probe.share_over(HEALTH_TARGET) <= SLOW_SHARE, probe.summary()
