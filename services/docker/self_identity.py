"""Which container, if any, is Docksmith itself.

The evidence is the kernel's, never a name: a 64-hex container id in
`/proc/self/cgroup` (cgroup v1 and v2 with the systemd or cgroupfs drivers) or
in `/proc/self/mountinfo` (cgroup v2 hosts show it on the `/etc/hostname`
and `/etc/hosts` bind mounts), then the hostname when it is a container id
prefix (Docker's default). A candidate only counts once the engine confirms a
container with that id exists, so a process outside Docker gets None. The
original also matched any container whose name or image contained
"docksmith", which protected unrelated containers; that rule is dropped.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from services.errors import NotFoundError

# Tests point this at a folder holding their own `cgroup` / `mountinfo`.
PROC_SELF = Path("/proc/self")

_FULL_ID = re.compile(r"(?<![0-9a-f])([0-9a-f]{64})(?![0-9a-f])")
_SHORT_ID = re.compile(r"^[0-9a-f]{12,64}$")
# Only an id right after a runtime's path element counts: other 64-hex
# strings in mountinfo (overlay layer ids, volume names) are not containers.
_MOUNT_ID = re.compile(
    r"(?:/containers/|/docker/|docker-|libpod-|crio-)([0-9a-f]{64})(?![0-9a-f])"
)

Lookup = Callable[[str], Awaitable[str]]


def candidate_ids(cgroup: str, mountinfo: str) -> list[str]:
    """Container ids the kernel's files point at, most trustworthy first."""
    found: list[str] = []
    for line in cgroup.splitlines():
        found.extend(_FULL_ID.findall(line))
    found.extend(_MOUNT_ID.findall(mountinfo))
    return list(dict.fromkeys(found))


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


def local_candidates(hostname: str | None = None) -> list[str]:
    """Candidates from /proc, then the hostname if it looks like an id prefix."""
    found = candidate_ids(_read(PROC_SELF / "cgroup"), _read(PROC_SELF / "mountinfo"))
    host = hostname if hostname is not None else socket.gethostname()
    if _SHORT_ID.match(host) and host not in found:
        found.append(host)
    return found


async def identify_self(lookup: Lookup, hostname: str | None = None) -> str | None:
    """The full id of Docksmith's own container, or None outside one.

    `lookup` resolves an id or id prefix to a full container id, raising
    `NotFoundError` when the engine has no such container.
    """
    return await confirm(local_candidates(hostname), lookup)


async def confirm(candidates: Iterable[str], lookup: Lookup) -> str | None:
    for candidate in candidates:
        try:
            full = await lookup(candidate)
        except NotFoundError:
            continue
        # A short hostname must be a prefix of the id it resolved to, not
        # a container that happens to be *named* like it.
        if full.startswith(candidate):
            return full
    return None
