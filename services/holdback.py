"""Importing a library without an optional extra it would load by itself.

Some libraries import an optional package as soon as they are imported, for
a feature the server rarely or never uses: the docker SDK its ssh transport
(paramiko and cryptography, ~17 MB resident), httpx its command line (rich
and pygments, ~3 MB). Held back during the library's first import, such a
package looks not installed, which the library handles as it would had it
not been installed; an SSH host imports paramiko later all the same.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def held_back(*names: str) -> Iterator[None]:
    """Imports of `names` fail inside the block unless already imported."""
    held = [name for name in names if name not in sys.modules]
    for name in held:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in held:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
