"""Compose file work for the update engine, done in worker threads.

Reading, parsing, planning (ruamel) and writing compose and `.env` files are
blocking calls; the engine runs them through `asyncio.to_thread` so one slow
disk or large file never stalls every other request on the event loop (the
checker's discovery does the same). The functions here are the only way the
update path touches those files. Each takes the `FileAccess` of the host
the files are on (`LOCAL` here; another host's over SSH).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from services.compose import (
    LOCAL,
    ComposeFileAccessError,
    ComposeProject,
    FileAccess,
    FileEdit,
    ImagePlan,
    apply_edits,
    plan_image_tag,
)
from services.errors import InvalidInputError

T = TypeVar("T")


def check_writable(edits: Iterable[FileEdit], files: FileAccess = LOCAL) -> None:
    """Refuse, before anything is written, a file Docksmith could not replace
    (on another host a refused write fails the edit instead, and the files
    already written are put back)."""
    if files is not LOCAL:
        return
    for edit in edits:
        folder = edit.path.parent
        if not os.access(edit.path, os.W_OK) or not os.access(
            folder, os.W_OK | os.X_OK
        ):
            raise InvalidInputError(
                f"{edit.path} is not writable by Docksmith; fix its permissions first"
            )


async def plan_image(
    project: ComposeProject,
    service: str,
    tag: str,
    *,
    digest: str | None = None,
    files: FileAccess = LOCAL,
) -> ImagePlan:
    """`plan_image_tag` plus the writability check."""

    def planned() -> ImagePlan:
        plan = plan_image_tag(project, service, tag, digest=digest)
        check_writable(plan.edits, files)
        return plan

    return await asyncio.to_thread(planned)


async def planned(plan: Callable[[], T]) -> T:
    """Run any other planning function (labels...) off the loop."""
    return await asyncio.to_thread(plan)


async def file_modes(edits: Sequence[FileEdit], files: FileAccess = LOCAL) -> list[int]:
    """The permission bits of each edited file, for its backup."""

    def modes() -> list[int]:
        return [files.mode(e.path) or 0o644 for e in edits]

    return await asyncio.to_thread(modes)


async def write_edits(edits: Sequence[FileEdit], files: FileAccess = LOCAL) -> None:
    await asyncio.to_thread(apply_edits, list(edits), files)


async def undo_edits(edits: Sequence[FileEdit], files: FileAccess = LOCAL) -> list[str]:
    """Put back the bytes each edit replaced, where the file still holds what
    the edit wrote (a file changed since is left); returns the files restored."""

    def undo() -> list[str]:
        restored: list[str] = []
        for edit in edits:
            if _read_or_none(files, edit.path) == edit.new_bytes:
                _write(files, edit.path, edit.old_bytes, None)
                restored.append(str(edit.path))
        return restored

    return await asyncio.to_thread(undo)


def _read_or_none(files: FileAccess, path: Path) -> bytes | None:
    try:
        return files.read(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _access_error("read", path, exc) from exc


def _write(files: FileAccess, path: Path, content: bytes, mode: int | None) -> None:
    try:
        files.write(path, content, mode)
    except OSError as exc:
        raise _access_error("write", path, exc) from exc


def _access_error(verb: str, path: Path, exc: OSError) -> ComposeFileAccessError:
    # Typed, so a restore that meets it (at start-up too) fails its
    # operation with the file and the reason instead of a traceback.
    reason = exc.strerror or str(exc) or type(exc).__name__
    return ComposeFileAccessError(f"cannot {verb} {path}: {reason}")


async def read_file(path: Path, files: FileAccess = LOCAL) -> bytes | None:
    """The file's bytes, None when it does not exist."""
    return await asyncio.to_thread(_read_or_none, files, path)


async def write_file(
    path: Path, content: bytes, mode: int | None, files: FileAccess = LOCAL
) -> None:
    await asyncio.to_thread(_write, files, path, content, mode)
