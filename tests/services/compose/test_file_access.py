"""Edits through another host's file access (a dict stands in for SFTP):
the same all-or-nothing rules as local edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.compose import FileEdit, apply_edits
from services.compose.errors import ComposeWriteError, StaleFileError


class DictFiles:
    def __init__(self, content: dict[Path, bytes], refuse: set[Path] = frozenset()):
        self.content = dict(content)
        self.modes = dict.fromkeys(content, 0o640)
        self.refuse = set(refuse)
        self.writes: list[tuple[Path, int | None]] = []

    def read(self, path: Path) -> bytes:
        if path not in self.content:
            raise FileNotFoundError(path)
        return self.content[path]

    def mode(self, path: Path) -> int | None:
        return self.modes.get(path)

    def write(self, path: Path, data: bytes, mode: int | None = None) -> None:
        if path in self.refuse:
            raise PermissionError(13, "Permission denied", str(path))
        self.content[path] = data
        self.writes.append((path, mode))


A, B = Path("/srv/app/compose.yaml"), Path("/srv/app/.env")


def test_edits_are_written_with_the_files_mode():
    files = DictFiles({A: b"a: 1\r\n", B: b"X=1\n"})
    apply_edits([FileEdit(A, b"a: 1\r\n", b"a: 2\r\n")], files)
    assert files.content == {A: b"a: 2\r\n", B: b"X=1\n"}
    assert files.writes == [(A, 0o640)]


def test_a_file_changed_since_the_plan_stops_everything():
    files = DictFiles({A: b"a: 1\n", B: b"hand edit\n"})
    with pytest.raises(StaleFileError, match=str(B)):
        apply_edits(
            [FileEdit(A, b"a: 1\n", b"a: 2\n"), FileEdit(B, b"X=1\n", b"X=2\n")],
            files,
        )
    assert files.writes == []


def test_a_failed_write_puts_back_the_files_already_written():
    files = DictFiles({A: b"a: 1\n", B: b"X=1\n"}, refuse={B})
    with pytest.raises(ComposeWriteError, match="no file was changed"):
        apply_edits(
            [FileEdit(A, b"a: 1\n", b"a: 2\n"), FileEdit(B, b"X=1\n", b"X=2\n")],
            files,
        )
    assert files.content == {A: b"a: 1\n", B: b"X=1\n"}
