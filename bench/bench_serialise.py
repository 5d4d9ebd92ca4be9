"""Serialising 2,000 containers: the GraphQL `containers` answer (graphql-core's
executor as shipped vs with the leaf fast path, side by side in one run) and
the REST projection (`encode_check_answer`, as `GET /api/check` writes it).

No lab needed: the results are made in memory, shaped like a real check's
(labels, compose labels, dependencies, digests). The GraphQL query selects
every field of `Container` that bench_checks.py selects; the root field is a
stand-in that returns the results (the real one reads them from the checker).

Run: .venv/bin/python bench/bench_serialise.py [CONTAINERS] [RUNS]
Goal: < 100 ms for 2,000 containers, each edge.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

import strawberry

from bench.bench_checks import FIELDS_WITH_LABEL_OBJECTS
from rest.check_models import encode_check_answer
from schema.fastpath import LeafFastPathExecutionContext
from schema.types.container import Container
from services.checks.model import CheckResult, ContainerStatus

GOAL_MS = 100.0


def results(count: int) -> list[CheckResult]:
    now = datetime.now(UTC)
    return [
        CheckResult(
            name=f"app-{i}",
            id=f"{i:064x}",
            image=f"127.0.0.1:5000/bench/r{i % 500}:1.0.0",
            status=ContainerStatus.UPDATE_AVAILABLE,
            checked_at=now,
            stack=f"stack{i % 50}" if i % 4 == 0 else None,
            service="app" if i % 4 == 0 else None,
            labels={
                "com.docker.compose.project": f"stack{i % 50}",
                "org.opencontainers.image.version": "1.0.0",
                "docksmith.version-pin-major": "true",
            },
            state="running",
            current_tag="1.0.0",
            current_version="1.0.0",
            current_digest="sha256:" + "a" * 64,
            latest_version="1.19.0",
            latest_tag="1.19.0",
            latest_digest="sha256:" + "b" * 64,
            change_type="minor",
            reason="newer version in the registry",
            compose_file=f"/srv/stack{i % 50}/compose.yaml" if i % 4 == 0 else None,
            compose_labels={"docksmith.version-pin-major": "true"}
            if i % 4 == 0
            else None,
            dependencies=("db",) if i % 4 == 0 else (),
        )
        for i in range(count)
    ]


def mmm(values: list[float]) -> str:
    return (
        f"min {min(values):7.1f} / median {statistics.median(values):7.1f} / "
        f"max {max(values):7.1f} ms"
    )


def timed(runs: int, once: Callable[[], int]) -> tuple[list[float], list[float], int]:
    """Wall and CPU milliseconds per run (CPU: what a busy machine distorts
    least), and the answer's size."""
    once()  # warm caches (schema, validation, adapters)
    walls, cpus, size = [], [], 0
    for _ in range(runs):
        began, cpu = time.perf_counter(), time.process_time()
        size = once()
        walls.append((time.perf_counter() - began) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus, size


def main(count: int = 2000, runs: int = 5) -> int:
    found = results(count)

    @strawberry.type
    class Query:
        @strawberry.field
        async def containers(self) -> list[Container]:
            return [Container.from_domain(r, None) for r in found]

    query = (
        "{ containers { "
        + FIELDS_WITH_LABEL_OBJECTS.split(" preUpdateCheck")[0]
        + " } }"
    )
    schemas = {
        "graphql (graphql-core)": strawberry.Schema(query=Query),
        "graphql (fast path)": strawberry.Schema(
            query=Query, execution_context_class=LeafFastPathExecutionContext
        ),
    }
    answers = {}

    # One loop for every run: asyncio.run() would put the query's task in its
    # SIGINT handler, whose repr (2,000 containers, ~45 ms) signal.getsignal
    # then computes on the way out, which is not the server's cost.
    loop = asyncio.new_event_loop()

    def graphql(schema: strawberry.Schema, name: str) -> Callable[[], int]:
        def once() -> int:
            result = loop.run_until_complete(schema.execute(query))
            assert not result.errors, result.errors
            text = json.dumps({"data": result.data})
            answers[name] = text
            return len(text)

        return once

    def rest() -> int:
        return len(encode_check_answer(found, updates_available=0))

    print(f"{count} containers, {runs} runs each (interleaved order, one process)")
    failed = False
    for _ in range(2):  # twice, alternating, so load drifts hit both
        for name, schema in schemas.items():
            walls, cpus, size = timed(runs, graphql(schema, name))
            ok = statistics.median(cpus) < GOAL_MS
            failed |= not ok
            print(
                f"{name:>24}: wall {mmm(walls)}; cpu {mmm(cpus)}; "
                f"{size // 1024} KB  {'ok' if ok else 'over goal'}"
            )
        walls, cpus, size = timed(runs, rest)
        print(f"{'rest':>24}: wall {mmm(walls)}; cpu {mmm(cpus)}; {size // 1024} KB")
    loop.close()
    same = len(set(answers.values())) == 1
    print(f"graphql answers identical: {same}")
    return 0 if same and not failed else 1


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    sys.exit(main(*args))
