"""Apply the store's migrations in a short-lived child process.

Tortoise builds a model state per migration while applying them; on a fresh
database that leaves about 25 MB in the server for the rest of its life
(freed objects, but the pages stay: bench/bench_checks.py measures it). The
server therefore applies them in a child that exits before it opens the
store itself, which then finds nothing to apply. The child is not a helper
that stays alive: it ends before the server serves anything.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

# The URL may carry a PostgreSQL password: it goes to the child through its
# environment, which only the same user can read, never on its command line.
_URL_VARIABLE = "DOCKSMITH_MIGRATE_URL"


def apply_migrations_in_child(url: str, *, timeout: float = 600) -> str | None:
    """Apply every pending migration of the store at `url` in a child.

    Returns None when the store is up to date, else what went wrong. The
    caller opens the store as usual either way: on a failure that open
    tries again in-process and reports the error as it always has.
    """
    env = {**os.environ, _URL_VARIABLE: url}
    try:
        done = subprocess.run(
            [sys.executable, "-m", __name__],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"the migration process did not run: {exc}"
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return lines[-1] if lines else f"exit status {done.returncode}"
    return None


async def _migrate(url: str) -> None:
    from services.store.database import Store

    store = Store(url)
    await store.open()
    await store.close()


def main() -> int:
    url = os.environ.get(_URL_VARIABLE)
    if not url:
        sys.stderr.write(f"{_URL_VARIABLE} is not set\n")
        return 2
    try:
        asyncio.run(_migrate(url))
    except Exception as exc:  # the parent reports it from its own open
        sys.stderr.write(str(exc).replace("\n", " ") + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
