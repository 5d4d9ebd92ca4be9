"""The C allocator tuned for a long-lived server process.

glibc gives each thread that allocates its own malloc arena, up to eight per
core, and memory freed in one arena is never reused by another: the worker
threads of a check (engine calls, compose reads, SQLite) each kept a few MB
that the next check did not reuse. With one arena a 2,000-container check
peaks about 9 MB lower (bench/bench_checks.py). The threads hardly contend
for it: they allocate while holding the GIL anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
from collections.abc import Iterator

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


# Collections of the youngest generation between two of the middle one.
# Python's default, 10, suits programs whose objects either die young or live
# for good; a big answer (2,000 containers: ~75,000 objects built, then all
# freed once it is sent) is neither.
ANSWER_SPAN = 100


def collect_after_answers(span: int = ANSWER_SPAN) -> None:
    """Let the collector's middle generation span a whole big answer.

    The youngest generation is collected every 700 new objects (2,000 on
    Python 3.13): an answer's objects survive those (it is not sent yet) and
    move up. With the middle generation collected every 10th time, they were
    walked again every 7,000 objects and moved into the oldest generation, whose growth then
    set off full collections of the whole heap every few answers (~10-20 ms
    of a 2,000-container GraphQL answer's ~100 ms of CPU, and its worst
    cases). Spanning 70,000 objects or more, the middle generation is mostly
    collected after an answer has been freed, and the oldest one hardly
    grows. Cyclic garbage waits at most that long (a few hundred KB);
    reference counting frees everything else at once. The youngest and
    oldest thresholds stay the interpreter's own."""
    young, _, old = gc.get_threshold()
    gc.set_threshold(young, span, old)


# Longer than a 2,000-container answer takes on a loaded machine; short
# enough that garbage in reference cycles from other work waits little.
PAUSE_LIMIT = 5.0


class CollectorPause:
    """Holds the cyclic collector off while big answers are built.

    A 2,000-container GraphQL answer makes ~55,000 objects that all live
    until it is sent and are then freed by reference counting. The collector
    walks them anyway: ~77 collections of the youngest generation per answer,
    the middle one in most answers and a full one every few, ~12 % of the
    answer's CPU and nearly all of the spread between a median and a slow
    answer (bench/bench_graphql.py). Paused, none of that runs; on resuming,
    the first allocation collects the youngest generation, by then only
    what survived the answer (the parser's and validator's cycles, a few
    thousand objects).

    Held by any number of requests at once (the collector resumes when the
    last one ends) and for at most `limit` seconds from the first: a request
    that runs longer (a mutation waiting on Docker) is collected as before.
    A collector that was off already is left alone."""

    def __init__(self, limit: float = PAUSE_LIMIT) -> None:
        self._limit = limit
        self._holders = 0
        self._paused = False
        self._deadline: asyncio.TimerHandle | None = None

    @property
    def paused(self) -> bool:
        return self._paused

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Paused from here to the end of the block (on the running loop)."""
        if self._holders == 0 and gc.isenabled():
            loop = asyncio.get_running_loop()
            gc.disable()
            self._paused = True
            self._deadline = loop.call_later(self._limit, self._resume)
        self._holders += 1
        try:
            yield
        finally:
            self._holders -= 1
            if self._holders == 0:
                self._resume()

    def _resume(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        if self._paused:
            self._paused = False
            gc.enable()


class ReleaseMemoryAfterChecks:
    """A check observer: the server's memory goes back down after each run
    (a background run is followed by nothing else that would reuse it)."""

    def check_finished(self, run: object) -> None:
        release_free_memory()
