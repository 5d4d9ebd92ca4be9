"""How long a span took for the processes in it, not for the machine.

The suite shares a 2-core machine with other runs, often at a load of 15 or
more, where a request that costs the server a few milliseconds can wait
seconds for a CPU. Linux counts, per thread, the time it spent runnable but
not running (the second field of /proc/<tid>/schedstat): time in which that
thread could not have been stalled by its own code, since it was ready to
run. A span's `own` time is its wall time minus that wait of the server's
event-loop thread (the main thread of `docksmith serve`) and of the
measuring thread. Everything else still counts in full: the loop's own CPU
work, and any time it spent blocked (a sync call, a full pipe, a lock), so
a stalled loop shows as it would on a quiet machine.

Linux adds a wait to the count when it ends (the thread gets a CPU), so a
wait already under way when a span starts is credited to the span whole:
on a loaded machine that understates a span by one scheduling delay, tens
of milliseconds, far below the seconds these tests call a stall.
"""

from __future__ import annotations

import time
from pathlib import Path


def ready_wait(path: Path) -> float:
    """Seconds the thread of `path` (a schedstat file) has spent waiting for
    a CPU; 0.0 where the kernel does not say (the span is then wall time)."""
    try:
        return int(path.read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


class Stopwatch:
    """`with Stopwatch(pid) as s: ...`, then `s.wall` and `s.own` seconds.

    `pid` is the server process, whose main thread runs its event loop; the
    measuring thread is the one that enters the block."""

    def __init__(self, pid: int | None) -> None:
        self._paths = [Path("/proc/thread-self/schedstat")]
        if pid is not None:
            self._paths.append(Path(f"/proc/{pid}/schedstat"))
        self.wall = self.own = 0.0

    def __enter__(self) -> Stopwatch:
        self._waits = [ready_wait(p) for p in self._paths]
        self._began = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._began
        waited = sum(
            ready_wait(p) - before
            for p, before in zip(self._paths, self._waits, strict=True)
        )
        self.own = max(0.0, self.wall - max(0.0, waited))
