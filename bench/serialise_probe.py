"""Time the REST projection of the last check's results, inside a tree.

Run by bench_checks.py as `python -c <this file> DB_PATH RUNS` with the tree
under test on PYTHONPATH: it loads the results the server saved and times
what `GET /api/check` does with them after the check (`encode_check_answer`:
each result projected to its `ContainerOut` and encoded, inside the
envelope). Prints one line of JSON: {"ms": [...], "bytes": N}.

Trees older than #16's baseline (3d114a9) are not measured: they saved
their results as plain JSON and dumped the answer through pydantic, which
the server no longer loads.
"""

import json
import sqlite3
import sys
import time

from rest.check_models import encode_check_answer
from services.checks.serialise import unpack_results

db, runs = sys.argv[1], int(sys.argv[2])
with sqlite3.connect(db) as conn:
    row = conn.execute(
        "SELECT value FROM settings WHERE key = 'check.last_results'"
    ).fetchone()
results = unpack_results(row[0])
timings = []
size = 0
for _ in range(runs):
    began = time.perf_counter()
    size = len(encode_check_answer(results, updates_available=0))
    timings.append((time.perf_counter() - began) * 1000)
print(json.dumps({"ms": timings, "bytes": size, "containers": len(results)}))
