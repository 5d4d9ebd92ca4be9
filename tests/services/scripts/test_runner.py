from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
import tracemalloc
from dataclasses import replace
from datetime import UTC, datetime

from services.checks.model import CheckResult, ContainerStatus
from services.checks.prechecks import PreUpdateChecker
from services.scripts.runner import MAX_OUTPUT, run_script


def script(path, body: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


async def test_arguments_environment_and_output(tmp_path):
    path = script(
        tmp_path / "s.sh",
        'echo "args=$1,$2 name=$CONTAINER_NAME"; echo oops >&2; exit 3\n',
    )
    result = await run_script(
        path, args=["abc123", "web"], env={"CONTAINER_NAME": "web"}, timeout_seconds=10
    )
    assert result.exit_code == 3
    assert not result.ok
    assert "args=abc123,web name=web" in result.output
    assert "oops" in result.output
    assert result.describe().startswith("script s.sh exited with code 3: ")


async def test_no_shell_interpretation_of_arguments(tmp_path):
    marker = tmp_path / "pwned"
    path = script(tmp_path / "s.sh", 'echo "$1"\n')
    result = await run_script(
        path, args=[f"$(touch {marker})"], env={}, timeout_seconds=10
    )
    assert result.ok
    assert not marker.exists()


async def test_hung_script_is_killed_at_its_timeout_with_its_children(tmp_path):
    path = script(tmp_path / "hang.sh", "sleep 300 &\nsleep 300\n")
    started = time.monotonic()
    result = await run_script(path, args=[], env={}, timeout_seconds=0.5)
    assert time.monotonic() - started < 10
    assert result.timed_out
    assert not result.ok
    # The configured limit, whatever killing took (it said "after 1s" here).
    assert "timed out after 0.5s and was killed" in result.describe()


def _result(**labels) -> CheckResult:
    return CheckResult(
        name="web",
        id="abc123",
        image="nginx:1.24.0",
        status=ContainerStatus.UPDATE_AVAILABLE,
        checked_at=datetime.now(UTC),
        labels=labels,
        current_version="1.24.0",
        latest_version="1.25.3",
        stack="site",
    )


async def test_label_wins_over_assignment(tmp_path):
    root = tmp_path / "scripts"
    script(root / "label.sh", 'echo "target=$TARGET_VERSION stack=$STACK"; exit 1\n')
    script(root / "assigned.sh", "exit 0\n")

    async def assignment(name: str, host: str) -> str | None:
        # Only the default host's container of that name has one.
        return "assigned.sh" if host == "local" else None

    checker = PreUpdateChecker(root, assignment, timeout_seconds=5)
    check = await checker.run(_result(**{"docksmith.pre-update-check": "label.sh"}))
    assert check.source == "label"
    assert check.passed is False
    assert "target=1.25.3 stack=site" in check.output
    assigned = await checker.run(_result())
    assert (assigned.source, assigned.passed) == ("assignment", True)
    # The same name on another host is another container, without it.
    assert await checker.run(replace(_result(), host="nas")) is None


async def test_script_outside_the_folder_blocks_with_the_reason(tmp_path):
    root = tmp_path / "scripts"
    root.mkdir()
    script(tmp_path / "evil.sh", "exit 0\n")

    async def none(name: str, host: str) -> str | None:
        return None

    checker = PreUpdateChecker(root, none)
    check = await checker.run(_result(**{"docksmith.pre-update-check": "../evil.sh"}))
    assert check.passed is False
    assert "outside the scripts folder" in check.output
    assert await checker.run(_result()) is None


async def test_a_file_that_cannot_be_executed_is_a_failed_check(tmp_path):
    path = tmp_path / "no-shebang.sh"
    path.write_text("echo hi\n")
    path.chmod(0o755)
    result = await run_script(path, args=[], env={}, timeout_seconds=5)
    assert not result.ok
    assert "cannot execute" in result.describe()


async def test_a_flood_of_output_keeps_only_its_tail_in_memory(tmp_path):
    # 200 MB of output within the timeout: only the last 64 KiB are held.
    path = script(
        tmp_path / "flood.sh", "head -c 200000000 /dev/zero | tr '\\0' x\necho END\n"
    )
    tracemalloc.start()
    try:
        result = await run_script(path, args=[], env={}, timeout_seconds=120)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.ok
    assert result.output.endswith("xEND\n")
    assert len(result.output) == MAX_OUTPUT
    assert peak < 8 * MAX_OUTPUT * 16, peak


async def test_a_process_escaping_the_group_cannot_hold_the_run_open(tmp_path):
    # A child in a session of its own survives the group kill and keeps the
    # output pipe open: the run ends at the timeout anyway.
    pidfile = tmp_path / "escaped.pid"
    path = script(
        tmp_path / "escape.sh",
        f"setsid sh -c 'echo $$ > {pidfile}; exec sleep 300' &\necho started\n"
        "sleep 300\n",
    )
    try:
        async with asyncio.timeout(60):
            result = await run_script(path, args=[], env={}, timeout_seconds=1)
        assert result.timed_out
        assert "started" in result.output
    finally:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text()), signal.SIGKILL)
