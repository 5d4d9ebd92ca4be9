"""A Docker host reached over SSH: a private sshd on 127.0.0.1 with a test
key, the docker SDK's ssh:// transport to a private engine's socket, and
files written over the same SSH connection."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from resolvers import updates as update_resolvers
from resolvers.context import open_app_context
from services.docker import DockerSdkEngine
from services.hosts.registry import HostStatus
from tests.lab.procs import short_tmpdir
from tests.lab.sshd import LabSshd
from tests.lab.stacks import StackFactory
from tests.services.hosts.probe import down_reason


@pytest.fixture(scope="module")
def session_log(tmp_path_factory):
    """Each time a remote session runs `env` (how the environment compose
    interpolates from is read), one line here: the sessions' PATH finds a
    shim first that notes the call and runs the real `env`."""
    shims = tmp_path_factory.mktemp("shims")
    log = shims / "env-calls.log"
    log.touch()
    real = shutil.which("env")
    shim = shims / "env"
    shim.write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {real} "$@"\n')
    shim.chmod(0o755)
    return shims, log


def remote_reads(log: Path) -> int:
    """How many times the remote environment was read (`env -0`)."""
    return log.read_text().splitlines().count("-0")


@pytest.fixture(scope="module")
def sshd(private_lab_engine, session_log):
    # What the remote session has besides DOCKER_HOST (compose there
    # interpolates from it).
    shims, _ = session_log
    server = LabSshd(
        private_lab_engine.docker_host,
        env={"SSH_WEB_TAG": "1.0", "PATH": f"{shims}:{os.environ['PATH']}"},
    )
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
    error = await down_reason(settings, "vps")
    # The refusal comes first, not "is not reachable": the engine answered.
    assert re.match(r"Docker engine at \S+ presented an SSH host key other than", error)
    assert "not reachable" not in error, error
    assert str(tmp_path / "hosts" / "vps" / "known_hosts") in error
    # The right host key, but a login key the server does not know.
    folder = sshd.host_folder(tmp_path / "hosts" / "vps")
    shutil.copy(stranger, folder / "id_ed25519")
    error = await down_reason(settings, "vps")
    assert re.match(r"Docker engine at \S+ did not accept the SSH key ", error), error
    assert str(folder / "id_ed25519") in error
    # A server known_hosts does not list at all.
    sshd.host_folder(folder, known_hosts="")
    error = await down_reason(settings, "vps")
    assert re.match(r"Docker engine at \S+ is not listed in ", error), error


COMPOSE = """\
# the same project name on both hosts; each host's file is its own
services:
  web:
    image: {ref}   # pinned by hand
    command: ["sleep", "3600"]
    network_mode: none
    labels:
      docksmith.auto_rollback: "false"
