"""The C allocator tuned for a long-lived server process.

glibc gives each thread that allocates its own malloc arena, up to eight per
core, and memory freed in one arena is never reused by another: the worker
threads of a check (engine calls, compose reads, SQLite) each kept a few MB
that the next check did not reuse. With one arena a 2,000-container check
peaks about 9 MB lower (bench/bench_checks.py). The threads hardly contend
for it: they allocate while holding the GIL anyway.
"""

from __future__ import annotations

import ctypes
import logging

log = logging.getLogger(__name__)

# mallopt's parameter number for the arena limit (glibc's malloc.h).
_M_ARENA_MAX = -8


def limit_malloc_arenas(arenas: int = 1) -> bool:
    """Cap the arenas of threads started from now on; False where the C
    library has no such setting (not glibc), which changes nothing else."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    ok = bool(mallopt(_M_ARENA_MAX, arenas))
    if not ok:
        log.debug("the C library ignored the malloc arena limit")
    return ok


def release_free_memory() -> bool:
    """Give the pages of the C heap that hold only free memory back to the
    system (glibc's malloc_trim). A check of 2,000 containers, and the big
    answers after it, leave ~10 MB free between the objects they keep, which
    glibc only returns when it is at the top of the heap; the next check
    reuses the pages, so this lowers the RSS between checks, not the peak.
    False where the C library has no such call."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return False
    trim(0)
    return True


class ReleaseMemoryAfterChecks:
    """A check observer: the server's memory goes back down after each run
    (a background run is followed by nothing else that would reuse it)."""

    def check_finished(self, run: object) -> None:
        release_free_memory()
