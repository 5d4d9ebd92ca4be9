"""Python 3.13: `pip install .` and the fast test suite in the trixie image.

(The run itself; tests/image/test_python313.py judges it.)

The machine runs Python 3.11; Debian 13 ships 3.13, and so does the image's
base. A copy of the working tree (what git tracks or would track) is
installed with its dev extra into a fresh virtual environment inside a
container of the image, offline from a 3.13 wheelhouse made on the host,
and the fast tests (no lab) run there. The image's own settings (HOST,
DB_PATH, ...) are cleared so the tests see a plain environment.

It is the longest image test and mostly CPU, while the others mostly wait
on containers: it starts as soon as the image is built and runs beside
them (tests/image/conftest.py), and this test, collected last, collects
its result.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.lab.dockimage import CONSOLE_DIRS, REPO, BuiltDocksmith
from tests.lab.engine import LabEngine
from tests.lab.procs import short_tmpdir
from tests.lab.wheelhouse import wheelhouse

# The unit tests of the domain and both edges. Left to the main suite: the
# load, hostile-input and parity suites (servers hammered under timing
# limits, minutes of wall time on a shared machine).
FAST_SUITE = [
    "-m", "not lab and not postgres",
    "tests/services", "tests/schema", "tests/rest", "tests/cli",
]  # fmt: skip

SCRIPT = """\
set -e
python3 --version
python3 -m venv /tmp/venv
/tmp/venv/bin/pip install --quiet --no-cache-dir --no-index --find-links /wheels '/src[dev]'
cd /src
exec env -i PATH=/tmp/venv/bin:/usr/bin:/bin HOME=/tmp LANG=C.UTF-8 \\
  python -m pytest -q -p no:cacheprovider -x {args}
"""


def working_tree_copy() -> str:
    listed = subprocess.run(
        [
            "git",
            "-C",
            REPO,
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
        capture_output=True,
        check=True,
    ).stdout.decode()
    target = short_tmpdir("py313src")
    for rel in filter(None, listed.split("\0")):
        source = REPO / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    consoles = REPO / "rest" / "consoles" / "node_modules"
    for sub in CONSOLE_DIRS:
        shutil.copytree(
            consoles / sub, target / "rest" / "consoles" / "node_modules" / sub
        )
    return os.fspath(target)


@dataclass
class Python313Run:
    """The suite's container, started in the background (see conftest)."""

    engine: LabEngine
    name: str
    proc: subprocess.Popen[bytes]
    output: Path
    source: str

    def result(self, timeout: float) -> tuple[int, str]:
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            code = self.proc.wait(timeout=60)
        return code, self.output.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.engine.docker("rm", "-f", self.name, check=False, timeout=60)
        shutil.rmtree(self.source, ignore_errors=True)


def start_python313_suite(engine: LabEngine, image: BuiltDocksmith) -> Python313Run:
    """``docker run`` the install and the fast suite; returns at once."""
    source = working_tree_copy()
    wheels = wheelhouse(image.python, dev=True)
    name = f"py313-{uuid.uuid4().hex[:8]}"
    output = Path(source).with_name(f"{Path(source).name}.log")
    # Created before this returns, so the container exists from here on
    # (the lab's per-module clean-up counts it as the session's, not as a
    # module's leftover); only the attached start runs in the background.
    engine.docker(
        "create", "--rm", "--name", name, "--network", "none",
        "--user", "0", "-v", f"{source}:/src", "-v", f"{wheels}:/wheels:ro",
        "--entrypoint", "sh", image.tag,
        "-c", SCRIPT.format(args=" ".join(f"'{a}'" for a in FAST_SUITE)),
        timeout=120,
    )  # fmt: skip
    with output.open("wb") as sink:
        proc = subprocess.Popen(
            [engine.cli, "start", "--attach", name],
            env=engine.env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return Python313Run(engine, name, proc, output, source)
