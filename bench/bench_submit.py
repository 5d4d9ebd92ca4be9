"""Starting one compose update, rollback and label change among 2,000 containers.

Such a request finds the other replicas of the container's compose service
before it answers (`OperationQueue.replicas`: `compose up <service>`
recreates them all, so the operation must hold them). This measures what
that costs a request on a host with many containers, over HTTP, against the
lab engine:

- the world of bench_checks.py (bench/world.py) up to `--containers` less
  two, a quarter of them compose-made, none running;
- one compose project `benchsubmit` whose service `app` has two running
  replicas (`scale: 2`), on an image with tags 1.0.0 and 2.0.0;
- `docksmith serve` from every tree under test at once, each with its own
  store. Per run, each tree in turn: `POST /api/update` of the first replica
  to 2.0.0, `POST /api/rollback` of that update, `POST /api/labels/set` of
  one label (`docksmith.allow-prerelease`, alternating). Each request's wall
  time is from sending it to its answer (the operation id); the operation is
  then waited for, untimed, so the next request finds the same world.

Prints min/median/max wall per request kind and tree, and each kind's
containers held as the operation row stores them (`held_containers`), which
must be both replicas in every tree.

    PYTHONPATH=. .venv/bin/python bench/bench_submit.py
        [--containers 2000 --repos 50 --runs 7]
        [--tree before=/tmp/base --tree after=.]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.server import Server
from bench.world import World
from tests.lab.engine import LabEngine
from tests.lab.images import ImageBuilder
from tests.lab.registry import LabRegistry
from tests.lab.stacks import StackFactory

PROJECT = "benchsubmit"
REPO = "benchsubmit/app"
KINDS = ("update", "rollback", "labels")


def _mmm(values: Sequence[float]) -> str:
    return (
        f"{min(values):7.1f} /{statistics.median(values):7.1f} /{max(values):7.1f} ms"
    )


def _wait_done(server: Server, operation_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        op: dict[str, Any] = server.http.get(f"/api/operations/{operation_id}").json()[
            "data"
        ]
        if op["status"] in ("complete", "failed"):
            if op["status"] != "complete":
                raise RuntimeError(f"operation {operation_id} failed: {op}")
            return op
        time.sleep(0.1)
    raise RuntimeError(f"operation {operation_id} did not finish")


def _held(db: Path, operation_id: str) -> tuple[str, ...]:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "select held_containers from operations where operation_id = ?",
            (operation_id,),
        ).fetchone()
    return tuple(sorted(json.loads(row[0]) if row and row[0] else ()))


def _timed(server: Server, path: str, body: dict[str, Any]) -> tuple[float, str]:
    began = time.perf_counter()
    response = server.http.post(path, json=body)
    wall = (time.perf_counter() - began) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}: {response.text}")
    operation_id = str(response.json()["data"]["operation_id"])
    _wait_done(server, operation_id)
    return wall, operation_id


def one_run(
    server: Server, db: Path, container: str, run: int
) -> dict[str, tuple[float, tuple[str, ...]]]:
    """Update, roll back, change a label; each request's wall and holdings."""
    out: dict[str, tuple[float, tuple[str, ...]]] = {}
    wall, update_id = _timed(
        server, "/api/update", {"container": container, "version": "2.0.0"}
    )
    out["update"] = (wall, _held(db, update_id))
    wall, op = _timed(server, "/api/rollback", {"operation_id": update_id})
    out["rollback"] = (wall, _held(db, op))
    wall, op = _timed(
        server,
        "/api/labels/set",
        {"container": container, "allow_prerelease": run % 2 == 0},
    )
    out["labels"] = (wall, _held(db, op))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--containers", type=int, default=2000)
    parser.add_argument("--repos", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--tree", action="append", default=[], metavar="NAME=PATH",
        help="a source tree to serve from (default: this one)",
    )  # fmt: skip
    args = parser.parse_args()
    trees = {
        name: Path(path).resolve()
        for name, path in (t.split("=", 1) for t in args.tree or ["this=."])
    }
    registry = LabRegistry()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, LabEngine() as engine:
        registry.start()
        stacks = StackFactory(engine, Path(tmp) / "target")
        servers: dict[str, Server] = {}
        try:
            world = World(engine, registry, Path(tmp) / "stacks")
            world.ensure_containers(args.containers - 2, args.repos, host=registry.host)
            builder = ImageBuilder(engine, registry)
            old = builder.build(REPO, "1.0.0")
            builder.build(REPO, "2.0.0")
            stack = stacks.create(
                PROJECT,
                compose_text=(
                    "services:\n  app:\n"
                    f"    image: {old.ref}\n"
                    "    network_mode: none\n    stop_grace_period: 1s\n    scale: 2\n"
                ),
            )
            stack.up()
            replicas = sorted(c.name for c in stack.ps())
            print(
                f"== {len(engine.containers())} containers; "
                f"{PROJECT}/app replicas {replicas}"
            )
            for name, tree in trees.items():
                servers[name] = Server(tree, Path(tmp) / name, engine.docker_host)
            walls = {(n, k): [] for n in trees for k in KINDS}
            held: dict[tuple[str, str], set[tuple[str, ...]]] = {}
            # Trees take turns within each run, so load drift hits both alike.
            for run in range(args.runs):
                for name, server in servers.items():
                    db = Path(tmp) / name / "docksmith.db"
                    for kind, (wall, holds) in one_run(
                        server, db, replicas[0], run
                    ).items():
                        walls[(name, kind)].append(wall)
                        held.setdefault((name, kind), set()).add(holds)
            for name, tree in trees.items():
                print(f"-- {name} ({tree})")
                for kind in KINDS:
                    print(
                        f"   {kind:8} wall {_mmm(walls[(name, kind)])} to answer; "
                        f"holds {sorted(held[(name, kind)])}"
                    )
            sys.stdout.flush()
        finally:
            for server in servers.values():
                server.close()
            stacks.close()
            registry.close()


if __name__ == "__main__":
    main()
