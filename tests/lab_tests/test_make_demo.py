"""`make demo` stops cleanly when the make process alone gets SIGINT or
SIGTERM: the server shuts down gracefully, then the lab engine, its
containers, the registry and every temp dir go away.

Signals go to make's pid only (make runs in its own session): a terminal's
Ctrl-C reaches the whole group, which is the easy case; `kill <make pid>` is
what a supervisor or a CI timeout does.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import psutil
import pytest

from tests.lab.fixtures import unavailable
from tests.lab.packages import DEMO, missing
from tests.support.server import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.lab


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _catches(pid: int, signum: int) -> bool:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signum - 1) & 1)
    return False


def _wait(check, timeout: float, what: str, proc: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if proc.poll() is not None:
            pytest.fail(
                f"make demo exited {proc.returncode}:\n{log.read_text()[-3000:]}"
            )
        time.sleep(0.5)
    pytest.fail(f"{what} after {timeout:.0f}s:\n{log.read_text()[-3000:]}")


def _answers(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
    except httpx.HTTPError:
        return False
    return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_make_demo_stops_on_a_signal_to_make(tmp_path: Path, signum: int) -> None:
    if gaps := missing(DEMO):
        unavailable(f"missing Debian packages {', '.join(gaps)}")
    state, log, port = tmp_path / "demo", tmp_path / "make.log", free_port()
    # Without make's jobserver (the gate itself runs under make -j).
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    }
    with log.open("wb") as out:
        make = subprocess.Popen(
            [
                "make",
                "--no-print-directory",
                "demo",
                f"DEMO_DIR={state}",
                f"PORT={port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            # A test runner may ignore SIGINT; make keeps an ignored SIGINT
            # ignored, and then no Ctrl-C could ever stop it.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    try:
        lab_json = state / "lab.json"
        _wait(lab_json.exists, 600, "no lab.json", make, log)
        lab = json.loads(lab_json.read_text())
        _wait(lambda: _answers(port), 300, "the server never answered", make, log)
        pids = [*lab["pids"], lab["server_pid"]]
        assert all(_alive(p) for p in pids)
        assert all(Path(d).is_dir() for d in lab["dirs"])
        assert _catches(make.pid, signum)  # make handles it, as in a terminal

        os.kill(make.pid, signum)
        make.wait(timeout=180)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait(timeout=30)
    text = log.read_text()
    assert "Application shutdown complete" in text, text[-3000:]
    # After a graceful shutdown uvicorn re-raises the signal (SIGINT: 130).
    assert re.search(
        rf"server exited with status (0|-{int(signum)}|{128 + int(signum)})\n", text
    ), text[-3000:]
    assert [p for p in pids if _alive(p)] == []
    assert [d for d in lab["dirs"] if Path(d).exists()] == []
    engine_root = str(Path(lab["docker_host"].removeprefix("unix://")).parent)
    stragglers = [
        p.pid
        for p in psutil.process_iter(["cmdline"])
        if any(engine_root in part for part in p.info["cmdline"] or [])
    ]
    assert stragglers == []  # no containerd shim, no container left
    assert not _answers(port)
    assert not (state / "docker_host").exists()
