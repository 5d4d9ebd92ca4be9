"""A pre-update check script that holds an operation in flight until the
test lets it go: the open stream can then be revoked, cut or stopped while
the operation is provably still running."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from tests.support.api import FAST_HEALTH

GATE_SCRIPT = "gate.sh"


def write_gate(
    scripts: Path, go: Path, *, held: Path | None = None, name: str = GATE_SCRIPT
) -> None:
    """`scripts/<name>` waits until `go` exists (the test touches it, also in
    its `finally`, so a failed test leaves no script waiting). With `held`,
    it first creates that file: the operation is then provably in flight."""
    scripts.mkdir(parents=True, exist_ok=True)
    gate = scripts / name
    touch = f'/bin/touch "{held}"\n' if held is not None else ""
    gate.write_text(
        f'#!/bin/sh\n{touch}while [ ! -e "{go}" ]; do /bin/sleep 0.05; done\n'
    )
    gate.chmod(0o755)


async def wait_for_file(path: Path, timeout: float = 60) -> None:
    async with asyncio.timeout(timeout):
        while not path.exists():
            await asyncio.sleep(0.05)


async def gate_container(client: httpx.AsyncClient, name: str) -> None:
    """Fast health checks, and the gate as `name`'s pre-update check."""
    for method, path, body in (
        ("PUT", "/api/policies", FAST_HEALTH),
        ("POST", "/api/scripts/assign", {"container": name, "script": GATE_SCRIPT}),
    ):
        answer = await client.request(method, path, json=body)
        assert answer.status_code == 200, answer.text
