"""The guarantees of `apply_edits`, held by every `FileAccess`: this
machine's disk and another host's over SSH (the lab's sshd on 127.0.0.1,
whose SFTP sees this machine's files, so each test checks the result on disk
whichever way it was written).

Bytes land unchanged, mode and owner are kept, a symlink survives, a file
changed since the plan stops every write, and a failure mid-way puts back
every file already written, bytes, mode and owner."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.compose import LOCAL, FileAccess, FileEdit, apply_edits
from services.compose.errors import ComposeWriteError, StaleFileError
from services.docker.address import EngineAddress, SshFiles
from services.docker.ssh import RemoteFiles, ssh_docker_client
from tests.lab.sshd import LabSshd

ROOT = os.geteuid() == 0
# Another owner than the one writing, to see it kept (root only may chown).
OWNER = (1234, 2345)


@pytest.fixture(scope="module")
def ssh_files(lab_engine, tmp_path_factory) -> Iterator[RemoteFiles]:
    server = LabSshd(lab_engine.docker_host)
    server.start()
    folder = server.host_folder(tmp_path_factory.mktemp("ssh-host"))
    address = EngineAddress(
        server.url, ssh=SshFiles(folder / "id_ed25519", folder / "known_hosts")
    )
    client = ssh_docker_client(address, timeout=60)
    try:
        yield RemoteFiles(client)
    finally:
        client.close()
        server.close()


@pytest.fixture(params=["local", "ssh"])
def files(request) -> FileAccess:
    if request.param == "local":
        return LOCAL
    remote: RemoteFiles = request.getfixturevalue("ssh_files")
    return remote


class RefusedWrite:
    """Real file access whose writes of one path fail as a full disk would:
    the one fault the tests inject, to see the real restore that follows."""

    def __init__(self, inner: FileAccess, refused: Path) -> None:
        self.inner = inner
        self.refused = refused

    def read(self, path: Path) -> bytes:
        return self.inner.read(path)

    def mode(self, path: Path) -> int | None:
        return self.inner.mode(path)

    def write(self, path: Path, data: bytes, mode: int | None = None) -> None:
        if path == self.refused:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        self.inner.write(path, data, mode)


def _file(path: Path, data: bytes, mode: int) -> Path:
    path.write_bytes(data)
    path.chmod(mode)
    if ROOT:
        os.chown(path, *OWNER)
    return path


def _kept(path: Path, data: bytes, mode: int) -> None:
    st = path.stat()
    assert path.read_bytes() == data
    assert stat.S_IMODE(st.st_mode) == mode
    if ROOT:
        assert (st.st_uid, st.st_gid) == OWNER


# CRLF, bytes that are not UTF-8, no final newline: all kept as they are.
COMPOSE = b"services:\r\n  app:\r\n    image: app:1  # caf\xe9\r\n"
COMPOSE_NEW = b"services:\r\n  app:\r\n    image: app:2  # caf\xe9"


def test_edits_land_byte_exact_keeping_mode_and_owner(
    files: FileAccess, tmp_path: Path
) -> None:
    compose = _file(tmp_path / "compose.yaml", COMPOSE, 0o640)
    env = _file(tmp_path / ".env", b"TAG=1\n", 0o600)
    apply_edits(
        [
            FileEdit(compose, COMPOSE, COMPOSE_NEW),
            FileEdit(env, b"TAG=1\n", b"TAG=2\n"),
        ],
        files,
    )
    _kept(compose, COMPOSE_NEW, 0o640)
    _kept(env, b"TAG=2\n", 0o600)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env", "compose.yaml"]


def test_a_symlinked_file_is_written_through_its_link(
    files: FileAccess, tmp_path: Path
) -> None:
    (tmp_path / "stacks").mkdir()
    real = _file(tmp_path / "stacks" / "app.yaml", COMPOSE, 0o640)
    link = tmp_path / "compose.yaml"
    link.symlink_to(real)
    apply_edits([FileEdit(link, COMPOSE, COMPOSE_NEW)], files)
    assert link.is_symlink()
    _kept(real, COMPOSE_NEW, 0o640)


def test_a_file_changed_since_the_plan_stops_every_write(
    files: FileAccess, tmp_path: Path
) -> None:
    compose = _file(tmp_path / "compose.yaml", COMPOSE, 0o640)
    env = _file(tmp_path / ".env", b"TAG=1\nhand edit\n", 0o600)
    inode = compose.stat().st_ino
    with pytest.raises(StaleFileError, match=f"{env} changed since"):
        apply_edits(
            [
                FileEdit(compose, COMPOSE, COMPOSE_NEW),
                FileEdit(env, b"TAG=1\n", b"TAG=2\n"),
            ],
            files,
        )
    # Not even rewritten with the same bytes: the first file is the same inode.
    assert compose.stat().st_ino == inode
    _kept(compose, COMPOSE, 0o640)
    _kept(env, b"TAG=1\nhand edit\n", 0o600)


def test_a_failure_midway_puts_back_every_file_written(
    files: FileAccess, tmp_path: Path
) -> None:
    compose = _file(tmp_path / "compose.yaml", COMPOSE, 0o640)
    override = _file(tmp_path / "compose.override.yaml", b"x: 1\n", 0o604)
    env = _file(tmp_path / ".env", b"TAG=1\n", 0o600)
    edits = [
        FileEdit(compose, COMPOSE, COMPOSE_NEW),
        FileEdit(override, b"x: 1\n", b"x: 2\n"),
        FileEdit(env, b"TAG=1\n", b"TAG=2\n"),
    ]
    with pytest.raises(ComposeWriteError) as info:
        apply_edits(edits, RefusedWrite(files, env))
    message = str(info.value)
    assert f"writing {env} failed (No space left on device)" in message
    assert "no file was changed; restored 2 file(s) already written" in message
    _kept(compose, COMPOSE, 0o640)
    _kept(override, b"x: 1\n", 0o604)
    _kept(env, b"TAG=1\n", 0o600)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".env",
        "compose.override.yaml",
        "compose.yaml",
    ]


HOUR_AGO = 3600


def test_a_write_removes_the_temporary_files_of_its_target_left_by_a_kill(
    files: FileAccess, tmp_path: Path
) -> None:
    # given what killed writes of compose.yaml left (aged past any write that
    # could still be under way), beside files Docksmith did not make
    compose = _file(tmp_path / "compose.yaml", COMPOSE, 0o640)
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_bytes(b"not ours to delete")
    left = [tmp_path / ".compose.yaml.docksmith-0a1b2c3d.tmp"]
    left.append(tmp_path / ".compose.yaml.docksmith-k7_x9zq2.tmp")
    others = [
        tmp_path / ".compose.yaml.swp",
        tmp_path / ".compose.yaml.bak.tmp",
        tmp_path / ".compose.yaml.0a1b2c3d.tmp",
        tmp_path / ".compose.yaml.docksmith-0a1b2c3.tmp",
        tmp_path / ".other.yaml.docksmith-0a1b2c3d.tmp",
    ]
    for path in (*left, *others):
        path.write_bytes(b"half a compose file")
    link = tmp_path / ".compose.yaml.docksmith-deadbeef.tmp"
    link.symlink_to(elsewhere)
    folder = tmp_path / ".compose.yaml.docksmith-feedf00d.tmp"
    folder.mkdir()
    old = time.time() - HOUR_AGO
    for path in (*left, *others, link, folder):
        os.utime(path, (old, old), follow_symlinks=False)

    # when compose.yaml is written
    apply_edits([FileEdit(compose, COMPOSE, COMPOSE_NEW)], files)

    # then only the temporary files of its own killed writes are gone
    _kept(compose, COMPOSE_NEW, 0o640)
    assert not [p for p in left if p.exists()]
    assert all(p.read_bytes() == b"half a compose file" for p in others)
    assert link.is_symlink()
    assert elsewhere.read_bytes() == b"not ours to delete"
    assert folder.is_dir()


def test_a_write_leaves_the_temporary_file_of_a_write_under_way(
    files: FileAccess, tmp_path: Path
) -> None:
    compose = _file(tmp_path / "compose.yaml", COMPOSE, 0o640)
    busy = tmp_path / ".compose.yaml.docksmith-0a1b2c3d.tmp"
    busy.write_bytes(b"being written")
    with busy.open("rb") as writing:
        if files is LOCAL:
            # a local write holds its file's lock until its rename, however
            # long it takes
            fcntl.flock(writing, fcntl.LOCK_EX)
            old = time.time() - HOUR_AGO
            os.utime(busy, (old, old))
        # over SSH no lock is seen: a fresh one may be under way
        apply_edits([FileEdit(compose, COMPOSE, COMPOSE_NEW)], files)
    assert busy.read_bytes() == b"being written"
    _kept(compose, COMPOSE_NEW, 0o640)
