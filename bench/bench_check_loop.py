"""The check's own CPU, without the engine, the registry or the database.

Runs `CheckService._run_once` over 2,000 containers of 500 repositories
(20 tags each, every container on the oldest tag, tags already fetched)
in one process and prints min/median/max of its process CPU: what deciding
the containers costs once discovery and the tag lists are in hand. On a
loaded machine the minimum is the figure to compare between trees (run it
from each: `cd TREE && PYTHONPATH=. python bench/bench_check_loop.py`);
bench_checks.py measures the whole check over HTTP.

    PYTHONPATH=. .venv/bin/python bench/bench_check_loop.py [CONTAINERS] [REPOS] [RUNS]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from services.checks.model import CheckResult, ContainerFacts, PreUpdateCheck
from services.checks.service import CheckService
from services.events import EventBus
from services.registry.references import ImageReference

TAGS = [f"1.0.{i}" for i in range(20)]
HOST = "127.0.0.1:5000"


class Tags:
    """Every repository has the same 20 tags, as bench/world.py makes them."""

    async def list_tags(self, image: ImageReference) -> list[str]:
        return list(TAGS)

    async def get_digest(self, image: ImageReference) -> str:
        return "sha256:" + "a" * 64

    async def get_tag_digests(
        self, image: ImageReference, tags: Iterable[str]
    ) -> dict[str, str]:
        return {}

    async def clear_cache(self) -> None:
        return None

    def concurrency_for(self, image: ImageReference) -> int:
        return 32


class NoScripts:
    async def for_run(self) -> NoScripts:
        return self

    async def run(self, result: CheckResult) -> PreUpdateCheck | None:
        return None


def facts(count: int, repos: int) -> list[ContainerFacts]:
    return [
        ContainerFacts(
            id=f"{n:064x}",
            name=f"bench-{n:04d}",
            image=f"{HOST}/bench/r{n % repos:03d}:{TAGS[0]}",
            image_id="sha256:" + "e" * 64,
            state="created",
            health=None,
            labels={"bench.container": f"bench-{n:04d}", "bench": f"r{n % repos}"},
            repo_digests=(f"{HOST}/bench/r{n % repos:03d}@sha256:" + "b" * 64,),
            image_labels={"org.opencontainers.image.version": TAGS[0]},
        )
        for n in range(count)
    ]


async def main(count: int, repos: int, runs: int) -> None:
    containers = facts(count, repos)

    async def discover() -> list[ContainerFacts]:
        return containers

    unused: Any = None  # a run that is not saved needs no store
    service = CheckService(
        discover=discover, registry=Tags(), prechecks=NoScripts(),
        settings=unused, history=unused, events=EventBus(), interval=timedelta(hours=1),
    )  # fmt: skip
    cpu: list[float] = []
    for _ in range(runs):
        began = time.process_time()
        run = await service._run_once()
        cpu.append((time.process_time() - began) * 1000)
    verdicts = {r.latest_version for r in run.results}
    print(
        f"decide {count} containers / {repos} repos: cpu min {min(cpu):.1f} / "
        f"median {statistics.median(cpu):.1f} / max {max(cpu):.1f} ms "
        f"over {runs} runs (latest versions: {sorted(v or '-' for v in verdicts)})"
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    asyncio.run(main(*(args + [2000, 500, 15][len(args) :])))
