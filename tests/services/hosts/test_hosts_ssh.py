"""A Docker host reached over SSH: a private sshd on 127.0.0.1 with a test
key, the docker SDK's ssh:// transport to a private engine's socket, and
files written over the same SSH connection."""

from __future__ import annotations

import asyncio
import stat
import subprocess
from pathlib import Path

import pytest

from resolvers.context import open_app_context
from services.docker import DockerSdkEngine
from services.hosts.registry import HostStatus
from tests.lab.sshd import LabSshd


@pytest.fixture(scope="module")
def sshd(private_lab_engine):
    server = LabSshd(private_lab_engine.docker_host)
    server.start()
    yield server
    server.close()


async def test_an_ssh_host_is_checked_and_its_files_written_atomically(
    settings_factory, tmp_path, lab_images, private_lab_engine, sshd
):
    image = lab_images.build("over-ssh", "1.0")
    private_lab_engine.docker("pull", image.ref, timeout=120)
    container_id = private_lab_engine.run_container(
        "remote-one", image.ref, command=["sleep", "3600"]
    )
    settings = settings_factory(
        docker_hosts=f"vps={sshd.url}",
        hosts_dir=tmp_path / "hosts",
    )
    sshd.host_folder(tmp_path / "hosts" / "vps")
    async with open_app_context(
        settings, background_checks=False, background_updates=False
    ) as ctx:
        state = await ctx.hosts.test("vps")
        assert state.status is HostStatus.UP, state.error
        assert state.engine_version

        run = await ctx.checks.run()
        found = [r for r in run.results if r.name == "remote-one"]
        assert [(r.host, r.id) for r in found] == [("vps", container_id)]

        engine = ctx.hosts.connection("vps").engine
        assert isinstance(engine, DockerSdkEngine)
        target = tmp_path / "remote" / "compose.yaml"
        target.parent.mkdir()
        target.write_bytes(b"old\n")
        target.chmod(0o640)
        content = b"services:\r\n  app:\r\n    image: x:2  # \xc3\xa9\n"

        def write_and_read() -> bytes:
            files = engine.files()
            files.write(str(target), content)
            return files.read(str(target))

        assert await asyncio.to_thread(write_and_read) == content
        assert target.read_bytes() == content
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
        assert [p.name for p in target.parent.iterdir()] == ["compose.yaml"]


async def test_an_unknown_host_key_is_refused(settings_factory, tmp_path, sshd):
    stranger = tmp_path / "stranger"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger], check=True
    )
    wrong = f"[127.0.0.1]:{sshd.port} " + " ".join(
        Path(f"{stranger}.pub").read_text().split()[:2]
    )
    sshd.host_folder(tmp_path / "hosts" / "vps", known_hosts=wrong + "\n")
    settings = settings_factory(
        docker_hosts=f"vps={sshd.url}", hosts_dir=tmp_path / "hosts"
    )
    async with open_app_context(
        settings, background_checks=False, background_updates=False
    ) as ctx:
        state = await ctx.hosts.test("vps")
        assert state.status is HostStatus.DOWN
        assert state.error
