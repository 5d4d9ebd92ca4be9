"""Run a confined script: no shell, a timeout, output captured.

Used for pre-update checks (checker, updates, restarts) and `script:`
post-update actions. The script gets `<container id> <container name>` as
arguments and the container's facts as environment; exit 0 allows.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import Mapping
from pathlib import Path

from services.frozen import frozen
from services.spawnwatch import SpawnWatch

MAX_OUTPUT = 64 * 1024
# After a timeout's kill, how long the output pipe may stay open.
PIPE_GRACE = 2.0


@frozen
class ScriptResult:
    script: str
    exit_code: int | None
    output: str
    timed_out: bool
    duration: float
    timeout_seconds: float

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out

    def describe(self) -> str:
        """One sentence for a block reason or an operation log."""
        tail = self.output.strip()
        if self.timed_out:
            # The configured limit, not the measured time: killing and reaping
            # on a loaded host adds a moment the admin did not configure.
            head = (
                f"script {self.script} timed out after {self.timeout_seconds:g}s "
                "and was killed"
            )
        elif self.exit_code == 0:
            head = f"script {self.script} passed"
        else:
            head = f"script {self.script} exited with code {self.exit_code}"
        return f"{head}: {tail}" if tail else head


async def run_script(
    path: Path,
    *,
    args: list[str],
    env: Mapping[str, str],
    timeout_seconds: float,
    display_name: str | None = None,
    watch: SpawnWatch | None = None,
) -> ScriptResult:
    started = time.monotonic()
    base_env = {
        k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TZ")
    }
    ticket = await watch.before([str(path), *args], timeout_seconds) if watch else None
    # A pipe of our own rather than asyncio's: asyncio's wait() also waits for
    # its pipes to close, which a process that left the script's group
    # (setsid) can hold open for ever.
    read_fd, write_fd = os.pipe()
    try:
        proc = await asyncio.create_subprocess_exec(
            str(path),
            *args,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=write_fd,
            stderr=write_fd,
            env={**base_env, **env, **(ticket.env if ticket else {})},
            cwd=str(path.parent),
            # Its own process group, so a timeout kills what the script started too.
            start_new_session=True,
        )
    except OSError as exc:
        os.close(read_fd)
        if watch and ticket:
            await watch.ended(ticket)
        # e.g. no #! line ("Exec format error"): a failed check, not a crash.
        return ScriptResult(
            script=display_name or path.name,
            exit_code=126,
            output=f"cannot execute: {exc.strerror or exc}",
            timed_out=False,
            duration=time.monotonic() - started,
            timeout_seconds=timeout_seconds,
        )
    finally:
        os.close(write_fd)
    timed_out = False
    tail = bytearray()
    stream = asyncio.StreamReader()
    pipe, _ = await asyncio.get_running_loop().connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(stream), os.fdopen(read_fd, "rb", 0)
    )
    reader = asyncio.create_task(_keep_tail(stream, tail))

    async def finished() -> None:
        # Shielded: a timeout must not end the reading, only the waiting.
        await asyncio.shield(reader)
        await proc.wait()

    try:
        if watch and ticket:
            await watch.started(ticket, proc.pid)
        await asyncio.wait_for(finished(), timeout=timeout_seconds)
    except TimeoutError:
        timed_out = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        await proc.wait()
        # A process that left the group (setsid) may still hold the pipe:
        # what it wrote so far is the output, and it cannot hold the run.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(reader), PIPE_GRACE)
    except BaseException:
        # Cancelled (shutdown): the script and what it started end with us.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        await proc.wait()
        if watch and ticket:
            await watch.ended(ticket)
        raise
    finally:
        reader.cancel()
        pipe.close()
    if watch and ticket:
        await watch.ended(ticket)
    output = bytes(tail[-MAX_OUTPUT:]).decode("utf-8", errors="replace")
    return ScriptResult(
        script=display_name or path.name,
        exit_code=None if timed_out else proc.returncode,
        output=output,
        timed_out=timed_out,
        duration=time.monotonic() - started,
        timeout_seconds=timeout_seconds,
    )


async def _keep_tail(stream: asyncio.StreamReader, tail: bytearray) -> None:
    """Read `stream` to its end keeping only its last MAX_OUTPUT bytes: a
    script printing without end must not fill this process's memory."""
    while chunk := await stream.read(MAX_OUTPUT):
        tail += chunk
        if len(tail) > 2 * MAX_OUTPUT:
            del tail[:-MAX_OUTPUT]
