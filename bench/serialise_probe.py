"""Time the REST projection of the last check's results, inside a tree.

Run by bench_checks.py as `python -c <this file> DB_PATH RUNS` with the tree
under test on PYTHONPATH: it loads the results the server saved and times
what `GET /api/check` does with them after the check (`encode_check_answer`
where the tree has it; before, ContainerOut for each result, then the
envelope dumped to JSON the way FastAPI dumped a response model). Prints one
line of JSON: {"ms": [...], "bytes": N}.
"""

import json
import sqlite3
import sys
import time

from rest.check_models import CheckOut, ContainerOut
from rest.envelope import Envelope
from services.checks.serialise import result_from_json

db, runs = sys.argv[1], int(sys.argv[2])
with sqlite3.connect(db) as conn:
    row = conn.execute(
        "SELECT value FROM settings WHERE key = 'check.last_results'"
    ).fetchone()
try:
    from services.checks.serialise import unpack_results
except ImportError:  # an older tree saved them as plain JSON
    results = [result_from_json(r) for r in json.loads(row[0])]
else:
    results = unpack_results(row[0])
timings = []
size = 0
try:
    from rest.check_models import encode_check_answer
except ImportError:  # an older tree: every projection first, then one dump
    from pydantic import TypeAdapter

    encode_check_answer = None
    adapter = TypeAdapter(Envelope[CheckOut])
for _ in range(runs):
    began = time.perf_counter()
    if encode_check_answer is not None:
        size = len(encode_check_answer(results, updates_available=0))
    else:
        containers = [ContainerOut.model_validate(r) for r in results]
        envelope = Envelope(
            data=CheckOut(
                containers=containers, total=len(containers), updates_available=0
            )
        )
        size = len(adapter.dump_json(envelope))
    timings.append((time.perf_counter() - began) * 1000)
print(json.dumps({"ms": timings, "bytes": size, "containers": len(results)}))