"""


async def test_an_update_on_an_ssh_host_edits_that_hosts_compose_file_only(
    settings_factory,
    tmp_path,
    lab_engine,
    lab_images,
    private_lab_engine,
    sshd,
):
    old = lab_images.build("ssh-web", "1.0")
    new_ref = lab_images.build("ssh-web", "2.0").ref
    private_lab_engine.docker("pull", old.ref, timeout=120)
    text = COMPOSE.format(ref=old.ref)
    stacks = {
        "local": StackFactory(lab_engine, short_tmpdir("ssh-local")),
        "vps": StackFactory(private_lab_engine, short_tmpdir("ssh-remote")),
    }
    try:
        here = stacks["local"].create("twinapp", compose_text=text)
        there = stacks["vps"].create("twinapp", compose_text=text.replace("\n", "\r\n"))
        there.compose_path.chmod(0o640)
        here.up()
        there.up()
        before = {"local": here.compose_path.read_bytes()}
        before["vps"] = there.compose_path.read_bytes()
        local_id = here.container("web").id
        settings = settings_factory(
            docker_host=lab_engine.docker_host,
            docker_hosts=f"vps={sshd.url}",
            hosts_dir=tmp_path / "hosts",
        )
        sshd.host_folder(tmp_path / "hosts" / "vps")
        async with open_app_context(
            settings, background_checks=False, background_auto_updates=False
        ) as ctx:
            await ctx.repos.policies.set(
                "stack",
                "twinapp",
                {"health_timeout_seconds": 30, "stability_window_seconds": 1},
                host="vps",
            )
            run = await ctx.checks.run(refresh=True)
            name = there.container("web").name
            found = {r.host: r for r in run.results if r.name == name}
            assert set(found) == {"local", "vps"}
            # The remote project was read over SSH: a compose container with
            # nothing read-only about it.
            assert found["vps"].read_only_reason is None
            assert found["vps"].update_available, found["vps"]

            record = await update_resolvers.update_container(
                ctx, container=name, host="vps"
            )
            assert await ctx.updates.queue.scheduler.wait_idle(180)
            done = await ctx.repos.operations.get(record.operation_id)
            assert done.status == "complete", done.error_message
            assert done.host == "vps"
            backups = await ctx.repos.backups.for_operation(record.operation_id)
            assert [(b.host, b.file_path, b.content, b.mode) for b in backups] == [
                ("vps", str(there.compose_path), before["vps"], 0o640)
            ]
        # Only the image line of the remote file changed, byte for byte;
        # its mode is kept and no temporary file is left beside it.
        assert there.compose_path.read_bytes() == before["vps"].replace(
            old.ref.encode(), new_ref.encode()
        )
        assert stat.S_IMODE(there.compose_path.stat().st_mode) == 0o640
        assert sorted(p.name for p in there.dir.iterdir()) == ["docker-compose.yml"]
        assert there.container("web").image == new_ref
        # The default host's project of the same name is untouched.
        assert here.compose_path.read_bytes() == before["local"]
        assert here.container("web").id == local_id
        assert here.container("web").image == old.ref
    finally:
        for factory in stacks.values():
            factory.close()


async def test_a_remote_project_is_interpolated_as_compose_there_does(
    settings_factory, tmp_path, lab_images, private_lab_engine, sshd, session_log
):
    """Compose on the SSH host takes `${SSH_WEB_TAG}` from the remote
    session's environment (1.0) over `.env` (0.5); so must Docksmith, or it
    reads another image than the one running and calls it a mismatch."""
    old = lab_images.build("ssh-env", "1.0")
    lab_images.build("ssh-env", "2.0")
    private_lab_engine.docker("pull", old.ref, timeout=120)
    repository = old.ref.rsplit(":", 1)[0]
    factory = StackFactory(private_lab_engine, short_tmpdir("ssh-env"))
    try:
        stack = factory.create("envapp", compose_text=COMPOSE.format(ref=old.ref))
        stack.up()
        stack.compose_path.write_text(
            COMPOSE.format(ref=repository + ":${SSH_WEB_TAG}")
        )
        (stack.dir / ".env").write_text("SSH_WEB_TAG=0.5\n")
        settings = settings_factory(
            docker_hosts=f"vps={sshd.url}", hosts_dir=tmp_path / "hosts"
        )
        sshd.host_folder(tmp_path / "hosts" / "vps")
        async with open_app_context(
            settings, background_checks=False, background_auto_updates=False
        ) as ctx:
            run = await ctx.checks.run(refresh=True)
            name = stack.container("web").name
            [found] = [r for r in run.results if (r.host, r.name) == ("vps", name)]
            assert found.status == "UPDATE_AVAILABLE", found
            assert (found.current_version, found.latest_version) == ("1.0", "2.0")
            # An update's own load of the project reads it the same way, from
            # the environment the check run read: no SSH round trip per load.
            _, log = session_log
            reads = remote_reads(log)
            labels = private_lab_engine.inspect(name)[0]["Config"]["Labels"]
            for _ in range(3):
                project = await ctx.updates.deps.on("vps").load_project(labels)
                assert project.resolved_image("web") == old.ref
            assert remote_reads(log) == reads
            # The next check run reads it anew, once for all its projects.
            await ctx.checks.run(refresh=True)
            assert remote_reads(log) == reads + 1
    finally:
        factory.close()
