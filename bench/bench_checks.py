"""Benchmark a full update check against the lab (private dockerd + registry).

Scenario (defaults): 200 containers over 50 repositories with 20 tags each,
every container on an older tag. Prints, for a cold check (empty caches) and a
warm one (inside CACHE_TTL): wall time, registry HTTP requests (total and per
repository) and the peak RSS of this process, which plays the server.

    PYTHONPATH=. .venv/bin/python bench/bench_checks.py [--delay-ms 100] [--containers 200]

`--delay-ms` puts a fault-injecting proxy in front of the registry that holds
every request for that long, to show what request count and concurrency cost
against a distant registry. Targets: cold < 1 s, <= 1.2 requests per
repository, warm = 0 requests, peak RSS < 100 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
from pathlib import Path

from resolvers.context import open_app_context
from services.config import Settings
from tests.lab.engine import LabEngine
from tests.lab.fault_proxy import Fault, FaultProxy
from tests.lab.images import ImageBuilder
from tests.lab.registry import LabRegistry


def build_world(
    engine: LabEngine, registry: LabRegistry, via: str, args: argparse.Namespace
) -> None:
    """Push the images to the registry; run the containers from `via` (the
    registry itself, or the delay proxy in front of it)."""
    started = time.monotonic()
    builder = ImageBuilder(engine, registry)
    base = builder.build("bench/base", "1.0.0").ref
    tags = [f"1.0.{i}" for i in range(args.tags)]
    per_repo = max(1, args.containers // args.repos)
    count = 0
    for r in range(args.repos):
        repo = f"bench/r{r:02d}"
        first = registry.ref(repo, tags[0])
        engine.docker("tag", base, first)
        engine.docker("push", "--quiet", first, timeout=120)
        for tag in tags[1:]:
            registry.api.move_tag(repo, tag, tags[0])
        run_ref = f"{via}/{repo}:{tags[0]}"
        if via != registry.host:
            engine.docker("pull", "--quiet", run_ref, timeout=120)
        for i in range(per_repo):
            if count >= args.containers:
                break
            engine.run_container(f"bench-{r:02d}-{i}", run_ref)
            count += 1
    print(
        f"world: {count} containers, {args.repos} repos x {args.tags} tags "
        f"built in {time.monotonic() - started:.1f}s"
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(engine: LabEngine, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,
            db_path=Path(tmp) / "bench.db",
            docker_host=engine.docker_host,
        )
        async with open_app_context(
            settings, background_checks=False, background_updates=False
        ) as ctx:
            for label in ("cold", "warm"):
                before = dict(ctx.registry.request_count)
                began = time.perf_counter()
                run = await ctx.checks.run()
                wall = time.perf_counter() - began
                after = ctx.registry.request_count
                requests = sum(after.values()) - sum(before.values())
                updates = run.updates_available
                print(
                    f"{label:>5}: {wall * 1000:7.1f} ms  {requests:4d} registry requests "
                    f"({requests / args.repos:.2f}/repo)  {len(run.results)} containers, "
                    f"{updates} updates  peak RSS {peak_rss_mb():.1f} MB"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--containers", type=int, default=200)
    parser.add_argument("--repos", type=int, default=50)
    parser.add_argument("--tags", type=int, default=20)
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    with LabEngine() as engine, LabRegistry() as registry:
        via = registry.host
        if args.delay_ms:
            proxy = FaultProxy(registry.url).start()
            via = proxy.host
        build_world(engine, registry, via, args)
        if args.delay_ms:
            proxy.reset_script(Fault.slow(args.delay_ms / 1000))
            print(f"registry behind a {args.delay_ms} ms delay proxy at {via}")
        asyncio.run(measure(engine, args))


if __name__ == "__main__":
    main()
