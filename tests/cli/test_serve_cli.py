from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

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


@pytest.mark.parametrize(
    ("var", "value"),
    [
        # Bracketed IPv6, read by the terminal printer as a style tag and
        # dropped: the message said TRUSTED_PROXIES='' was refused.
        ("TRUSTED_PROXIES", "[fd00::1]"),
        # A closing tag with no opening one: a traceback instead of a message.
        ("PORT", "[/x]"),
    ],
)
def test_a_refused_value_is_shown_as_given(tmp_path, var, value):
    result = _docksmith("serve", env={var: value, "DB_PATH": str(tmp_path / "d.db")})
    assert result.returncode == 2, result.stderr
    assert f"{var}={value!r} is invalid" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_port_in_use_stops_start_up_before_anything_starts(tmp_path):
    # It used to run the whole start-up, log "Docksmith on http://...", then
    # die with uvicorn's bare "[Errno 98]" line (exit 3).
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _docksmith(
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            env={"DB_PATH": str(tmp_path / "d.db")},
        )
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "PORT" in result.stderr
    assert "Docksmith on" not in result.stderr + result.stdout
    assert not (tmp_path / "d.db").exists()


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


# The Python 3.13 suite runs inside the product image, which ships no make
# (tests/image/python313.py); everywhere `make run` is documented, make is.
@pytest.mark.skipif(shutil.which("make") is None, reason="`make run` needs make")
def test_ctrl_c_on_make_run_stops_gracefully_without_a_make_error(tmp_path):
    """Ctrl-C reaches the terminal's whole foreground group (make and the
    server): the server shuts down gracefully and exits 0, so make has no
    failed recipe to report (it used to print "make: *** ... Error 130" or
    "Interrupt") and ends by the SIGINT it got itself, as a shell expects."""
    port = free_port()
    root = Path(__file__).resolve().parents[2]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    }
    env |= {
        "DB_PATH": str(tmp_path / "d.db"),
        "DOCKER_HOST": f"unix://{tmp_path}/none.sock",
        "LOG_FORMAT": "plain",
    }
    log = tmp_path / "make.log"
    with log.open("wb") as out:
        make = subprocess.Popen(
            # NPM=none: no UI build; -o: never reinstall the venv from here.
            [
                *("make", "--no-print-directory", "-o", ".venv/.installed-runtime"),
                *("run", f"PORT={port}", "NPM=none"),
            ],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            # A test runner may ignore SIGINT, and children inherit that.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except httpx.TransportError:
                assert make.poll() is None, log.read_text()
                time.sleep(0.1)
        os.killpg(make.pid, signal.SIGINT)
        make.wait(timeout=60)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait(timeout=15)
    text = log.read_text()
    assert "Application shutdown complete" in text, text
    assert "make: ***" not in text, text
    assert make.returncode in (0, -signal.SIGINT), text
