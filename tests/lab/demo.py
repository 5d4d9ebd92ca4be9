"""A demo world on the lab engine, for trying the product by hand.

Stacks cover the cases a user meets first: an update available (app 1.0.0
running while 1.1.0 and 2.0.0 exist), a major-pinned service, an ignored
service, an image that was only ever built locally, and a standalone
container outside compose. Images are ``127.0.0.1:<port>/demo/<name>:<tag>``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from tests.lab.engine import LabEngine
from tests.lab.images import Healthcheck, ImageBuilder
from tests.lab.procs import live_pids, short_tmpdir, temp_dirs
from tests.lab.registry import LabRegistry
from tests.lab.stacks import StackFactory

OCI_VERSION = "org.opencontainers.image.version"


def populate(
    engine: LabEngine, registry: LabRegistry, stacks: StackFactory
) -> dict[str, object]:
    """Push the demo images and bring the demo stacks up; returns a summary."""
    images = ImageBuilder(engine, registry)

    def push(repo: str, *tags: str) -> None:
        for tag in tags:
            images.build(
                repo, tag, labels={OCI_VERSION: tag}, healthcheck=Healthcheck()
            )

    push("demo/app", "1.0.0", "1.1.0", "2.0.0")
    push("demo/pinned", "1.0.0", "1.2.0", "2.0.0")
    push("demo/ignored", "1.0.0", "1.1.0")
    push("demo/standalone", "3.1.0", "3.2.0")
    local = images.build("demo/localonly", "0.1.0", push=False)

    stacks.up("demo-updates", {"app": {"image": registry.ref("demo/app", "1.0.0")}})
    stacks.up(
        "demo-pinned",
        {
            "pinned": {
                "image": registry.ref("demo/pinned", "1.0.0"),
                "labels": {"docksmith.version-pin-major": "true"},
            }
        },
    )
    stacks.up(
        "demo-ignored",
        {
            "ignored": {
                "image": registry.ref("demo/ignored", "1.0.0"),
                "labels": {"docksmith.ignore": "true"},
            }
        },
    )
    stacks.up("demo-local", {"local": {"image": local.ref}})
    engine.run_container("demo-standalone", registry.ref("demo/standalone", "3.1.0"))
    return {
        "docker_host": engine.docker_host,
        "registry": registry.host,
        "stacks": [str(s.compose_path) for s in stacks.stacks],
        "standalone": "demo-standalone",
    }


def run_demo(state_dir: Path, server: Sequence[str] = ()) -> int:
    """Start and populate the lab, then run ``server`` against it (if given)
    until SIGINT/SIGTERM or until the server exits; returns the exit status.

    The server runs in its own session, so a terminal's Ctrl-C reaches it once,
    forwarded from here, and it gets a graceful shutdown. Signals sent to
    `make` alone are seen too: make forwards SIGTERM to this process, and on
    SIGINT it only resets its own handler and waits for us, which
    :func:`_parent_interrupted` notices.
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    received: list[int] = []
    stop = threading.Event()
    starting = threading.Event()
    starting.set()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        stop.set()
        if starting.is_set():
            # Still building the world: leave it now; `finally` tears down.
            raise _InterruptedError(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    parent = os.getppid()
    parent_catches_int = _catches_sigint(parent)
    engine, registry = LabEngine(), LabRegistry()
    stacks = StackFactory(engine, short_tmpdir("demo"))
    proc: subprocess.Popen[bytes] | None = None
    status = 0
    try:
        began = time.monotonic()
        engine.start()
        registry.start()
        summary = populate(engine, registry, stacks)
        (state_dir / "docker_host").write_text(engine.docker_host + "\n")
        print(f"demo ready in {time.monotonic() - began:.1f}s")
        print(f"export DOCKER_HOST={engine.docker_host}")
        print(f"registry: {registry.url}")
        print("Ctrl-C (or SIGTERM) tears everything down.", flush=True)
        if server and not stop.is_set():
            proc = subprocess.Popen(
                list(server),
                env={
                    **os.environ,
                    "DOCKER_HOST": engine.docker_host,
                    "DB_PATH": os.fspath(state_dir / "docksmith.db"),
                },
                start_new_session=True,
            )
        starting.clear()
        summary["pids"] = [os.getpid(), *live_pids()]
        summary["server_pid"] = proc.pid if proc else None
        summary["dirs"] = [os.fspath(d) for d in temp_dirs()]
        (state_dir / "lab.json").write_text(json.dumps(summary, indent=2) + "\n")
        while not stop.wait(0.5):
            if proc is not None and proc.poll() is not None:
                status = proc.returncode
                break
            if os.getppid() != parent:
                received.append(signal.SIGTERM)
                break
            if parent_catches_int and not _catches_sigint(parent):
                received.append(signal.SIGINT)
                break
    except _InterruptedError:
        pass
    finally:
        starting.clear()
        if proc is not None:
            _stop_server(proc, received[0] if received else signal.SIGTERM)
        try:
            stacks.close()
        finally:
            registry.close()
            engine.close()
            (state_dir / "docker_host").unlink(missing_ok=True)
    return status


class _InterruptedError(Exception):
    """SIGINT/SIGTERM while the demo world was still being built."""


def _stop_server(proc: subprocess.Popen[bytes], signum: int) -> None:
    """The signal the demo got, then SIGKILL if the server overstays."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signum)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        print("server did not stop in 60 s; killing it", flush=True)
        proc.kill()
        proc.wait(timeout=10)
    print(f"server exited with status {proc.returncode}", flush=True)


def _catches_sigint(pid: int) -> bool:
    """Whether ``pid`` has a SIGINT handler (Linux: SigCgt in /proc status).

    GNU make, on a fatal SIGINT, sets the signal back to its default before it
    waits for its children, so the bit going away is make being interrupted.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signal.SIGINT - 1) & 1)
    return False
