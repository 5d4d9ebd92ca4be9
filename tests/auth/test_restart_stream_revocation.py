"""A restart's own SSE stream (`POST /api/restart/start/{name}`) ends with
the credentials it was opened with, like every other stream: a last
UNAUTHENTICATED event. The restart itself goes on to its end; only the
revoked caller stops watching it."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from services.auth.modes import AuthMode
from services.auth.principal import Scope
from services.auth.revocations import STREAM_ENDED
from services.config import Settings
from tests.support.api import wait_done
from tests.support.gate import gate_container, write_gate
from tests.support.server import live_server

pytestmark = pytest.mark.lab

ENDED = {
    "success": False,
    "error": {"message": STREAM_ENDED, "code": "UNAUTHENTICATED"},
}


async def test_a_restart_stream_ends_with_its_revoked_token_and_the_restart_goes_on(
    lab, lab_images, lab_registry, tmp_path
):
    lab_images.build("q2rst/app", "1.0.0")
    stack = lab.stacks.create(
        "q2rst",
        compose_text=f"services:\n  one:\n    image: {lab_registry.host}/q2rst/app"
        ":1.0.0\n    network_mode: none\n",
    )
    stack.up()
    # The restart's pre-update check holds it in flight until the test lets
    # it go, so the token is revoked while the stream is open.
    scripts, go = tmp_path / "scripts", tmp_path / "go"
    write_gate(scripts, go)
    settings = Settings(
        _env_file=None,
        db_path=tmp_path / "d.db",
        docker_host=lab.engine.docker_host,
        scripts_dir=scripts,
        auth=AuthMode.LOCAL,
    )
    try:
        async with (
            live_server(settings) as server,
            httpx.AsyncClient(base_url=server.url, timeout=60) as client,
        ):
            tokens = server.ctx.auth.tokens
            admin = await tokens.create(name="admin", scope=Scope.ADMIN)
            operator = await tokens.create(name="op", scope=Scope.OPERATE)
            client.headers["Authorization"] = f"Bearer {admin.secret}"
            name = stack.container("one").name
            await gate_container(client, name)

            seen: list[str] = []
            async with (
                asyncio.timeout(60),
                client.stream(
                    "POST",
                    f"/api/restart/start/{name}",
                    headers={"Authorization": f"Bearer {operator.secret}"},
                ) as stream,
            ):
                assert stream.status_code == 200
                lines = stream.aiter_lines()
                async for line in lines:
                    seen.append(line)
                    if line.startswith("data: "):
                        break
                await tokens.revoke("op")
                seen += [line async for line in lines]
            data = [
                json.loads(x[len("data: ") :]) for x in seen if x.startswith("data: ")
            ]
            assert "event: error" in seen, seen
            assert data[-1] == ENDED
            assert data[0]["payload"]["stage"] != "complete"

            # The restart was not the caller's stream: it finishes.
            go.touch()
            done = await wait_done(client, data[0]["payload"]["operation_id"])
            assert done["status"] == "complete", done
    finally:
        go.touch()  # a failed test leaves no script waiting
        stack.down()
