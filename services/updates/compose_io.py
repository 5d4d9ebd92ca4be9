"""Compose file work for the update engine, done in worker threads.

Reading, parsing, planning (ruamel) and writing compose and `.env` files are
blocking calls; the engine runs them through `asyncio.to_thread` so one slow
disk or large file never stalls every other request on the event loop (the
checker's discovery does the same). The functions here are the only way the
update path touches those files.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from services.compose import (
    ComposeProject,
    FileEdit,
    ImagePlan,
    apply_edits,
    atomic_write,
    plan_image_tag,
)
from services.errors import InvalidInputError

T = TypeVar("T")


def check_writable(edits: Iterable[FileEdit]) -> None:
    """Refuse, before anything is written, a file Docksmith could not replace."""
    for edit in edits:
        folder = edit.path.parent
        if not os.access(edit.path, os.W_OK) or not os.access(
            folder, os.W_OK | os.X_OK
        ):
            raise InvalidInputError(
                f"{edit.path} is not writable by Docksmith; fix its permissions first"
            )


async def plan_image(
    project: ComposeProject, service: str, tag: str, *, digest: str | None = None
) -> ImagePlan:
    """`plan_image_tag` plus the writability check."""

    def planned() -> ImagePlan:
        plan = plan_image_tag(project, service, tag, digest=digest)
        check_writable(plan.edits)
        return plan

    return await asyncio.to_thread(planned)


async def planned(plan: Callable[[], T]) -> T:
    """Run any other planning function (labels...) off the loop."""
    return await asyncio.to_thread(plan)


async def file_modes(edits: Sequence[FileEdit]) -> list[int]:
    """The permission bits of each edited file, for its backup."""

    def modes() -> list[int]:
        return [e.path.stat().st_mode & 0o7777 for e in edits]

    return await asyncio.to_thread(modes)


async def write_edits(edits: Sequence[FileEdit]) -> None:
    await asyncio.to_thread(apply_edits, list(edits))


async def undo_edits(edits: Sequence[FileEdit]) -> list[str]:
    """Put back the bytes each edit replaced, where the file still holds what
    the edit wrote (a file changed since is left); returns the files restored."""

    def undo() -> list[str]:
        restored: list[str] = []
        for edit in edits:
            current = edit.path.read_bytes() if edit.path.exists() else b""
            if current == edit.new_bytes:
                atomic_write(edit.path, edit.old_bytes)
                restored.append(str(edit.path))
        return restored

    return await asyncio.to_thread(undo)


async def read_file(path: Path) -> bytes | None:
    """The file's bytes, None when it does not exist."""

    def read() -> bytes | None:
        return path.read_bytes() if path.exists() else None

    return await asyncio.to_thread(read)


async def write_file(path: Path, content: bytes, mode: int | None) -> None:
    await asyncio.to_thread(atomic_write, path, content, mode=mode)
