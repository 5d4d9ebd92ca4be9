"""The stall probe measures the server, not the machine: a server starved of
CPU by other processes is not a stalled one, and a server that stops
answering still is (tests/support/sched.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.process import (
    STALL,
    HealthProbe,
    ServerProcess,
    assert_never_stalled,
    served,
)

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/schedstat").exists(),
    reason="the kernel keeps no scheduler statistics (the probe counts wall time)",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[ServerProcess]:
    root = tmp_path_factory.mktemp("probe")
    with served(root, f"unix://{root}/no-docker.sock") as process:
        yield process


# Busy loops beside the server. Against one, an idle-priority thread still
# runs a slice every ~0.35 s (its weight is 3 to the loop's 1,024), so on a
# quiet machine a health call took ~1 s, under STALL; each loop more adds
# that wait again, whatever else the machine is doing.
HOGS = 8


@contextmanager
def starved(pid: int) -> Iterator[None]:
    """The server's event loop on CPU 0 at idle priority, beside busy loops
    there: runnable nearly all the time, running almost never."""
    cpu = {min(os.sched_getaffinity(0))}
    before = os.sched_getaffinity(pid), os.sched_getscheduler(pid)
    hogs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"import os\nos.sched_setaffinity(0, {cpu})\nwhile True: pass",
            ]
        )
        for _ in range(HOGS)
    ]
    try:
        os.sched_setaffinity(pid, cpu)
        os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
        yield
    finally:
        os.sched_setscheduler(pid, before[1], os.sched_param(0))
        os.sched_setaffinity(pid, before[0])
        for hog in hogs:
            hog.kill()
            hog.wait()


def test_a_server_starved_of_cpu_is_not_a_stalled_one(server):
    # Starved inside the probe's span: the call under way when the server
    # gets its CPU back ends at once.
    with (
        HealthProbe(server.url, pid=server.proc.pid) as probe,
        starved(server.proc.pid),
    ):
        time.sleep(STALL * 1.5)
    print(probe.summary())
    assert max(probe.walls) > STALL, probe.summary()
    assert_never_stalled(probe)


def test_a_server_that_stops_answering_is_a_stalled_one(server):
    with HealthProbe(server.url, pid=server.proc.pid) as probe:
        os.kill(server.proc.pid, signal.SIGSTOP)
        try:
            time.sleep(STALL * 1.5)
        finally:
            os.kill(server.proc.pid, signal.SIGCONT)
    with pytest.raises(AssertionError):
        assert_never_stalled(probe)
