"""Compose projects as discovery reads them, kept between checks.

Parsing YAML is the costliest part of discovery, and compose files rarely
change between two checks. A loaded project's outline (its services, not
its files' text and node graphs: discovery reads no more) is kept with the identity
(size, mtime, inode) of every file its load read or looked for, `.env`
files that did not exist included; the next check stats those files and
reuses the project only when none changed. Failed loads are not kept, so
a broken file is read again (and its error reported afresh) every check.
Blocking: call it from a worker thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path

from services.compose.project import ComposeProject, ProjectOutline
from services.frozen import frozen

# (size, mtime_ns, inode) of a file, or None when it does not exist.
Stamp = tuple[int, int, int] | None
# Files younger than this are not trusted to keep their stamp (coarse mtimes).
RACY_NS = 2_000_000_000


def stamp(path: Path) -> Stamp:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError:
        # Unreadable now: a stamp that never matches forces a fresh load,
        # which reports the error.
        return (-1, -1, -1)
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def stamps(paths: Iterable[Path]) -> dict[Path, Stamp]:
    return {p: stamp(p) for p in paths}


@frozen
class _Entry:
    project: ProjectOutline
    stamps: dict[Path, Stamp]


class ComposeProjectCache:
    """At most `limit` projects, oldest dropped first."""

    def __init__(
        self, limit: int = 512, now_ns: Callable[[], int] = time.time_ns
    ) -> None:
        self._limit = limit
        self._now_ns = now_ns
        self._entries: dict[Hashable, _Entry] = {}
        self._lock = threading.Lock()
        self.loads = 0  # how many times a project was parsed (for tests)

    def _racy(self, kept: dict[Path, Stamp]) -> bool:
        newest = max((s[1] for s in kept.values() if s is not None), default=0)
        return newest >= self._now_ns() - RACY_NS

    def get_or_load(
        self, key: Hashable, load: Callable[[], ComposeProject]
    ) -> ProjectOutline:
        """The cached outline for `key` when none of its files changed, else
        that of `load()` (whose exceptions propagate and leave nothing
        cached)."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and stamps(entry.stamps) == entry.stamps:
            return entry.project
        project = load().outline()
        self.loads += 1
        kept = stamps(project.sources)
        if self._racy(kept):
            # A file written in the last moments may change again within its
            # mtime's granularity, unseen (git's "racily clean" problem):
            # use the load, keep nothing, and read it again next time.
            with self._lock:
                self._entries.pop(key, None)
            return project
        with self._lock:
            self._entries.pop(key, None)
            self._entries[key] = _Entry(project, kept)
            while len(self._entries) > self._limit:
                self._entries.pop(next(iter(self._entries)))
        return project
