from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from services.compose.errors import ComposeWriteError, StaleFileError
from services.compose.files import (
    FileEdit,
    apply_edits,
    atomic_write,
    read_snapshot,
    restore,
)
from services.errors import ConflictError


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Make the kernel refuse writes past ``limit`` bytes (EFBIG), root or not."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)


def test_atomic_write_keeps_mode_owner_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "docker-compose.yml"
    path.write_bytes(b"old\n")
    path.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(path, 1234, 2345)
    atomic_write(path, b"new\n")
    st = path.stat()
    assert path.read_bytes() == b"new\n"
    assert st.st_mode & 0o7777 == 0o640
    if os.geteuid() == 0:
        assert (st.st_uid, st.st_gid) == (1234, 2345)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docker-compose.yml"]


def test_atomic_write_through_symlink_keeps_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yml"
    real.write_bytes(b"a")
    link = tmp_path / "docker-compose.yml"
    link.symlink_to(real)
    atomic_write(link, b"b")
    assert link.is_symlink()
    assert real.read_bytes() == b"b"


def test_apply_edits_writes_all(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yml", tmp_path / "b.env"
    a.write_bytes(b"a1")
    b.write_bytes(b"b1")
    apply_edits([FileEdit(a, b"a1", b"a2"), FileEdit(b, b"b1", b"b2")])
    assert (a.read_bytes(), b.read_bytes()) == (b"a2", b"b2")


def test_stale_file_is_refused_before_any_write(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yml", tmp_path / "b.yml"
    a.write_bytes(b"a1")
    b.write_bytes(b"changed by the user")
    with pytest.raises(
        StaleFileError, match="changed since the edit was planned"
    ) as info:
        apply_edits([FileEdit(a, b"a1", b"a2"), FileEdit(b, b"b1", b"b2")])
    assert isinstance(info.value, ConflictError)
    assert a.read_bytes() == b"a1"


def test_failing_second_write_restores_the_first(tmp_path: Path) -> None:
    # given two files, the second edit too large for the process's size limit
    first, second = tmp_path / "docker-compose.yml", tmp_path / ".env"
    first.write_bytes(b"image: app:1\n")
    first.chmod(0o600)
    second.write_bytes(b"TAG=1\n")
    edits = [
        FileEdit(first, b"image: app:1\n", b"image: app:2\n"),
        FileEdit(second, b"TAG=1\n", b"TAG=" + b"9" * 4096 + b"\n"),
    ]
    # when
    with file_size_limit(1024), pytest.raises(ComposeWriteError) as info:
        apply_edits(edits)
    # then the first file is back, byte for byte and mode too
    assert first.read_bytes() == b"image: app:1\n"
    assert first.stat().st_mode & 0o777 == 0o600
    assert second.read_bytes() == b"TAG=1\n"
    assert "restored 1 file(s)" in str(info.value)
    assert str(second) in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env", "docker-compose.yml"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only dirs")
def test_read_only_directory_restores_the_first(tmp_path: Path) -> None:
    ok, locked = tmp_path / "ok", tmp_path / "locked"
    ok.mkdir()
    locked.mkdir()
    (ok / "a.yml").write_bytes(b"a1")
    (locked / "b.yml").write_bytes(b"b1")
    locked.chmod(0o555)
    try:
        with pytest.raises(ComposeWriteError):
            apply_edits(
                [
                    FileEdit(ok / "a.yml", b"a1", b"a2"),
                    FileEdit(locked / "b.yml", b"b1", b"b2"),
                ]
            )
    finally:
        locked.chmod(0o755)
    assert (ok / "a.yml").read_bytes() == b"a1"


def test_snapshot_and_restore(tmp_path: Path) -> None:
    path = tmp_path / "c.yml"
    path.write_bytes(b"one")
    path.chmod(0o604)
    snap = read_snapshot([path])
    assert snap == {path: (b"one", 0o604)}
    path.write_bytes(b"two")
    path.chmod(0o600)
    restore(snap)
    assert path.read_bytes() == b"one"
    assert path.stat().st_mode & 0o777 == 0o604


def test_diff_shows_the_change(tmp_path: Path) -> None:
    edit = FileEdit(tmp_path / "c.yml", b"a: 1\nb: 2\n", b"a: 1\nb: 3\n")
    assert "-b: 2\n+b: 3\n" in edit.diff()


# A child writes through the real atomic_write and stops in its fsync (the
# temporary file written, not yet renamed), where the test kills it.
_KILLED_WRITER = """
import os, sys, time
from pathlib import Path
from services.compose.files import atomic_write

def stop(fd):
    print("written", flush=True)
    time.sleep(600)

os.fsync = stop
atomic_write(Path(sys.argv[1]), b"services: {}  # killed before its rename\\n")
"""


def test_the_next_write_removes_what_a_killed_write_left(tmp_path: Path) -> None:
    path = tmp_path / "docker-compose.yml"
    path.write_bytes(b"old\n")
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(path)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).parents[3],
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "written\n"
        [left] = tmp_path.glob(".docker-compose.yml.*.tmp")
        # while the writer lives, its file is under way: another write keeps it
        atomic_write(path, b"meanwhile\n")
        assert left.exists()
    finally:
        child.kill()
        child.wait(timeout=60)
    assert left.exists()

    atomic_write(path, b"new\n")

    assert path.read_bytes() == b"new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docker-compose.yml"]
