"""Benchmark full update checks over HTTP against the lab (private dockerd + registry).

Brings up the world (see bench/world.py: one image per repository, 20 tags
each, every container on the oldest tag, a quarter of them compose-made),
then for each scale (default 200/50, 600/150, 2,000/500 containers/repos)
starts `docksmith serve` as its own process and measures, RUNS times each:

- cold: `GET /api/check` (clears the registry cache, checks everything):
  wall time, server CPU time (all threads', and the event loop thread's
  alone), registry requests;
- warm: `POST /api/trigger-check` until the background run is saved
  (cache valid): wall time, server CPU, registry requests (must be 0);
- gql: the GraphQL `containers` query (every field) answering from the
  last results: wall time and size;
- gql-ui: the Updates page's query exactly as the UI of the tree served
  sends it (`ui_document` in tests/support/ui_queries.py: its containers with
  every field the list shows, status and rollback policies, and urql's
  `__typename`s): wall and CPU;
- peak: the server's peak RSS (VmHWM, reset before) over a cold check and
  then that same query, since every UI session sends it after a check;
- rest: the REST projection of the same results (`encode_check_answer`,
  timed inside the tree, see serialise_probe.py);

and prints min/median/max, the peak above, the server's RSS before each
cold check and after the UI's query, its peak since start, and the import floor of
`docksmith serve` (min/median/max over as many fresh interpreters). With
`--delay-ms` (default 100) a first scale of 200/50 runs through the fault
proxy holding every registry request that long. `--tree NAME=PATH` (repeatable) runs the same world
against other source trees, all their servers up at once and measured in
turn, request by request, so before and after are measured side by side on
the same machine load.

    PYTHONPATH=. .venv/bin/python bench/bench_checks.py [--tree before=/tmp/base --tree after=.]

The server runs as the image runs it (bench/server.py SERVE_FLAGS: python
-OO, bytecode compiled beforehand); `--python-flags NAME=` serves tree NAME
without them.

Goals: cold 200 < 0.3 s wall, < 0.25 s CPU; warm < 0.1 s, 0 requests;
2,000 < 2 s; 50 repos at 100 ms latency < 0.5 s; peak RSS < 80 MB at 2,000;
serialisation of 2,000 < 100 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.server import SERVE_FLAGS, Server, import_floor_mb, parse_python_flags
from bench.world import World
from tests.lab.engine import LabEngine
from tests.lab.fault_proxy import Fault, FaultProxy
from tests.lab.registry import LabRegistry
from tests.support.ui_queries import ui_document

FIELDS = (
    "name id image status updateAvailable stack service state health labels "
    "currentTag currentVersion currentDigest latestVersion latestTag latestDigest "
    "changeType recommendedTag reason error composeFile composeImage envControlled "
    "envVarName labelsOutOfSync composeLabels dependencies checkedAt "
    "preUpdateCheck { script passed output source }"
)
# Later schemas give labels as [Label] objects; the same fields in that form.
FIELDS_WITH_LABEL_OBJECTS = FIELDS.replace(
    " labels ", " labels { key value } "
).replace(" composeLabels ", " composeLabels { key value } ")
PROBE = Path(__file__).with_name("serialise_probe.py")


@dataclass
class Figures:
    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    main_ms: list[float] = field(default_factory=list)
    requests: list[int] = field(default_factory=list)

    def line(self, label: str) -> str:
        def mmm(values: Sequence[float]) -> str:
            if not values:
                return "-"
            return (
                f"{min(values):7.1f} /{statistics.median(values):7.1f} /"
                f"{max(values):7.1f}"
            )

        reqs = f"{min(self.requests)}-{max(self.requests)}" if self.requests else "-"
        return (
            f"{label:<6} wall {mmm(self.wall_ms)} ms  cpu {mmm(self.cpu_ms)} ms"
            f" (loop thread {mmm(self.main_ms)})  requests {reqs}"
        )


class RequestCounter:
    """Registry requests seen so far: the proxy's log, or the access log."""

    def __init__(self, registry: LabRegistry, proxy: FaultProxy | None) -> None:
        self.registry = registry
        self.proxy = proxy

    def __call__(self) -> int:
        if self.proxy is not None:
            return len(self.proxy.log)
        text = self.registry.log_path.read_text(errors="replace")
        return text.count('"GET /v2/') + text.count('"HEAD /v2/')


def signature(containers: list[dict[str, Any]]) -> str:
    """What must not change between trees: every container's verdict."""
    rows = sorted(
        (
            c["name"],
            c["status"],
            c.get("currentVersion", c.get("current_version")),
            c.get("latestVersion", c.get("latest_version")),
        )
        for c in containers
    )
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:12]


