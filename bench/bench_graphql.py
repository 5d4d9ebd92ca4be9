"""GraphQL `containers` for 2,000 containers over HTTP: server CPU and wall.

Two documents, each answered from the same 2,000 stored check results:

- ui: the Updates page's query exactly as the UI's urql client sends it
  (`UI_UPDATES_QUERY`: the `Updates` document of frontend/src/pages/
  UpdatesPage.tsx with its `ContainerFields` fragment, printed by urql, which
  adds `__typename` to every selection set); it also asks for `status` and
  `policies`, and each container's `lastOperation`;
- full: every field of `Container` that bench/bench_checks.py selects.

No lab engine is needed: the results are written into a fresh store (shaped
like a real check's: 8 labels each, a quarter compose-made, a pre-update
check on some), with one operation for every fourth container, and
`docksmith serve` runs from the tree under test as its own process against a
Docker socket that does not exist (its start-up check fails and leaves the
stored results in place). CPU is the server's, read from /proc; after the
runs each tree's RSS and peak RSS since start (VmHWM) are printed, which
needs no lab, unlike bench_checks.py's peak.

    PYTHONPATH=. .venv/bin/python bench/bench_graphql.py [--runs 7]
        [--tree before=/tmp/base --tree after=.]
    PYTHONPATH=. .venv/bin/python bench/bench_graphql.py --profile ui

`--profile DOC` runs the same app in this process (through its ASGI
interface, no socket) under cProfile and prints where the time goes.

Goal (#16): < 100 ms for 2,000 containers.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import pstats
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.bench_checks import FIELDS_WITH_LABEL_OBJECTS
from bench.server import Server
from tests.support.ui_queries import UI_UPDATES_QUERY

GOAL_MS = 100.0
# Fixed, so answers compare byte for byte between trees and runs.
CHECKED_AT = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


DOCUMENTS: dict[str, dict[str, Any]] = {
    "ui": {"query": UI_UPDATES_QUERY, "operationName": "Updates"},
    "full": {"query": "{ containers { " + FIELDS_WITH_LABEL_OBJECTS + " } }"},
}


def results(count: int) -> list[Any]:
    from services.checks.model import CheckResult, ContainerStatus, PreUpdateCheck

    now = CHECKED_AT
    found = []
    for i in range(count):
        compose = i % 4 == 0
        project = f"stack{i // 40:03d}"
        labels = {
            "org.opencontainers.image.version": "1.0.0",
            "org.opencontainers.image.source": f"https://example.invalid/r{i % 500}",
            "org.opencontainers.image.revision": f"{i:040x}",
            "maintainer": "bench",
            "bench": f"bench/r{i % 500:03d}",
            "docksmith.version-pin-major": "true",
        }
        if compose:
            labels["com.docker.compose.project"] = project
            labels["com.docker.compose.service"] = f"svc{i % 10}"
        else:
            labels["build_version"] = f"v1.0.0-ls{i % 90}"
            labels["bench.container"] = f"bench-{i:04d}"
        found.append(
            CheckResult(
                name=f"bench-{i:04d}",
                id=f"{i:064x}",
                image=f"127.0.0.1:5000/bench/r{i % 500:03d}:1.0.0",
                status=ContainerStatus.UPDATE_AVAILABLE,
                checked_at=now,
                stack=project if compose else None,
                service=f"svc{i % 10}" if compose else None,
                labels=labels,
                state="running",
                current_tag="1.0.0",
                current_version="1.0.0",
                current_digest="sha256:" + "a" * 64,
                latest_version="1.0.19",
                latest_tag="1.0.19",
                latest_digest="sha256:" + "b" * 64,
                change_type="patch",
                reason="newer version in the registry",
                compose_file=f"/srv/{project}/compose.yaml" if compose else None,
                compose_image=f"127.0.0.1:5000/bench/r{i % 500:03d}:1.0.0"
                if compose
                else None,
                compose_labels={"docksmith.version-pin-major": "true"}
                if compose
                else None,
                dependencies=("db",) if compose else (),
                pre_update_check=PreUpdateCheck(
                    script="check.sh", passed=True, output="ok", source="label"
                )
                if i % 10 == 0
                else None,
            )
        )
    return found


async def seed(db: Path, count: int, operations_every: int = 4) -> None:
    """The store a server restarts with after a check of `count` containers,
    with an operation for every `operations_every`th (0: none), so
    `lastOperation` answers objects too."""
    from services.checks.serialise import results_to_json
    from services.checks.service import KEY_RESULTS
    from services.store.database import Store
    from services.store.records import OperationRecord
    from services.store.repositories import OperationRepository, SettingsRepository

    store = Store(f"sqlite://{db}")
    await store.open()
    try:
        found = results(count)
        await SettingsRepository(store).set(KEY_RESULTS, results_to_json(found))
        operations = OperationRepository(store)
        began = CHECKED_AT - timedelta(days=1)
        for n, r in enumerate(found[::operations_every] if operations_every else []):
            await operations.create(
                OperationRecord(
                    operation_id=f"op-{n:05d}",
                    operation_type="restart",
                    status="complete",
                    container_name=r.name,
                    started_at=began + timedelta(seconds=n),
                    completed_at=began + timedelta(seconds=n + 1),
                )
            )
    finally:
        await store.close()


def signature(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:12]


def mmm(values: list[float]) -> str:
    return f"{min(values):6.1f} / {statistics.median(values):6.1f} / {max(values):6.1f}"


def measure(
    trees: dict[str, Path], count: int, runs: int, rounds: int, operations_every: int
) -> int:
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-gql-") as tmp:
        servers: dict[str, Server] = {}
        try:
            for name, tree in trees.items():
                state = Path(tmp) / name
                state.mkdir()
                asyncio.run(seed(state / "docksmith.db", count, operations_every))
                servers[name] = Server(
                    tree,
                    state,
                    f"unix://{state}/no-docker.sock",
                    wait_for_check=False,
                )
            figures: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
            answers: dict[str, set[str]] = {}
            for server in servers.values():  # warm: schema, validation, caches
                for body in DOCUMENTS.values():
                    server.http.post("/graphql", json=body).raise_for_status()
            # Interleaved so load drifts hit every tree and document alike.
            for _ in range(rounds):
                for doc, body in DOCUMENTS.items():
                    for name, server in servers.items():
                        walls, cpus = figures.setdefault((doc, name), ([], []))
                        for _ in range(runs):
                            cpu, began = server.cpu_seconds(), time.perf_counter()
                            response = server.http.post("/graphql", json=body)
                            walls.append((time.perf_counter() - began) * 1000)
                            cpus.append((server.cpu_seconds() - cpu) * 1000)
                            payload = response.json()
                            if response.status_code != 200 or payload.get("errors"):
                                raise RuntimeError(f"{doc}: {payload.get('errors')}")
                            if len(payload["data"]["containers"]) != count:
                                raise RuntimeError(f"{doc}: wrong number of containers")
                            answers.setdefault(doc, set()).add(
                                f"{signature(response.content)} "
                                f"{len(response.content) // 1024} KB"
                            )
            # After every answer of every round: what big answers leave resident.
            memory = {
                name: (server.rss_mb(), server.peak_rss_mb())
                for name, server in servers.items()
            }
        finally:
            for server in servers.values():
                server.close()
    history = (
        f"an operation for every {operations_every}th"
        if operations_every
        else "no operations"
    )
    print(
        f"{count} containers ({history}) over HTTP, {runs * rounds} runs each; "
        "ms min / median / max"
    )
    for (doc, name), (walls, cpus) in figures.items():
        ok = statistics.median(walls) < GOAL_MS
        failed |= not ok
        print(
            f"  {doc:>4} {name:>8}: wall {mmm(walls)}  server CPU {mmm(cpus)}  "
            f"{'ok' if ok else 'over goal'}"
        )
    for doc, seen in answers.items():
        print(f"  {doc} answers: {', '.join(sorted(seen))}")
    for name, (rss, peak) in memory.items():
        print(
            f"  {name:>8}: RSS after the answers {rss:.1f} MB, peak since start {peak:.1f} MB"
        )
    return 1 if failed else 0


def profile(doc: str, count: int, runs: int, operations_every: int) -> None:
    """The app in this process under cProfile (ASGI, no socket)."""
    import httpx

    from resolvers.context import open_app_context
    from rest.app import create_app
    from services.config import Settings

    async def main(state: Path) -> None:
        await seed(state / "docksmith.db", count, operations_every)
        settings = Settings(
            _env_file=None,
            db_path=state / "docksmith.db",
            docker_host=f"unix://{state}/no-docker.sock",
            scripts_dir=state / "scripts",
        )

        def no_checks(s: Settings) -> Any:
            return open_app_context(s, background_checks=False)

        app = create_app(settings, context_factory=no_checks)
        async with app.router.lifespan_context(app) as lifespan_state:
            # What uvicorn does with the lifespan's state: each request's copy.
            async def with_state(scope: Any, receive: Any, send: Any) -> None:
                scope["state"] = dict(lifespan_state or {})
                await app(scope, receive, send)

            transport = httpx.ASGITransport(app=with_state)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://127.0.0.1"
            ) as http:
                body = DOCUMENTS[doc]
                (await http.post("/graphql", json=body)).raise_for_status()
                profiler = cProfile.Profile()
                began, cpu = time.perf_counter(), time.process_time()
                profiler.enable()
                for _ in range(runs):
                    response = await http.post("/graphql", json=body)
                profiler.disable()
                wall = (time.perf_counter() - began) * 1000 / runs
                used = (time.process_time() - cpu) * 1000 / runs
                assert not response.json().get("errors"), response.text[:500]
        print(f"{doc}: {wall:.1f} ms wall, {used:.1f} ms CPU per request (profiled)")
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(45)

    with tempfile.TemporaryDirectory(prefix="bench-gql-") as tmp:
        asyncio.run(main(Path(tmp)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--containers", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5, help="per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--profile", choices=sorted(DOCUMENTS))
    parser.add_argument(
        "--operations-every", type=int, default=4,
        help="one stored operation for every Nth container (0: none)",
    )  # fmt: skip
    parser.add_argument(
        "--tree", action="append", default=[], metavar="NAME=PATH",
        help="a source tree to serve from (default: this one)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.profile:
        profile(args.profile, args.containers, args.runs, args.operations_every)
        return 0
    trees = {
        name: Path(path).resolve()
        for name, path in (t.split("=", 1) for t in args.tree or ["this=."])
    }
    return measure(
        trees, args.containers, args.runs, args.rounds, args.operations_every
    )


if __name__ == "__main__":
    sys.exit(main())
