"""What a user reads when the Docker engine cannot be reached: the cause a
new installation meets (no socket, nothing listening, no permission) in
plain words, not the HTTP library's nested repr. Real sockets, no engine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from services.docker import DockerSdkEngine
from services.errors import DockerUnavailableError
from services.hosts.config import HostEntry, HostSource, resolve


async def _message(url: str) -> str:
    adapter = DockerSdkEngine(url)
    try:
        with pytest.raises(DockerUnavailableError) as raised:
            await adapter.list_containers()
    finally:
        await adapter.close()
    return raised.value.message


async def test_missing_socket_says_so_and_names_docker_host(tmp_path):
    path = tmp_path / "absent.sock"
    message = await _message(f"unix://{path}")
    assert message == (
        f"Docker engine at unix://{path} is not reachable: no socket at {path}:"
        " is Docker running, and is this its socket?"
        " (DOCKER_HOST names the engine to use)"
    )


async def test_socket_nobody_listens_on_is_connection_refused(tmp_path):
    path = tmp_path / "dead.sock"
    with socket.socket(socket.AF_UNIX) as bound:  # bound, never listening
        bound.bind(os.fspath(path))
        message = await _message(f"unix://{path}")
    assert message.endswith(f"connection refused at {path}: is Docker running?")
    assert "Errno" not in message
    assert "ProtocolError" not in message


async def test_closed_tcp_port_is_connection_refused():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    message = await _message(f"tcp://127.0.0.1:{port}")
    assert message.endswith(
        f"connection refused at tcp://127.0.0.1:{port}: is Docker running?"
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another user")
def test_socket_without_permission_names_the_group(tmp_path):
    # The usual first-start failure of the image: the socket is root:docker
    # 0660 and the process is not in that group.
    path = tmp_path / "docker.sock"
    tmp_path.chmod(0o755)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(os.fspath(path))
        server.listen()
        path.chmod(0o600)
        # The interpreter may live where another user cannot read it: the
        # child drops to `nobody` only after a first failed call has made
        # the SDK import everything it loads lazily.
        script = (
            "import asyncio, os\n"
            "from services.docker import DockerSdkEngine\n"
            "async def main():\n"
            f"    a = DockerSdkEngine('unix://{tmp_path}/none.sock')\n"
            "    try:\n"
            "        await a.list_containers()\n"
            "    except Exception:\n"
            "        pass\n"
            "    os.setgroups([]); os.setgid(65534); os.setuid(65534)\n"
            f"    a = DockerSdkEngine('unix://{path}')\n"
            "    try:\n"
            "        await a.list_containers()\n"
            "    except Exception as e:\n"
            "        print(e.message)\n"
            "asyncio.run(main())\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=Path(__file__).resolve().parents[3],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(
        f"permission denied on {path}: run Docksmith as root or as a user"
        " in the socket's group (the compose example sets DOCKER_GID)"
    )


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        (HostSource.ENVIRONMENT, "(DOCKER_HOSTS names the engine of host nas)"),
        (
            HostSource.API,
            "(host nas was added with this URL; remove it and add it again to "
            "change it)",
        ),
    ],
)
async def test_missing_socket_of_another_host_names_where_its_url_comes_from(
    tmp_path, source, hint
):
    # DOCKER_HOST names only the local engine: pointing the owner of host
    # nas at it sends them to a setting that cannot fix nas.
    path = tmp_path / "absent.sock"
    spec = resolve(HostEntry("nas", f"unix://{path}"), source, tmp_path)
    adapter = DockerSdkEngine(spec.address)
    try:
        with pytest.raises(DockerUnavailableError) as raised:
            await adapter.list_containers()
    finally:
        await adapter.close()
    assert raised.value.message.endswith(
        f"no socket at {path}: is Docker running, and is this its socket? {hint}"
    )
    assert "DOCKER_HOST " not in raised.value.message
