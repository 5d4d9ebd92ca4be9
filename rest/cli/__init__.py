"""The `docksmith` command: `serve` (the default) and admin tools."""

from rest.cli.main import app, main

__all__ = ["app", "main"]
