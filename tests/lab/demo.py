"""A demo world on the lab engine, for trying the product by hand.

Stacks cover the cases a user meets first: an update available (app 1.0.0
running while 1.1.0 and 2.0.0 exist), a major-pinned service, an ignored
service, an image that was only ever built locally, and a standalone
container outside compose. Images are ``127.0.0.1:<port>/demo/<name>:<tag>``.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path
from types import FrameType

from tests.lab.engine import LabEngine
from tests.lab.images import Healthcheck, ImageBuilder
from tests.lab.procs import short_tmpdir
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


def run_demo(state_dir: Path) -> None:
    """Start, populate, print DOCKER_HOST, then wait for SIGINT/SIGTERM."""
    state_dir.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    engine, registry = LabEngine(), LabRegistry()
    stacks = StackFactory(engine, short_tmpdir("demo"))
    try:
        began = time.monotonic()
        engine.start()
        registry.start()
        summary = populate(engine, registry, stacks)
        (state_dir / "docker_host").write_text(engine.docker_host + "\n")
        (state_dir / "lab.json").write_text(json.dumps(summary, indent=2) + "\n")
        print(f"demo ready in {time.monotonic() - began:.1f}s")
        print(f"export DOCKER_HOST={engine.docker_host}")
        print(f"registry: {registry.url}")
        print("Ctrl-C (or SIGTERM) tears everything down.", flush=True)
        while not stop.wait(1):
            pass
    finally:
        try:
            stacks.close()
        finally:
            registry.close()
            engine.close()
            (state_dir / "docker_host").unlink(missing_ok=True)
