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
