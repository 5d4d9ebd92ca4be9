"""A test run stopped by SIGTERM (a CI timeout, a supervisor) still tears the
lab down: no dockerd, containerd or registry left running, no /tmp/dsl-* dir
left behind. Before, cleanup ran only at a normal exit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.lab

HOLDER = """
import json, os, time
from tests.lab.procs import live_pids, temp_dirs

def test_hold(lab_engine, lab_registry):
    lab = {
        "pid": os.getpid(),
        "pids": live_pids(),
        "dirs": [str(d) for d in temp_dirs()],
    }
    out = os.environ["LAB_STATE"]
    with open(out + ".tmp", "w") as f:
        json.dump(lab, f)
    os.replace(out + ".tmp", out)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize("workers", [0, 1], ids=["pytest", "xdist-worker"])
def test_sigterm_to_a_test_run_stops_the_lab(
    lab_engine, tmp_path: Path, workers: int
) -> None:
    # lab_engine first: packages installed (or the reason to skip) for the child.
    (tmp_path / "test_hold.py").write_text(HOLDER)
    state, log = tmp_path / "lab.json", tmp_path / "pytest.log"
    with log.open("wb") as out:
        run = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "tests.lab.fixtures",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:randomly",
                *(["-n", str(workers)] if workers else ["-p", "no:xdist"]),
                str(tmp_path / "test_hold.py"),
            ],
            cwd=ROOT,
            env={**os.environ, "LAB_STATE": str(state)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 300
        while not state.exists():
            assert run.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        lab = json.loads(state.read_text())
        assert lab["pids"]
        assert all(_alive(p) for p in lab["pids"])
        # The process running the test: pytest itself or its xdist worker.
        os.kill(lab["pid"], signal.SIGTERM)
        run.wait(timeout=180)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait(timeout=30)
    assert [p for p in lab["pids"] if _alive(p)] == [], log.read_text()
    assert [d for d in lab["dirs"] if Path(d).exists()] == [], log.read_text()
