"""Process plumbing shared by the lab parts.

Every daemon the lab starts runs in its own session (process group) and is
recorded here, so teardown and the ``atexit`` hook can end exactly the
processes the lab started and nothing else. Also holds the small helpers every
part needs: short temp dirs (unix socket paths are limited to 108 bytes), free
loopback ports, polling with a deadline and subprocess calls with timeouts.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO

LOOPBACK = "127.0.0.1"


class LabError(RuntimeError):
    """A lab component could not be set up; the message says why."""


def short_tmpdir(prefix: str) -> Path:
    """A fresh private dir directly under /tmp, short enough for unix sockets."""
    path = Path(tempfile.mkdtemp(prefix=f"dsl-{prefix}-", dir="/tmp"))
    with _lock:
        _temp_dirs.append(path)
    return path


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def port_open(port: int, host: str = LOOPBACK) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


def wait_until(
    check: Callable[[], bool],
    *,
    timeout: float,
    what: str,
    interval: float = 0.05,
    alive: Callable[[], bool] | None = None,
    log: Path | None = None,
) -> None:
    """Poll ``check`` until it holds; raise LabError (with the log tail) if not.

    ``alive`` lets the caller stop waiting early when the daemon already died.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if alive is not None and not alive():
            break
        time.sleep(interval)
    else:
        reason = f"timed out after {timeout:.0f}s"
        raise LabError(_with_log(f"{what}: {reason}", log))
    if check():
        return
    raise LabError(_with_log(f"{what}: the process exited", log))


def _with_log(message: str, log: Path | None) -> str:
    if log is None:
        return message
    return f"{message}\n--- last lines of {log} ---\n{tail(log)}"


def run(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    check: bool = True,
    input: str | bytes | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a command with a timeout; LabError carries its stderr on failure."""
    data = input.encode() if isinstance(input, str) else input
    try:
        proc = subprocess.run(
            [os.fspath(c) for c in cmd],
            env=dict(env) if env is not None else None,
            cwd=cwd,
            input=data,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise LabError(f"{_show(cmd)} timed out after {timeout:.0f}s") from exc
    except FileNotFoundError as exc:
        raise LabError(f"{_show(cmd)}: {exc.strerror}: {exc.filename}") from exc
    out = subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode(errors="replace"),
        proc.stderr.decode(errors="replace"),
    )
    if check and out.returncode != 0:
        raise LabError(
            f"{_show(cmd)} exited {out.returncode}: {out.stderr.strip() or out.stdout.strip()}"
        )
    return out


def _show(cmd: Sequence[str | os.PathLike[str]]) -> str:
    return " ".join(os.fspath(c) for c in cmd[:4]) + (" ..." if len(cmd) > 4 else "")


class Daemon:
    """A long-running child in its own process group, logging to a file."""

    def __init__(
        self,
        name: str,
        cmd: Sequence[str | os.PathLike[str]],
        *,
        log: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.name = name
        self.log = log
        self._log_file: IO[bytes] = log.open("ab")
        try:
            self.proc = subprocess.Popen(
                [os.fspath(c) for c in cmd],
                stdin=subprocess.DEVNULL,
                stdout=self._log_file,
                stderr=subprocess.STDOUT,
                env=dict(env) if env is not None else None,
                cwd=cwd,
                start_new_session=True,
            )
        except OSError as exc:
            self._log_file.close()
            raise LabError(f"cannot start {name}: {exc}") from exc
        _register(self)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM the group, then SIGKILL it if it does not leave in time."""
        if self.alive():
            self._signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.proc.wait(timeout=5)
        # Children that outlived the leader (e.g. shims) still sit in the group.
        self._signal(signal.SIGKILL)
        self._log_file.close()
        _unregister(self)

    def _signal(self, sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, sig)


_live: dict[int, Daemon] = {}
_temp_dirs: list[Path] = []
# Reentrant: the SIGTERM handler may run teardown while the interrupted
# code holds the lock.
_lock = threading.RLock()
_terminating = False


def live_pids() -> list[int]:
    """The daemons the lab started in this process and has not stopped."""
    with _lock:
        return list(_live)


def temp_dirs() -> list[Path]:
    """Every temp dir the lab made in this process (removed at exit)."""
    with _lock:
        return list(_temp_dirs)


def _register(daemon: Daemon) -> None:
    with _lock:
        _live[daemon.pid] = daemon
    _unwind_on_sigterm()


def _unwind_on_sigterm() -> None:
    """Make SIGTERM unwind this process like Ctrl-C does, so that fixture
    teardown and the ``atexit`` hook stop the lab's daemons. Its default
    action kills the process on the spot, and the daemons, each in a session
    of its own, outlive it (a CI timeout left dockerds running).

    Only in the main thread, and only where nobody handles SIGTERM already
    (``make demo``'s supervisor does)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_sigterm)


def _on_sigterm(signum: int, frame: object) -> None:
    global _terminating
    if _terminating:
        return  # already unwinding: let teardown finish
    _terminating = True
    # pytest ends the session on KeyboardInterrupt and runs every teardown;
    # elsewhere it reaches the top and the atexit hook cleans up.
    raise KeyboardInterrupt(f"signal {signum}")


def _unregister(daemon: Daemon) -> None:
    with _lock:
        _live.pop(daemon.pid, None)


@atexit.register
def _stop_all() -> None:
    with _lock:
        daemons = list(_live.values())
    for daemon in reversed(daemons):
        daemon.stop(timeout=5)
    with _lock:
        dirs = list(_temp_dirs)
    for path in dirs:
        if path.exists():
            unmount_under(path)
            shutil.rmtree(path, ignore_errors=True)


def unmount_under(root: Path) -> None:
    """Lazily unmount whatever a daemon left mounted below ``root``."""
    prefix = os.fspath(root.resolve()) + "/"
    try:
        lines = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return
    points = [line.split()[1] for line in lines if len(line.split()) > 1]
    for point in sorted((p for p in points if p.startswith(prefix)), reverse=True):
        subprocess.run(
            ["umount", "-l", point], capture_output=True, timeout=10, check=False
        )
