"""What the import floor of `docksmith serve` is made of, by package.

In a fresh interpreter per tree, imports what `docksmith serve` imports
(bench/server.py `import_floor_mb`) with every import timed in memory:
Python allocations are traced (tracemalloc) and each import's own share (its
allocations minus those of the imports it triggers) is charged to its
top-level package; shared libraries are charged to the package they live in
(their resident size from /proc/self/smaps). Prints one row per package
group, side by side for each tree, plus the peak RSS (ru_maxrss) of the same
imports without tracing, which is what bench_checks.py reports.

    PYTHONPATH=. .venv/bin/python bench/bench_import_floor.py \
        [--tree before=/tmp/base --tree after=.] [--top 30] [--python-flags before=]

The interpreter runs with the image's flags (bench/server.py SERVE_FLAGS:
-OO) from bytecode compiled beforehand; `--python-flags NAME=` runs tree
NAME with none (a tree may be named twice with different flags).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.server import (
    SERVE_FLAGS,
    compile_bytecode,
    import_floor_mb,
    parse_python_flags,
)

# Runs inside the probed interpreter: the import hook charges each import's
# exclusive traced bytes to its top-level package.
PROBE = r"""
import importlib._bootstrap as boot, json, os, sys, tracemalloc
tracemalloc.start()
own, stack = {}, []
find_and_load = boot._find_and_load

def timed(name, import_):
    stack.append(0)
    before = tracemalloc.get_traced_memory()[0]
    try:
        return find_and_load(name, import_)
    finally:
        total = tracemalloc.get_traced_memory()[0] - before
        children = stack.pop()
        top = name.split(".")[0]
        own[top] = own.get(top, 0) + total - children
        if stack:
            stack[-1] += total

boot._find_and_load = timed
import rest.cli, rest.cli.serve, rest.app, uvicorn
boot._find_and_load = find_and_load
traced = tracemalloc.get_traced_memory()[0]
tracemalloc.stop()

libs, path = {}, None
with open("/proc/self/smaps") as smaps:
    for line in smaps:
        head = line.split()
        if len(head) >= 6 and "-" in head[0] and head[5].startswith("/"):
            path = head[5]
        elif len(head) >= 5 and "-" in head[0]:
            path = None
        elif head and head[0] == "Rss:" and path and ".so" in path:
            libs[path] = libs.get(path, 0) + int(head[1]) * 1024
print(json.dumps({
    "own": own, "traced": traced, "libs": libs, "modules": len(sys.modules),
    "prefix": sys.prefix, "base": sys.base_prefix,
}))
"""


def _library_group(path: str) -> str:
    """site-packages/<pkg>/x.so -> pkg; the interpreter's own -> stdlib/libc."""
    parts = Path(path).parts
    if "site-packages" in parts:
        rest = parts[parts.index("site-packages") + 1 :]
        name = rest[0]
        for suffix in (".libs", ".so"):
            name = name.split(suffix)[0]
        return name.split(".")[0].lstrip("_").split("-")[0] + " (so)"
    if "lib-dynload" in parts:
        return "stdlib (so)"
    return "system libs (so)"


def probe(tree: Path, flags: tuple[str, ...]) -> dict[str, float]:
    compile_bytecode(tree, flags)
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = subprocess.run(
        [sys.executable, *flags, "-c", PROBE],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    rows: dict[str, float] = {}
    for top, size in data["own"].items():
        rows[top] = rows.get(top, 0.0) + size / 2**20
    for path, size in data["libs"].items():
        group = _library_group(path)
        rows[group] = rows.get(group, 0.0) + size / 2**20
    rows["= traced Python total"] = data["traced"] / 2**20
    rows["= modules"] = float(data["modules"])
    rows["= shared libraries total"] = sum(data["libs"].values()) / 2**20
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--python-flags", action="append", default=[], metavar="NAME=FLAGS",
        help=f"interpreter flags for tree NAME (default: {' '.join(SERVE_FLAGS)})",
    )  # fmt: skip
    args = parser.parse_args()
    flags = parse_python_flags(args.python_flags)
    trees = {
        name: Path(path).resolve()
        for name, path in (t.split("=", 1) for t in args.tree or ["this=."])
    }
    results = {
        name: probe(tree, flags.get(name, SERVE_FLAGS)) for name, tree in trees.items()
    }
    floors = {
        name: import_floor_mb(tree, flags.get(name, SERVE_FLAGS))
        for name, tree in trees.items()
    }
    keys = sorted(
        {k for rows in results.values() for k in rows},
        key=lambda k: -max(rows.get(k, 0.0) for rows in results.values()),
    )
    totals = [k for k in keys if k.startswith("=")]
    groups = [k for k in keys if not k.startswith("=")][: args.top]
    names = list(trees)
    print(f"{'MB':<28}" + "".join(f"{n:>12}" for n in names))
    for key in groups + totals:
        print(
            f"{key:<28}" + "".join(f"{results[n].get(key, 0.0):>12.2f}" for n in names)
        )
    print(
        f"{'= import floor (RSS)':<28}" + "".join(f"{floors[n]:>12.1f}" for n in names)
    )


if __name__ == "__main__":
    main()
