"""A restart's own SSE stream (`POST /api/restart/start/{name}`) ends
promptly and cleanly when the server is asked to stop (SIGTERM), like
`/api/events`: a finished response, not one cut mid-body when uvicorn's
graceful period runs out."""

from __future__ import annotations

import asyncio
import signal

import httpx
import pytest

from tests.support.gate import gate_container, write_gate
from tests.support.process import served

pytestmark = pytest.mark.lab

# Well under uvicorn's graceful period (rest/server.py, 10 s), after which a
# stream still open is cut; generous for a loaded machine otherwise.
PROMPT = 8.0
HELD = '"stage": "pre_update_check"'


async def test_sigterm_ends_an_open_restart_stream_cleanly(
    lab, lab_images, lab_registry, tmp_path
):
    # given a restart held in flight by its pre-update check, its stream open

    lab_images.build("q3sd/app", "1.0.0")
    stack = lab.stacks.create(
        "q3sd",
        compose_text=f"services:\n  one:\n    image: {lab_registry.host}/q3sd/app"
        ":1.0.0\n    network_mode: none\n",
    )
    stack.up()
    root, go = tmp_path / "srv", tmp_path / "go"
    write_gate(root / "scripts", go)
    name = stack.container("one").name
    try:
        with served(root, lab.engine.docker_host, LOG_LEVEL="WARNING") as server:
            async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
                await gate_container(client, name)
                async with client.stream(
                    "POST", f"/api/restart/start/{name}"
                ) as stream:
                    assert stream.status_code == 200
                    lines = stream.aiter_lines()
                    # The gate holds the restart at its check: nothing else
                    # is published until the test lets it go.
                    async with asyncio.timeout(60):
                        async for line in lines:
                            if line.startswith("data: ") and HELD in line:
                                break
                    # when the server is asked to stop
                    server.proc.send_signal(signal.SIGTERM)
                    # then the stream ends as a complete response, promptly
                    # (httpx raises on a body cut before its last chunk)
                    async with asyncio.timeout(PROMPT):
                        rest = [line async for line in lines]
            assert not [x for x in rest if x.startswith("data: ")], rest
            go.touch()
            # uvicorn re-raises the signal after its graceful shutdown
            assert server.proc.wait(timeout=60) in (0, -signal.SIGTERM)
    finally:
        go.touch()  # a failed test leaves no script waiting
        stack.down()
