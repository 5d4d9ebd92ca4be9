"""Run the compose CLI for one project, with a timeout and captured output.

Prefers the ``docker compose`` v2 plugin and falls back to ``docker-compose``
(v1). Every call names the project (``-p``), every config file (``-f``) and
the project directory explicitly, and hands the child an explicit
environment carrying ``DOCKER_HOST``, so the CLI acts on exactly the project
and engine Docksmith means. No shell is involved. A run past its timeout is
killed with its whole process group; failures raise
:class:`~services.compose.errors.ComposeRunError` quoting the CLI's last lines.
"""

# The timeout is a parameter, not left to the caller's asyncio.timeout(),
# because hitting it must also kill the CLI's process group.
# ruff: noqa: ASYNC109
from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import shutil
import signal
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping, Sequence

from services.compose.errors import ComposeRunError, ComposeTimeoutError
from services.frozen import frozen
from services.spawnwatch import SpawnWatch

LineCallback = Callable[[str], None]
# Compose on another host: the v2 plugin when it answers, else docker-compose.
_REMOTE_COMPOSE = (
    "sh",
    "-c",
    'if docker compose version >/dev/null 2>&1; then exec docker compose "$@"; '
    'else exec docker-compose "$@"; fi',
    "compose",
)
_KEEP_LINES = 2000
_ERROR_LINES = 15
# Bytes kept of one output line: compose quotes what it was given
# (a variable's name, a value), which may be any length.
_MAX_LINE = 4000
_KILL_GRACE = 5.0


@frozen
class RunResult:
    args: tuple[str, ...]
    returncode: int
    lines: tuple[str, ...]  # stdout and stderr interleaved, last 2000 lines


