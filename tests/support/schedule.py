"""pytest plugin: the order in which `make pytest` hands tests to its workers.

Under ``--dist loadfile`` every test file is one unit of work (module
fixtures stay on one worker). xdist hands the units out in the order of how
many tests they hold, so a file of a few minute-long tests (the crash
matrix) started last on one worker while the other sat idle. Here the units
go out longest first, by the seconds each took in a recorded run
(tests/support/durations.json); units missing from it count as short.

A file in ``SPLIT_BY_FUNCTION`` is a unit per test function (or class),
parameters together: its module fixtures are then set up on each worker that
runs a part of it, so only files whose tests share no module state belong
there.

To refresh the table after adding slow tests::

    DOCKSMITH_TEST_DURATIONS=tests/support/durations.json make pytest
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest
from xdist.remote import Producer
from xdist.scheduler import LoadScopeScheduling
from xdist.workermanage import WorkerController

DURATIONS = Path(__file__).with_name("durations.json")
RECORD_TO = "DOCKSMITH_TEST_DURATIONS"
UNKNOWN_SECONDS = 1.0

# Minutes of stop timeouts and server restarts, no state shared between
# its functions.
SPLIT_BY_FUNCTION = frozenset({"tests/e2e/test_crash_matrix.py"})

_recorded: defaultdict[str, float] = defaultdict(float)


def unit_of(nodeid: str) -> str:
    """The unit of work a test belongs to: its file, or for a split file
    ``file::function`` (``file::Class``)."""
    path, _, rest = nodeid.partition("::")
    if path not in SPLIT_BY_FUNCTION or not rest:
        return path
    function = rest.split("::", 1)[0].split("[", 1)[0]
    return f"{path}::{function}"


def _weights() -> dict[str, float]:
    try:
        table = json.loads(DURATIONS.read_text())
    except FileNotFoundError:
        return {}
    return {str(name): float(seconds) for name, seconds in table.items()}


class LongestFirst(LoadScopeScheduling):
    """xdist's loadfile scheduling with the units sorted by recorded time."""

    def __init__(self, config: pytest.Config, log: Producer | None = None) -> None:
        super().__init__(config, log)
        self._weights = _weights()
        self._sorted = False

    def _split_scope(self, nodeid: str) -> str:
        return unit_of(nodeid)

    def _assign_work_unit(self, node: WorkerController) -> None:
        # The queue is complete by the first assignment (schedule() fills it
        # first); a stable sort keeps xdist's order between equal weights.
        if not self._sorted:
            self._sorted = True
            units = sorted(
                self.workqueue.items(),
                key=lambda unit: -self._weights.get(unit[0], UNKNOWN_SECONDS),
            )
            self.workqueue.clear()
            self.workqueue.update(units)
        super()._assign_work_unit(node)


def pytest_xdist_make_scheduler(
    config: pytest.Config, log: Producer
) -> LongestFirst | None:
    if config.getvalue("dist") != "loadfile":
        return None
    return LongestFirst(config, log)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if os.environ.get(RECORD_TO):
        _recorded[unit_of(report.nodeid)] += report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get(RECORD_TO)
    # The controller (or a run without xdist) sees every worker's reports.
    if not target or os.environ.get("PYTEST_XDIST_WORKER") or not _recorded:
        return
    table = {
        name: round(seconds, 1)
        for name, seconds in sorted(_recorded.items(), key=lambda kv: -kv[1])
        if seconds >= UNKNOWN_SECONDS
    }
    Path(target).write_text(json.dumps(table, indent=1) + "\n")
