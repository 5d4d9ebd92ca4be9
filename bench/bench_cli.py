"""CLI start-up: wall and CPU time of `docksmith --version`, `--help` and
`tags pick`, each a fresh process, bytecode cached (one warm-up run first).

Run: .venv/bin/python bench/bench_cli.py [RUNS]  (target: `tags pick` < 0.3 s)

CPU (user + sys of the child) is printed beside wall time: on a shared, busy
machine the wall time mostly measures the queue for a core.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

DOCKSMITH = str(Path(sys.executable).with_name("docksmith"))
COMMANDS = {
    # Floors, for scale: the interpreter alone, and the CLI framework.
    "python -c pass": [sys.executable, "-c", "pass"],
    "import typer": [sys.executable, "-c", "import typer"],
    "--version": [DOCKSMITH, "--version"],
    "--help": [DOCKSMITH, "--help"],
    "tags pick": [DOCKSMITH, "tags", "pick", "--current", "1.25.3", "1.25.4", "1.26.0"],
    "serve import floor": [sys.executable, "-c", "import rest.app"],
}
TARGET = {"tags pick": 0.3}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(cmd: list[str]) -> tuple[float, float]:
    cpu_before = _children_cpu()
    began = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - began, _children_cpu() - cpu_before


def main(runs: int = 10) -> int:
    failed = False
    for name, cmd in COMMANDS.items():
        measure(cmd)  # bytecode compiled and cached, page cache warm
        walls, cpus = zip(*(measure(cmd) for _ in range(runs)), strict=True)
        line = (
            f"{name:>20}: wall min {min(walls):.3f} / median "
            f"{statistics.median(walls):.3f} / max {max(walls):.3f} s; "
            f"cpu min {min(cpus):.3f} / median {statistics.median(cpus):.3f} s"
        )
        if name in TARGET:
            ok = statistics.median(walls) < TARGET[name]
            failed |= not ok
            line += f"  (target < {TARGET[name]} s: {'ok' if ok else 'MISSED'})"
        print(line, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