class ComposeRunner:
    """Compose CLI invocations against one Docker engine.

    ``env`` is the child's whole environment (default: this process's); it is
    also what compose interpolates ``${VAR}`` from, so give the compose
    loader the same mapping (:attr:`environ`). ``docker_host`` overrides
    ``DOCKER_HOST`` in it. ``watch`` hears of every child started and
    ended, so one that outlives a killed server is known after a restart.
    """

    def __init__(
        self,
        docker_host: str | None,
        env: Mapping[str, str] | None = None,
        *,
        on_line: LineCallback | None = None,
        command: Sequence[str] | None = None,
        watch: SpawnWatch | None = None,
        remote: Sequence[str] | None = None,
    ) -> None:
        base = dict(os.environ if env is None else env)
        if docker_host is not None:
            base["DOCKER_HOST"] = docker_host
            base.pop("DOCKER_CONTEXT", None)
        self.child_env = base
        self.on_line = on_line
        self._command = tuple(command) if command else None
        self.watch = watch
        # An SSH command line (`ssh ... user@host --`) that runs compose on
        # another Docker host, where its files are; the remote side picks
        # the v2 plugin or docker-compose itself.
        self.remote = tuple(remote) if remote else None
        self._detect_lock = asyncio.Lock()

    @property
    def environ(self) -> dict[str, str]:
        """The variables compose interpolates from (the child environment)."""
        return dict(self.child_env)

    async def command(self) -> tuple[str, ...]:
        """``("docker", "compose")`` when the v2 plugin answers, else
        ``("docker-compose",)``; detected once."""
        async with self._detect_lock:
            if self._command is None:
                self._command = _REMOTE_COMPOSE if self.remote else await self._detect()
        return self._command

    async def _detect(self) -> tuple[str, ...]:
        path = self.child_env.get("PATH")
        docker = shutil.which("docker", path=path)
        if docker is not None:
            try:
                rc, _ = await self._exec(
                    [docker, "compose", "version"], 30, report=False
                )
            except ComposeTimeoutError:
                rc = 1
            if rc == 0:
                return (docker, "compose")
        legacy = shutil.which("docker-compose", path=path)
        if legacy is None:
            raise ComposeRunError(
                "no compose CLI found: install the docker compose plugin or docker-compose"
            )
        return (legacy,)

    async def up(
        self,
        project: str,
        config_files: Sequence[str | os.PathLike[str]],
        working_dir: str | os.PathLike[str],
        services: Sequence[str],
        *,
        force_recreate: bool = True,
        no_deps: bool = True,
        pull: bool = False,
        timeout: float = 300,
    ) -> RunResult:
        """``up -d`` the services (``pull`` runs ``pull`` first)."""
        if pull:
            await self.pull(
                project, config_files, working_dir, services, timeout=timeout
            )
        args = ["up", "-d"]
        args += ["--force-recreate"] if force_recreate else []
        args += ["--no-deps"] if no_deps else []
        return await self.run(
            project,
            config_files,
            working_dir,
            [*args, *_names(services)],
            timeout=timeout,
        )

    async def restart(
        self,
        project: str,
        config_files: Sequence[str | os.PathLike[str]],
        working_dir: str | os.PathLike[str],
        services: Sequence[str],
        *,
        timeout: float = 120,
    ) -> RunResult:
        return await self.run(
            project,
            config_files,
            working_dir,
            ["restart", *_names(services)],
            timeout=timeout,
        )

    async def pull(
        self,
        project: str,
        config_files: Sequence[str | os.PathLike[str]],
        working_dir: str | os.PathLike[str],
        services: Sequence[str],
        *,
        timeout: float = 600,
    ) -> RunResult:
        return await self.run(
            project,
            config_files,
            working_dir,
            ["pull", *_names(services)],
            timeout=timeout,
        )

    async def ps(
        self,
        project: str,
        config_files: Sequence[str | os.PathLike[str]],
        working_dir: str | os.PathLike[str],
        services: Sequence[str] = (),
        *,
        timeout: float = 60,
    ) -> list[str]:
        """IDs of the project's containers (v1 lists stopped ones too)."""
        result = await self.run(
            project,
            config_files,
            working_dir,
            ["ps", "-q", *_names(services)],
            timeout=timeout,
        )
        return [line.strip() for line in result.lines if line.strip()]

    async def run(
        self,
        project: str,
        config_files: Sequence[str | os.PathLike[str]],
        working_dir: str | os.PathLike[str],
        args: Sequence[str],
        *,
        timeout: float,
    ) -> RunResult:
        """Any compose subcommand for the project; raises on non-zero exit."""
        if not project or project.startswith("-"):
            raise ComposeRunError(f"invalid compose project name {project!r}")
        if not config_files:
            raise ComposeRunError("no compose file given")
        full = [*await self.command(), "--ansi", "never", "-p", project]
        for path in config_files:
            full += ["-f", os.fspath(path)]
        full += ["--project-directory", os.fspath(working_dir), *args]
        what = f"compose {args[0] if args else ''}".strip()
        if self.remote:
            # One argument for the remote shell, quoted so paths with spaces
            # or shell characters arrive as they are.
            full = [*self.remote, shlex.join(full)]
        try:
            rc, lines = await self._exec(full, timeout)
        except ComposeTimeoutError as exc:
            raise ComposeTimeoutError(f"{what} for project {project} {exc}") from None
        if rc != 0:
            tail = "\n".join(list(lines)[-_ERROR_LINES:]) or "(no output)"
            raise ComposeRunError(
                f"{what} for project {project} failed (exit {rc}):\n{tail}"
            )
        return RunResult(tuple(full), rc, tuple(lines))

    async def _exec(
        self, argv: list[str], timeout: float, *, report: bool = True
    ) -> tuple[int, deque[str]]:
        lines: deque[str] = deque(maxlen=_KEEP_LINES)
        watch = self.watch if report else None
        ticket = await watch.before(argv, timeout) if watch else None
        try:
            proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                env={**self.child_env, **(ticket.env if ticket else {})},
                start_new_session=True,  # lets a timeout kill the plugin child too
            )
        except OSError as exc:
            if watch and ticket:
                await watch.ended(ticket)
            raise ComposeRunError(f"cannot start {argv[0]}: {exc}") from exc
        try:
            try:
                if watch and ticket:
                    await watch.started(ticket, proc.pid)
            except BaseException:
                await _kill(proc)
                raise
            return await self._wait(proc, lines, timeout, report)
        finally:
            if watch and ticket and proc.returncode is not None:
                await watch.ended(ticket)

    async def _wait(
        self,
        proc: asyncio.subprocess.Process,
        lines: deque[str],
        timeout: float,
        report: bool,
    ) -> tuple[int, deque[str]]:

        async def pump() -> int:
            if proc.stdout is None:
                return await proc.wait()
            async for line in _lines(proc.stdout):
                lines.append(line)
                if report and self.on_line is not None:
                    self.on_line(line)
            return await proc.wait()

        try:
            rc = await asyncio.wait_for(pump(), timeout)
        except TimeoutError:
            await _kill(proc)
            tail = "\n".join(list(lines)[-_ERROR_LINES:]) or "(no output)"
            raise ComposeTimeoutError(
                f"timed out after {timeout:g}s and was killed; last output:\n{tail}"
            ) from None
        except BaseException:
            await _kill(proc)
            raise
        return rc, lines


