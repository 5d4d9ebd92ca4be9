"""The scripts folder: which scripts exist and whether a path may be used.

A script path from a label, an assignment or a request must resolve, after
following symlinks, to an executable regular file inside SCRIPTS_DIR. This is
the only gate between a container label set through the API and running a
program on the host, so every refusal says exactly why.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from services.errors import InvalidInputError
from services.frozen import frozen
from services.inputs import MAX_TEXT, plain_text, preview


@frozen
class ScriptInfo:
    name: str
    path: str
    relative_path: str
    executable: bool
    size: int
    modified: datetime


class ScriptsFolderState(StrEnum):
    """What SCRIPTS_DIR is. An empty script list alone cannot tell a person
    whether to add a script, create the folder or fix its permissions."""

    READY = "ready"  # a folder Docksmith can list (it may hold no script)
    MISSING = "missing"
    NOT_A_FOLDER = "not_a_folder"
    UNREADABLE = "unreadable"  # there, but this process may not list it


@frozen
class ScriptsFolder:
    path: str
    state: ScriptsFolderState


class ScriptCatalog:
    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self) -> ScriptsFolder:
        """SCRIPTS_DIR as this process sees it (through symlinks)."""
        try:
            info = self.root.stat()
        except FileNotFoundError:
            state = ScriptsFolderState.MISSING
        except NotADirectoryError:
            # A file where a parent folder should be: still nothing at the path.
            state = ScriptsFolderState.MISSING
        except PermissionError:
            state = ScriptsFolderState.UNREADABLE
        else:
            if not stat.S_ISDIR(info.st_mode):
                state = ScriptsFolderState.NOT_A_FOLDER
            elif not os.access(self.root, os.R_OK | os.X_OK):
                state = ScriptsFolderState.UNREADABLE
            else:
                state = ScriptsFolderState.READY
        return ScriptsFolder(path=str(self.root), state=state)

    def scripts(self) -> list[ScriptInfo]:
        """Every non-hidden regular file under the folder (executable or not)."""
        if not self.root.is_dir():
            return []
        root = self.root.resolve()
        found: list[ScriptInfo] = []
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for filename in sorted(filenames):
                if filename.startswith("."):
                    continue
                path = Path(dirpath) / filename
                try:
                    resolved = path.resolve(strict=True)
                    info = resolved.stat()
                except OSError:
                    continue
                if not resolved.is_relative_to(root) or not stat.S_ISREG(info.st_mode):
                    continue
                found.append(
                    ScriptInfo(
                        name=filename,
                        path=str(path),
                        relative_path=str(path.relative_to(root)),
                        executable=os.access(resolved, os.X_OK),
                        size=info.st_size,
                        modified=datetime.fromtimestamp(info.st_mtime, UTC),
                    )
                )
        return found

    def resolve(self, script: str) -> Path:
        """The confined, executable path for `script` (relative or absolute).

        Whether a path outside the folder exists is none of a client's
        business: every such path gets the same answer, decided before the
        file system is asked about it.
        """
        text = plain_text(script, "script", MAX_TEXT)
        if not text:
            raise InvalidInputError("script path is empty")
        if text != text.strip():
            raise InvalidInputError(
                f"script path {preview(text)} has surrounding spaces"
            )
        root = self.root.resolve()
        candidate = Path(text)
        if not candidate.is_absolute():
            candidate = root / candidate
        outside = InvalidInputError(
            f"script {preview(text)} is outside the scripts folder {self.root}"
        )
        # Lexically first (`..`), then through symlinks, never by existence.
        if not Path(os.path.normpath(candidate)).is_relative_to(root):
            raise outside
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError) as exc:
            raise InvalidInputError(
                f"script path cannot be resolved: {preview(text)}"
            ) from exc
        if not resolved.is_relative_to(root):
            raise outside
        if any(part.startswith(".") for part in resolved.relative_to(root).parts):
            raise InvalidInputError(
                f"script {preview(text)} is hidden (a name starts with '.')"
            )
        if not resolved.exists():
            raise InvalidInputError(f"script not found: {preview(text)}")
        if not resolved.is_file():
            raise InvalidInputError(f"script {preview(text)} is not a regular file")
        if not os.access(resolved, os.X_OK):
            raise InvalidInputError(
                f"script {preview(text)} is not executable (chmod +x it)"
            )
        return resolved

    def relative(self, path: Path) -> str:
        return str(path.relative_to(self.root.resolve()))
