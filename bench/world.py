"""The benchmark's world on the lab engine: repositories, images, containers.

Every repository gets its own image (its own id, labels and RepoDigest), so
discovery sees as many images as a real host does; its 20 tags all name that
one manifest, and containers run the oldest tag, so each container has an
update and the check needs one tag list per repository. A quarter of the
containers carry compose labels pointing at real compose files on disk
(projects of 10 services), the rest are standalone. Containers are created,
not started: a check reads them all the same, and 2,000 running containers
would need 2,000 shims.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from tests.lab.engine import LabEngine
from tests.lab.images import ImageBuilder
from tests.lab.registry import LabRegistry

T = TypeVar("T")
WORKERS = 6
SERVICES_PER_PROJECT = 10
COMPOSE_EVERY = 4  # one container in four is compose-made


def parallel(fn: Callable[[T], object], items: Iterable[T]) -> None:
    with ThreadPoolExecutor(WORKERS) as pool:
        for _ in pool.map(fn, items):
            pass


@dataclass
class World:
    engine: LabEngine
    registry: LabRegistry
    root: Path
    tags: int = 20
    repos_built: int = 0
    containers: list[str] = field(default_factory=list)
    _projects: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def repo(self, r: int) -> str:
        return f"bench/r{r:03d}"

    def ensure_repos(self, count: int) -> None:
        """Build, push and tag repositories up to `count`."""
        if count <= self.repos_built:
            return
        began = time.monotonic()
        builder = ImageBuilder(self.engine, self.registry)
        tags = [f"1.0.{i}" for i in range(self.tags)]

        def one(r: int) -> None:
            repo = self.repo(r)
            builder.build(
                repo,
                tags[0],
                labels={"org.opencontainers.image.version": tags[0], "bench": repo},
            )
            for tag in tags[1:]:
                self.registry.api.move_tag(repo, tag, tags[0])

        parallel(one, range(self.repos_built, count))
        print(
            f"  built repos {self.repos_built}..{count - 1} "
            f"({self.tags} tags each) in {time.monotonic() - began:.1f}s"
        )
        self.repos_built = count

    def ensure_containers(self, count: int, repos: int, *, host: str) -> None:
        """Create containers up to `count`, spread evenly over `repos`
        repositories reached through `host` (the registry or a proxy)."""
        self.ensure_repos(repos)
        began = time.monotonic()
        start = len(self.containers)
        plan: list[tuple[str, str, dict[str, str]]] = []
        for n in range(start, count):
            repo = self.repo(n % repos)
            image = f"{host}/{repo}:1.0.0"
            name = f"bench-{n:04d}"
            labels: dict[str, str] = {}
            if n % COMPOSE_EVERY == 0:
                labels = self._compose_member(n // COMPOSE_EVERY, name, image)
            plan.append((name, image, labels))
        if host != self.registry.host:
            refs = sorted({image for _, image, _ in plan})
            parallel(lambda ref: self.engine.docker("pull", "-q", ref), refs)
        self._write_projects()

        def create(item: tuple[str, str, dict[str, str]]) -> None:
            name, image, labels = item
            args = ["create", "--network", "none", "--name", name]
            for key, value in labels.items():
                args += ["--label", f"{key}={value}"]
            self.engine.docker(*args, image)

        parallel(create, plan)
        self.containers.extend(name for name, _, _ in plan)
        print(
            f"  created containers {start}..{count - 1} "
            f"in {time.monotonic() - began:.1f}s"
        )

    def remove_containers(self) -> None:
        names = self.containers
        chunks = [names[i : i + 100] for i in range(0, len(names), 100)]
        parallel(lambda chunk: self.engine.docker("rm", "-f", *chunk), chunks)
        self.containers = []
        self._projects.clear()

    def _compose_member(self, index: int, name: str, image: str) -> dict[str, str]:
        project = f"stack{index // SERVICES_PER_PROJECT:03d}"
        service = f"svc{index % SERVICES_PER_PROJECT}"
        directory = self.root / project
        self._projects.setdefault(project, []).append((service, image))
        return {
            "com.docker.compose.project": project,
            "com.docker.compose.service": service,
            "com.docker.compose.project.working_dir": str(directory),
            "com.docker.compose.project.config_files": str(directory / "compose.yaml"),
            "com.docker.compose.container-number": "1",
            "bench.container": name,
        }

    def _write_projects(self) -> None:
        for project, services in self._projects.items():
            directory = self.root / project
            directory.mkdir(parents=True, exist_ok=True)
            lines = ["services:"]
            for service, image in services:
                lines += [
                    f"  {service}:",
                    f"    image: {image}",
                    "    network_mode: none",
                    "    restart: unless-stopped",
                    "    environment:",
                    "      TZ: UTC",
                ]
            (directory / "compose.yaml").write_text("\n".join(lines) + "\n")
