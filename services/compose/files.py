"""Apply planned file edits atomically, all files or none.

Each file is replaced by a temp file in its own directory (written, fsynced,
renamed over the original, directory fsynced) carrying the original's mode
and, where permitted, owner. A multi-file plan first checks that no file
changed since it was planned, then writes in order and, if one write fails,
puts back every file already written. Symlinked compose files are written
through to their target so the link survives. One loop does this for every
`FileAccess`: this machine's disk (`LOCAL`) or another host's over SSH.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from services import tempnames
from services.compose.errors import ComposeWriteError, StaleFileError
from services.frozen import frozen

log = logging.getLogger(__name__)

Snapshot = dict[Path, tuple[bytes, int | None]]


@frozen
class FileEdit:
    """Replace the whole content of ``path`` (``old_bytes`` as read when the
    edit was planned) with ``new_bytes``."""

    path: Path
    old_bytes: bytes
    new_bytes: bytes

    def diff(self) -> str:
        """A unified diff, for logs and previews."""
        old = self.old_bytes.decode("utf-8", "replace").splitlines(keepends=True)
        new = self.new_bytes.decode("utf-8", "replace").splitlines(keepends=True)
        name = str(self.path)
        # Imported here: only a compose edit shows a diff, and difflib is
        # ~100 KB a server that never edits one would keep.
        import difflib

        return "".join(difflib.unified_diff(old, new, name, name))


class FileAccess(Protocol):
    """Where compose files are read and written: this machine's filesystem
    (`LOCAL`) or another Docker host's over SSH. Blocking calls: run them in
    a worker thread.

    Every implementation keeps the guarantees `apply_edits` promises (the
    contract tests in tests/services/compose/test_file_guarantees.py run
    against each): bytes unchanged, writes atomic, the file's mode and
    (where permitted) owner kept, a symlink written through to its target."""

    def read(self, path: Path) -> bytes:
        """The file's bytes; FileNotFoundError when it does not exist."""
        ...

    def mode(self, path: Path) -> int | None:
        """Its permission bits; None when it does not exist."""
        ...

    def write(self, path: Path, data: bytes, mode: int | None = None) -> None:
        """Replace it atomically (readers see the old or the new bytes) with
        ``mode`` (None: the current one) and its current owner."""
        ...


class LocalFiles:
    """This machine's filesystem."""

    def read(self, path: Path) -> bytes:
        return _target(path).read_bytes()

    def mode(self, path: Path) -> int | None:
        try:
            return _target(path).stat().st_mode & 0o7777
        except FileNotFoundError:
            return None

    def write(self, path: Path, data: bytes, mode: int | None = None) -> None:
        atomic_write(path, data, mode=mode)


LOCAL = LocalFiles()


def read_snapshot(paths: Iterable[Path], files: FileAccess = LOCAL) -> Snapshot:
    """Content and permission bits of each file, for backup and ``restore``."""
    return {path: (files.read(path), files.mode(path)) for path in paths}


def restore(snapshot: Snapshot, files: FileAccess = LOCAL) -> None:
    """Write every file of ``snapshot`` back, atomically each; tries them all
    before it reports the ones that failed."""
    failures: list[str] = []
    for path, (data, mode) in snapshot.items():
        try:
            files.write(path, data, mode)
        except OSError as exc:
            failures.append(f"{path}: {_reason(exc)}")
    if failures:
        raise ComposeWriteError("could not restore " + "; ".join(failures))


def atomic_write(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` so readers see the old or new file only.

    First removes the temporary files of this target that a write killed
    before its rename left behind (`remove_abandoned`)."""
    target = _target(path)
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    remove_abandoned(target)
    fd, tmp = tempfile.mkstemp(
        dir=target.parent, prefix=tempnames.prefix(target.name), suffix=tempnames.SUFFIX
    )
    try:
        # Held until the file is renamed (the fd closes after the rename):
        # another write's clean-up sees the lock and leaves it alone.
        fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if st is not None and (st.st_uid, st.st_gid) != (
                os.geteuid(),
                os.getegid(),
            ):
                # Only root may give a file away; a non-root Docksmith keeps
                # its own ownership rather than failing the update.
                with contextlib.suppress(PermissionError):
                    os.fchown(fh.fileno(), st.st_uid, st.st_gid)
            # After the chown, which may clear set-id bits.
            if mode is None and st is not None:
                mode = st.st_mode & 0o7777
            if mode is not None:
                os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
            Path(tmp).replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise
    _fsync_dir(target.parent)


def remove_abandoned(target: Path) -> list[Path]:
    """Remove the temporary files of ``target`` left by writes that were
    killed before their rename; returns those removed.

    Only a regular file with a name this module's writes make for this
    target (`services.tempnames`) is removed, and only when no process
    holds its lock (a write under way holds it until its rename). Never
    fails the write that asks: a file it cannot check is left as it is."""
    removed: list[Path] = []
    try:
        entries = [
            e.path
            for e in os.scandir(target.parent)
            if tempnames.is_temporary_of(target.name, e.name)
        ]
    except OSError:
        return removed
    for found in entries:
        try:
            fd = os.open(found, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue  # a symlink, gone, or not ours to read
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode):
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a write under way
            now = os.lstat(found)
            if (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino):
                Path(found).unlink()
                removed.append(Path(found))
                log.info("removed %s, left by a write that did not finish", found)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def apply_edits(edits: Sequence[FileEdit], files: FileAccess = LOCAL) -> None:
    """Write every edit through ``files`` or, on any failure, leave every
    file as it was.

    Raises :class:`StaleFileError` (nothing written) when a file no longer
    holds the bytes the plan was made from, :class:`ComposeWriteError` when
    a write failed (files already written are restored first).
    """
    paths = [e.path for e in edits]
    if len(set(paths)) != len(paths):
        raise ValueError("one FileEdit per file: merge edits of the same file first")
    try:
        before = read_snapshot(paths, files)
    except OSError as exc:
        name = exc.filename or "a compose file"
        raise ComposeWriteError(f"cannot read {name}: {_reason(exc)}") from exc
    for edit in edits:
        if before[edit.path][0] != edit.old_bytes:
            raise StaleFileError(
                f"{edit.path} changed since the edit was planned; nothing was written"
            )
    written: list[Path] = []
    for edit in edits:
        if edit.new_bytes == edit.old_bytes:
            continue
        try:
            files.write(edit.path, edit.new_bytes, before[edit.path][1])
        except OSError as exc:
            message = f"writing {edit.path} failed ({_reason(exc)})"
            try:
                restore({p: before[p] for p in written}, files)
            except ComposeWriteError as again:
                raise ComposeWriteError(f"{message}; {again}") from exc
            restored = (
                f"; restored {len(written)} file(s) already written" if written else ""
            )
            raise ComposeWriteError(
                f"{message}; no file was changed{restored}"
            ) from exc
        written.append(edit.path)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _target(path: Path) -> Path:
    return path.resolve() if path.is_symlink() else path


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
