"""The server as its own OS process (`python -m rest.cli serve`), so a test
can SIGKILL it mid-operation and start it again on the same database."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from tests.support.db import seed_migrated_sqlite
from tests.support.server import free_port


class ServerProcess:
    def __init__(self, root: Path, docker_host: str, **env: str) -> None:
        self.port = free_port()
        self.env = {
            **os.environ,
            "PORT": str(self.port),
            "DB_PATH": str(root / "docksmith.db"),
            "DOCKER_HOST": docker_host,
            "SCRIPTS_DIR": str(root / "scripts"),
            "CHECK_INTERVAL": "1h",
            "LOG_LEVEL": "WARNING",
            **env,
        }
        self.log = root / "server.log"
        self.proc: subprocess.Popen[bytes] | None = None

    async def start(self) -> httpx.AsyncClient:
        seed_migrated_sqlite(Path(self.env["DB_PATH"]))
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "rest.cli", "serve"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{self.port}", timeout=60)
        for _ in range(1200):
            try:
                if (await client.get("/api/health")).status_code == 200:
                    return client
            except httpx.TransportError:
                pass
            assert self.proc.poll() is None, self.log.read_text()
            await asyncio.sleep(0.1)
        raise AssertionError("server did not start:\n" + self.log.read_text())

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


async def wait_status(
    client: httpx.AsyncClient, op_id: str, wanted: tuple[str, ...], timeout: float = 60
) -> dict[str, Any]:
    async with asyncio.timeout(timeout):
        while True:
            op: dict[str, Any] = (await client.get(f"/api/operations/{op_id}")).json()[
                "data"
            ]
            if op["status"] in wanted:
                return op
            await asyncio.sleep(0.05)


async def wait_log(
    client: httpx.AsyncClient, op_id: str, text: str, timeout: float = 60
) -> dict[str, Any]:
    """The operation once a line of its log contains `text`."""
    async with asyncio.timeout(timeout):
        while True:
            op: dict[str, Any] = (await client.get(f"/api/operations/{op_id}")).json()[
                "data"
            ]
            if any(text in line["message"] for line in op.get("log") or []):
                return op
            await asyncio.sleep(0.05)
