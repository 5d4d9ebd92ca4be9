"""Docksmith in a container sees the compose files through its bind mounts."""

from __future__ import annotations

import pytest

from services.checks.discovery import discover
from services.docker import DockerSdkEngine
from services.hostpaths import HostPaths

pytestmark = pytest.mark.lab


async def test_compose_paths_are_translated_through_own_bind_mounts(
    lab_engine, lab_images, tmp_path
):
    host_dir = tmp_path / "host-stacks"  # what the compose labels say
    seen_dir = tmp_path / "mounted-stacks"  # where "Docksmith" finds the files
    (host_dir / "web").mkdir(parents=True)
    (seen_dir / "web").mkdir(parents=True)
    (seen_dir / "web" / "compose.yml").write_text(
        "services:\n  app:\n    image: example/app:2.0.0\n"
    )
    image = lab_images.build("hostpaths/app", "1.0.0", push=False)
    # "Docksmith's own container": its bind mount maps host-stacks to mounted-stacks
    own_id = lab_engine.run_container(
        "hostpaths-self", image.ref, extra_args=["-v", f"{host_dir}:{seen_dir}"]
    )
    # a compose-made container whose labels carry host paths
    lab_engine.run_container(
        "hostpaths-app",
        image.ref,
        labels={
            "com.docker.compose.project": "web",
            "com.docker.compose.service": "app",
            "com.docker.compose.project.working_dir": str(host_dir / "web"),
            "com.docker.compose.project.config_files": "compose.yml",
        },
    )
    engine = DockerSdkEngine(lab_engine.docker_host)
    try:
        paths = HostPaths(engine, hostname=own_id[:12])
        mapper = await paths.mapper()
        assert mapper is not None
        assert mapper.to_container(str(host_dir / "web")) == str(seen_dir / "web")

        facts = {f.name: f for f in await discover(engine, mapper=mapper)}
        compose = facts["hostpaths-app"].compose
        assert compose is not None
        assert compose.error is None
        assert compose.image == "example/app:2.0.0"
        assert compose.compose_file == str(seen_dir / "web" / "compose.yml")

        outside = HostPaths(engine, hostname="not-a-container")
        assert await outside.mapper() is None
    finally:
        await engine.close()
        lab_engine.remove_container("hostpaths-self")
        lab_engine.remove_container("hostpaths-app")
