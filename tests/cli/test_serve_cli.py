from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx

from services.about import docksmith_version
from tests.support.server import free_port


def _docksmith(*args: str, env: dict[str, str] | None = None, timeout: float = 30):
    return subprocess.run(
        [sys.executable, "-m", "rest.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def test_version():
    result = _docksmith("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"docksmith {docksmith_version()}"


def test_bad_configuration_stops_start_up_naming_the_variable(tmp_path):
    result = _docksmith(
        "serve",
        env={"CHECK_INTERVAL": "every minute", "DB_PATH": str(tmp_path / "d.db")},
    )
    assert result.returncode == 2
    assert "CHECK_INTERVAL='every minute' is invalid" in result.stderr
    assert "Go-style duration" in result.stderr


def test_serve_is_the_default_command_and_flags_override_env(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "PORT": "1",
        "DB_PATH": str(tmp_path / "d.db"),
        "DOCKER_HOST": f"unix://{tmp_path}/none.sock",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "rest.cli", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                body = httpx.get(
                    f"http://127.0.0.1:{port}/api/health", timeout=1
                ).json()
                break
            except httpx.TransportError:
                proc.poll()
                assert proc.returncode is None, "server exited"

                time.sleep(0.1)
        assert body["data"]["services"] == {"docker": False, "storage": True}
        assert body["data"]["status"] == "degraded"
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_sigterm_stops_gracefully_with_every_log_line_written(tmp_path):
    """`docker stop` sends SIGTERM: the shutdown's own log lines (and any
    error in it) must reach the output before the process ends, and the exit
    still says "killed by SIGTERM", as a supervisor expects."""
    port = free_port()
    env = {
        **os.environ,
        "DB_PATH": str(tmp_path / "d.db"),
        "DOCKER_HOST": f"unix://{tmp_path}/none.sock",
        "LOG_FORMAT": "plain",
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "rest.cli", "serve", "-p", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None, log.read_text()
                time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=15)
    text = log.read_text()
    assert proc.returncode == -signal.SIGTERM, text
    assert "Application shutdown complete" in text, text
    assert "Finished server process" in text, text