async def _lines(stream: asyncio.StreamReader) -> AsyncIterator[str]:
    """The stream's lines, each cut to `_MAX_LINE` bytes. Iterating the
    stream itself raises ValueError at a line longer than its buffer (64 KiB),
    which would kill compose mid-run."""
    while True:
        try:
            raw = await stream.readuntil(b"\n")
        except asyncio.IncompleteReadError as end:
            if end.partial:
                yield _line(end.partial, 0)
            return
        except asyncio.LimitOverrunError as long:
            head = await stream.readexactly(long.consumed)
            rest = 0
            while True:
                try:
                    tail = await stream.readuntil(b"\n")
                except asyncio.IncompleteReadError as end:
                    rest += len(end.partial)
                    break
                except asyncio.LimitOverrunError as more:
                    rest += len(await stream.readexactly(more.consumed))
                    continue
                rest += len(tail.rstrip(b"\r\n"))
                break
            yield _line(head, rest)
            continue
        yield _line(raw, 0)


def _line(raw: bytes, dropped: int) -> str:
    raw = raw.rstrip(b"\r\n")
    dropped += max(0, len(raw) - _MAX_LINE)
    line = raw[:_MAX_LINE].decode("utf-8", "replace")
    return f"{line}… ({dropped} more bytes)" if dropped else line


async def remote_environment(
    remote: Sequence[str], *, timeout: float = 30
) -> dict[str, str]:
    """The environment compose sees on another host: `env -0` run through
    the same `ssh ... --` command line as compose itself, so it is the
    remote user's session (sshd's SetEnv, PAM, the shell's start-up files),
    which compose interpolates from over `.env`."""
    argv = [*remote, "env -0"]
    try:
        proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise ComposeRunError(f"cannot start {argv[0]}: {exc}") from exc
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        await _kill(proc)
        raise ComposeTimeoutError(
            f"reading the remote environment timed out after {timeout:g}s"
        ) from None
    if proc.returncode != 0:
        why = err.decode("utf-8", "replace").strip() or "(no output)"
        raise ComposeRunError(
            f"reading the remote environment failed (exit {proc.returncode}): {why}"
        )
    found: dict[str, str] = {}
    for entry in out.decode("utf-8", "replace").split("\0"):
        name, sep, value = entry.partition("=")
        if sep and name:
            found[name] = value
    return found


def _names(services: Sequence[str]) -> list[str]:
    for name in services:
        if not name or name.startswith("-"):
            raise ComposeRunError(f"invalid service name {name!r}")
    return list(services)


async def _kill(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            await asyncio.wait_for(proc.wait(), _KILL_GRACE)
            return
        except TimeoutError:
            continue
