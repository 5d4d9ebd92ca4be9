"""A throwaway PostgreSQL cluster on loopback, built from Debian's binaries.

``initdb`` refuses to run as root, so when the lab runs as root the cluster
belongs to the ``postgres`` system user (commands go through ``runuser``) in a
temp dir handed to that user. Trust auth, 127.0.0.1 only, unix socket in the
temp dir; ``close`` stops it with ``pg_ctl stop -m fast`` and deletes it.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import shutil
import time
from pathlib import Path

from tests.lab.procs import LOOPBACK, LabError, free_port, run, short_tmpdir

PG_ROOT = Path("/usr/lib/postgresql")
DEFAULT_DB = "docksmith_test"


def pg_bindir() -> Path:
    """The newest installed server's bin dir (15 on Debian bookworm)."""
    versions = sorted(
        (p for p in PG_ROOT.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not versions:
        raise LabError(f"no PostgreSQL server under {PG_ROOT} (install postgresql)")
    return versions[-1]


class LabPostgres:
    """One cluster; ``url`` is ``postgres://postgres@127.0.0.1:PORT/<db>``."""

    def __init__(self, database: str = DEFAULT_DB) -> None:
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", database):
            raise LabError(f"unsafe database name {database!r}")
        self.database = database
        self.bindir = pg_bindir()
        self.root = short_tmpdir("pg")
        self.data_dir = self.root / "data"
        self.socket_dir = self.root
        self.log_path = self.root / "postgres.log"
        self.port = 0
        self._running = False
        self.start_seconds: float | None = None
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        return self.url_for(self.database)

    def url_for(self, database: str) -> str:
        return f"postgres://postgres@{LOOPBACK}:{self.port}/{database}"

    def __enter__(self) -> LabPostgres:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pg(self, tool: str, *args: str, timeout: float = 60) -> str:
        cmd = [*self._as_user, os.fspath(self.bindir / tool), *args]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C.UTF-8"
        return run(cmd, env=env, timeout=timeout, cwd=self.root).stdout

    def start(self, timeout: float = 60) -> None:
        if self._running:
            return
        began = time.monotonic()
        if not (self.data_dir / "PG_VERSION").exists():
            self._pg(
                "initdb", "-D", os.fspath(self.data_dir), "-U", "postgres",
                "--auth=trust", "--encoding=UTF8", "--no-sync", timeout=timeout,
            )  # fmt: skip
        self.port = self.port or free_port()
        options = (
            f"-c listen_addresses={LOOPBACK} -c port={self.port} "
            f"-c unix_socket_directories={self.socket_dir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        try:
            self._pg(
                "pg_ctl", "start", "-w", "-t", str(int(timeout)),
                "-D", os.fspath(self.data_dir), "-l", os.fspath(self.log_path),
                "-o", options, timeout=timeout + 5,
            )  # fmt: skip
        except LabError as exc:
            raise LabError(f"{exc}\n{self._log_tail()}") from exc
        self._running = True
        # pg_ctl daemonises the server, so the process registry never sees it.
        atexit.register(self.close)
        self._pg("createdb", "-h", os.fspath(self.socket_dir), "-p", str(self.port),
                 "-U", "postgres", self.database)  # fmt: skip
        self.start_seconds = time.monotonic() - began

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """Another database in the same cluster, empty or a copy of
        `template` (which nothing may be connected to); returns its URL."""
        for each in (name, template or name):
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", each):
                raise LabError(f"unsafe database name {each!r}")
        copy = ["-T", template] if template else []
        self._pg("createdb", "-h", os.fspath(self.socket_dir), "-p", str(self.port),
                 "-U", "postgres", *copy, name)  # fmt: skip
        return self.url_for(name)

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-20:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self._running:
            self._pg(
                "pg_ctl", "stop", "-m", "fast", "-w", "-D", os.fspath(self.data_dir)
            )
            self._running = False

    def close(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