def measure(
    server: Server, runs: int, count: Callable[[], int]
) -> Generator[None, None, tuple[dict[str, Figures], list[str]]]:
    """The figures of one server, a step at a time: it yields after each
    measured request, so `scale` can take turns between the trees' servers."""
    figures = {k: Figures() for k in ("cold", "warm", "gql", "gql-ui")}
    notes: list[str] = []
    peaks: list[float] = []
    bases: list[float] = []
    afters: list[float] = []
    # The Updates page's own query, as the UI of the tree served sends it.
    ui_query = {
        "query": ui_document("Updates", server.tree),
        "operationName": "Updates",
    }
    for _ in range(runs):
        bases.append(server.rss_mb())
        server.reset_peak()
        before, cpu, began = count(), _cpu(server), time.perf_counter()
        response = server.http.get("/api/check")
        wall = time.perf_counter() - began
        cpu_after, count_after = _cpu(server), count()
        ui = server.http.post("/graphql", json=ui_query).json()
        if ui.get("errors") or len(ui["data"]["containers"]) == 0:
            raise RuntimeError(f"the UI's Updates query failed: {str(ui)[:500]}")
        peaks.append(server.peak_rss_mb())
        afters.append(server.rss_mb())
        body = response.json()
        if not body.get("success"):
            raise RuntimeError(f"check failed: {body}")
        _record(figures["cold"], wall, cpu, cpu_after, count_after - before)
        yield
        containers = body["data"]["containers"]
        statuses: dict[str, int] = {}
        for c in containers:
            statuses[c["status"]] = statuses.get(c["status"], 0) + 1
        note = f"{len(containers)} containers {statuses} sig {signature(containers)}"
        if note not in notes:
            notes.append(note)
    notes.insert(
        0,
        f"peak RSS over a cold check and the UI's Updates query {_mmm(peaks)} MB"
        f" (RSS before {_mmm(bases)} MB, after {_mmm(afters)} MB)",
    )
    for _ in range(runs):
        last = server.status()["last_background_run"]
        before, cpu, began = count(), _cpu(server), time.perf_counter()
        server.http.post("/api/trigger-check").raise_for_status()
        while server.status()["last_background_run"] == last:
            time.sleep(0.01)
        wall = time.perf_counter() - began
        _record(figures["warm"], wall, cpu, _cpu(server), count() - before)
        yield
    query = {"query": "{ containers { " + FIELDS + " } }"}
    probe = server.http.post("/graphql", json=query).json()
    if "selection of subfields" in json.dumps(probe.get("errors") or ""):
        query = {"query": "{ containers { " + FIELDS_WITH_LABEL_OBJECTS + " } }"}
    for _ in range(runs):
        cpu, began = _cpu(server), time.perf_counter()
        response = server.http.post("/graphql", json=query)
        wall = time.perf_counter() - began
        body = response.json()
        if "errors" in body:
            raise RuntimeError(f"GraphQL failed: {body['errors']}")
        _record(figures["gql"], wall, cpu, _cpu(server), 0)
        yield
        note = f"gql {len(response.content) // 1024} KB sig {signature(body['data']['containers'])}"
        if note not in notes:
            notes.append(note)
    for _ in range(runs):
        cpu, began = _cpu(server), time.perf_counter()
        response = server.http.post("/graphql", json=ui_query)
        wall = time.perf_counter() - began
        body = response.json()
        if "errors" in body:
            raise RuntimeError(f"GraphQL (UI) failed: {body['errors']}")
        _record(figures["gql-ui"], wall, cpu, _cpu(server), 0)
        yield
    return figures, notes


def _mmm(values: Sequence[float]) -> str:
    return f"{min(values):.1f} / {statistics.median(values):.1f} / {max(values):.1f}"


def _cpu(server: Server) -> tuple[float, float]:
    """The server's CPU seconds so far: all threads', the event loop's."""
    return server.cpu_seconds(), server.main_thread_cpu_seconds()


def _record(
    figures: Figures,
    wall: float,
    cpu_before: tuple[float, float],
    cpu_after: tuple[float, float],
    requests: int,
) -> None:
    figures.wall_ms.append(wall * 1000)
    figures.cpu_ms.append((cpu_after[0] - cpu_before[0]) * 1000)
    figures.main_ms.append((cpu_after[1] - cpu_before[1]) * 1000)
    figures.requests.append(requests)


