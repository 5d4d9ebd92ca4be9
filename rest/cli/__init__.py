"""The `docksmith` command: `serve` (the default) and admin tools."""

from __future__ import annotations

import sys
from typing import Any

# What starts the server with its settings from the environment: the
# image's CMD and `make run`. Typer would only parse these to nothing and
# then stay imported for the server's life (~1.1 MB of the import floor,
# bench/bench_import_floor.py); any other arguments, options included, go
# through the command tree.
PLAIN_SERVE: tuple[list[str], ...] = ([], ["serve"])


def main() -> None:
    if sys.argv[1:] in PLAIN_SERVE:
        from rest.cli.serve import run_server

        run_server(None, None, None)
        return
    from rest.cli.main import main as command_tree

    command_tree()


def __getattr__(name: str) -> Any:
    if name == "app":
        from rest.cli.main import app

        return app
    raise AttributeError(name)


__all__ = ["app", "main"]
