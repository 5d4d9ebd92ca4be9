"""The scripts folder: which scripts exist and whether a path may be used.

A script path from a label, an assignment or a request must resolve, after
following symlinks, to an executable regular file inside SCRIPTS_DIR. This is
the only gate between a container label set through the API and running a
program on the host, so every refusal says exactly why.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from services.errors import InvalidInputError


@dataclass(frozen=True, slots=True)
class ScriptInfo:
    name: str
    path: str
    relative_path: str
    executable: bool
    size: int
    modified: datetime


class ScriptCatalog:
    def __init__(self, root: Path) -> None:
        self.root = root

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
        """The confined, executable path for `script` (relative or absolute)."""
        text = script.strip()
        if not text:
            raise InvalidInputError("script path is empty")
        if "\x00" in text or "\n" in text:
            raise InvalidInputError("script path contains control characters")
        root = self.root.resolve()
        candidate = Path(text)
        if not candidate.is_absolute():
            candidate = root / candidate
        try:
            resolved = candidate.resolve(strict=True)
        except FileNotFoundError as exc:
            raise InvalidInputError(f"script not found: {text}") from exc
        except (OSError, RuntimeError) as exc:
            raise InvalidInputError(f"script path cannot be resolved: {text}") from exc
        if not resolved.is_relative_to(root):
            raise InvalidInputError(
                f"script {text} is outside the scripts folder {self.root}"
            )
        if not resolved.is_file():
            raise InvalidInputError(f"script {text} is not a regular file")
        if not os.access(resolved, os.X_OK):
            raise InvalidInputError(f"script {text} is not executable (chmod +x it)")
        return resolved

    def relative(self, path: Path) -> str:
        return str(path.relative_to(self.root.resolve()))
