"""Python 3.13: `pip install .` and the fast test suite in the trixie image.

The machine runs Python 3.11; Debian 13 ships 3.13, and so does the image's
base. A copy of the working tree (what git tracks or would track) is
installed with its dev extra into a fresh virtual environment inside a
container of the image, offline from a 3.13 wheelhouse made on the host,
and the fast tests (no lab) run there. The image's own settings (HOST,
DB_PATH, ...) are cleared so the tests see a plain environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.lab.dockimage import CONSOLE_DIRS, REPO
from tests.lab.procs import short_tmpdir
from tests.lab.wheelhouse import wheelhouse

pytestmark = pytest.mark.lab

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


def test_pip_install_and_fast_suite_under_python_313(lab, docksmith_image):
    assert docksmith_image.python == "3.13"
    source = working_tree_copy()
    wheels = wheelhouse(docksmith_image.python, dev=True)
    try:
        out = lab.engine.docker(
            "run", "--rm", "--network", "none", "--user", "0",
            "-v", f"{source}:/src", "-v", f"{wheels}:/wheels:ro",
            "--entrypoint", "sh", docksmith_image.tag,
            "-c", SCRIPT.format(args=" ".join(f"'{a}'" for a in FAST_SUITE)),
            timeout=1500, check=False,
        )  # fmt: skip
    finally:
        shutil.rmtree(source, ignore_errors=True)
    report = out.stdout[-4000:] + out.stderr[-4000:]
    assert out.returncode == 0, report
    assert out.stdout.startswith("Python 3.13."), report
    assert " passed" in out.stdout.splitlines()[-1], report
