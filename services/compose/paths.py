"""Translate paths between the Docker host and Docksmith's own container.

Compose labels carry host paths; a containerised Docksmith reads the same
files through bind mounts at other paths. :class:`PathMapper` maps by the
longest matching mount prefix (whole path components only, so ``/data``
never matches ``/database``) in either direction, and :func:`probe` finds a
compose file whose ``.yml``/``.yaml`` extension differs from the label's.
It only computes paths; it never inspects containers.
"""

from __future__ import annotations

import os.path
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from services.frozen import frozen

_SWAP = {".yml": ".yaml", ".yaml": ".yml"}


@frozen
class Mount:
    """One bind mount: ``source`` on the host, ``destination`` in the container."""

    source: str
    destination: str


class PathMapper:
    """Longest-prefix translation over a set of bind mounts."""

    def __init__(self, mounts: Iterable[Mount | tuple[str, str]]) -> None:
        self.mounts = tuple(m if isinstance(m, Mount) else Mount(*m) for m in mounts)

    def to_container(self, host_path: str) -> str:
        """The container path for ``host_path``; unchanged when no mount covers it."""
        return _translate(host_path, [(m.source, m.destination) for m in self.mounts])

    def to_host(self, container_path: str) -> str:
        """The host path for ``container_path``; unchanged when no mount covers it."""
        return _translate(
            container_path, [(m.destination, m.source) for m in self.mounts]
        )


def _translate(path: str, pairs: list[tuple[str, str]]) -> str:
    p = PurePosixPath(path)
    best: tuple[int, PurePosixPath, PurePosixPath] | None = None
    for src, dst in pairs:
        prefix = PurePosixPath(src)
        if (p == prefix or prefix in p.parents) and (
            best is None or len(prefix.parts) > best[0]
        ):
            best = (len(prefix.parts), prefix, PurePosixPath(dst))
    if best is None:
        return path
    _, prefix, dest = best
    return str(dest / p.relative_to(prefix))


def probe(path: str, exists: Callable[[str], bool] | None = None) -> str | None:
    """``path`` if it exists, else the same name with ``.yml``↔``.yaml``
    swapped if that exists, else ``None``."""

    check = exists or os.path.isfile
    if check(path):
        return path
    p = PurePosixPath(path)
    if p.suffix in _SWAP:
        other = str(p.with_suffix(_SWAP[p.suffix]))
        if check(other):
            return other
    return None
