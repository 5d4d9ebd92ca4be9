"""Docksmith's own version, read from the installed package metadata."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def docksmith_version() -> str:
    try:
        return version("docksmith")
    except PackageNotFoundError:
        return "dev"