def rest_serialisation(tree: Path, db: Path, runs: int) -> str:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.read_text(), str(db), str(runs)],
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    ms = data["ms"]
    return (
        f"rest   {min(ms):7.1f} /{statistics.median(ms):7.1f} /{max(ms):7.1f} ms "
        f"to project and dump {data['containers']} containers ({data['bytes'] // 1024} KB)"
    )


def scale(
    label: str,
    trees: dict[str, Path],
    engine: LabEngine,
    state: Path,
    runs: int,
    count: Callable[[], int],
    flags: dict[str, tuple[str, ...]],
) -> None:
    print(f"== {label}")
    servers: dict[str, Server] = {}
    done: dict[str, tuple[dict[str, Figures], list[str]]] = {}
    try:
        for name, tree in trees.items():
            servers[name] = Server(
                tree,
                state / f"{label}-{name}".replace(" ", "_"),
                engine.docker_host,
                flags=flags.get(name, SERVE_FLAGS),
            )
        idle = {name: server.rss_mb() for name, server in servers.items()}
        steps = {name: measure(server, runs, count) for name, server in servers.items()}
        # Every tree's server is up at once and they take turns, request by
        # request, the first place moving round: the machine's load (shared,
        # and it drifts over minutes) weighs on every tree alike. A tree
        # measured whole after another differed by more than the trees did.
        turn = 0
        while steps:
            names = list(steps)
            first = turn % len(names)
            for name in names[first:] + names[:first]:
                try:
                    next(steps[name])
                except StopIteration as finished:
                    done[name] = finished.value
                    del steps[name]
            turn += 1
        peaks = {name: server.peak_rss_mb() for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.close()
    for name, tree in trees.items():
        figures, notes = done[name]
        print(f"-- {name} ({tree})")
        for key, fig in figures.items():
            print("   " + fig.line(key))
        print(
            "   "
            + rest_serialisation(
                tree, state / f"{label}-{name}".replace(" ", "_") / "docksmith.db", runs
            )
        )
        print(
            f"   RSS after start-up {idle[name]:.1f} MB,"
            f" peak since start {peaks[name]:.1f} MB"
        )
        for note in notes:
            print(f"   {note}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="200:50,600:150,2000:500")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tags", type=int, default=20)
    parser.add_argument("--delay-ms", type=int, default=100)
    parser.add_argument(
        "--tree", action="append", default=[], metavar="NAME=PATH",
        help="a source tree to serve from (default: this one)",
    )  # fmt: skip
    parser.add_argument(
        "--python-flags", action="append", default=[], metavar="NAME=FLAGS",
        help=f"the server's interpreter flags for tree NAME (default: {' '.join(SERVE_FLAGS)})",
    )  # fmt: skip
    args = parser.parse_args()
    flags = parse_python_flags(args.python_flags)
    trees = {
        name: Path(path).resolve()
        for name, path in (t.split("=", 1) for t in args.tree or ["this=."])
    }
    scales = [tuple(int(n) for n in s.split(":")) for s in args.scales.split(",")]
    for name, tree in trees.items():
        tree_flags = flags.get(name, SERVE_FLAGS)
        floors = [import_floor_mb(tree, tree_flags) for _ in range(args.runs)]
        print(f"import floor of docksmith serve ({name}): {_mmm(floors)} MB")
    registry = LabRegistry()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, LabEngine() as engine:
        registry.start(access_log=True)
        try:
            run_all(args, trees, scales, engine, registry, Path(tmp))
        finally:
            registry.close()


def run_all(
    args: argparse.Namespace,
    trees: dict[str, Path],
    scales: list[tuple[int, ...]],
    engine: LabEngine,
    registry: LabRegistry,
    tmp: Path,
) -> None:
    state = tmp
    world = World(engine, registry, state / "stacks", tags=args.tags)
    if args.delay_ms:
        with FaultProxy(registry.url) as proxy:
            world.ensure_containers(200, 50, host=proxy.host)
            proxy.reset_script(Fault.slow(args.delay_ms / 1000))
            scale(
                f"200 containers / 50 repos, {args.delay_ms} ms registry latency",
                trees, engine, state, args.runs, RequestCounter(registry, proxy),
                parse_python_flags(args.python_flags),
            )  # fmt: skip
        world.remove_containers()
    for containers, repos in scales:
        world.ensure_containers(containers, repos, host=registry.host)
        scale(
            f"{containers} containers / {repos} repos",
            trees, engine, state, args.runs, RequestCounter(registry, None),
            parse_python_flags(args.python_flags),
        )  # fmt: skip


if __name__ == "__main__":
    main()
