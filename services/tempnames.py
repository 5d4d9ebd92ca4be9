"""Names of the temporary files Docksmith writes beside a file it replaces
(a compose file, here or on an SSH host), and which of them it may remove.

A write is a temporary file renamed over the target; a process killed in
between leaves the temporary file behind. Only a name this module made is
ever a candidate for removal, so a user's own `.compose.yaml.swp` or
`.compose.yaml.bak.tmp` is never touched; the caller still checks that
the file is a regular one and that no write is still under way.
"""

from __future__ import annotations

import re
import secrets

_MARK = "docksmith-"
SUFFIX = ".tmp"
# mkstemp's random part: 8 of [a-z0-9_]; ours over SFTP: 8 hex digits.
_RANDOM = re.compile(r"[a-z0-9_]{8}")


def prefix(name: str) -> str:
    """The start of a temporary file's name for the file called `name`."""
    return f".{name}.{_MARK}"


def new(name: str) -> str:
    """A fresh temporary name for `name` (where mkstemp cannot be used)."""
    return f"{prefix(name)}{secrets.token_hex(4)}{SUFFIX}"


def is_temporary_of(name: str, candidate: str) -> bool:
    """Whether `candidate` is a name `new` or a write with `prefix` made
    for the file called `name` (and for no other file)."""
    head = prefix(name)
    if not (candidate.startswith(head) and candidate.endswith(SUFFIX)):
        return False
    return _RANDOM.fullmatch(candidate[len(head) : -len(SUFFIX)]) is not None
