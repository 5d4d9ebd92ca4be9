"""services.memory: worker threads allocate from the main malloc arena."""

from __future__ import annotations

import asyncio
import gc
import json
import subprocess
import sys
from typing import Any

from services.memory import CollectorPause

# Threads that allocate (and keep) a little each, then the number of glibc
# thread arenas: each is a 64 MiB reservation in the address map, a
# read-write part followed by an inaccessible rest.
_PROBE = """
import json, sys, threading
from services.memory import limit_malloc_arenas

limited = limit_malloc_arenas() if sys.argv[1] == "limit" else None
kept = []
started = threading.Barrier(8)

def work():
    started.wait()  # all alive at once, so none can inherit another's arena
    kept.append([bytearray(4096) for _ in range(500)])

threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()

spans = []
for line in open("/proc/self/maps"):
    fields = line.split()
    start, end = (int(x, 16) for x in fields[0].split("-"))
    spans.append((start, end, fields[1], len(fields) > 5))
arenas = sum(
    1
    for (s1, e1, p1, named1), (s2, e2, p2, named2) in zip(spans, spans[1:])
    if e1 == s2 and p1 == "rw-p" and p2 == "---p" and not named1 and not named2
    and e2 - s1 == 64 * 2**20
)
print(json.dumps({"limited": limited, "arenas": arenas}))
"""


def _probe(script: str, mode: str) -> dict[str, Any]:
    """Run `script` in a fresh interpreter; its last line is its JSON answer."""
    out = subprocess.run(
        [sys.executable, "-c", script, mode],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _arenas(mode: str) -> dict[str, Any]:
    return _probe(_PROBE, mode)


def test_threads_share_the_main_arena_once_limited():
    # The probe sees thread arenas where nothing limits them...
    assert _arenas("free")["arenas"] >= 2
    # ...and none once the server's limit is set.
    assert _arenas("limit") == {"limited": True, "arenas": 0}


# Freed blocks interleaved with kept ones: glibc cannot shrink the heap from
# its top, so their pages stay resident until trimmed.
_FRAGMENTED = """
import json, sys, time
from services.memory import release_free_memory

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

blocks = [bytes(4000) + bytes([i % 256]) for i in range(10_000)]
kept = blocks[::10]
del blocks
before = rss_mb()
began = time.perf_counter()
released = release_free_memory() if sys.argv[1] == "trim" else None
took = time.perf_counter() - began
print(json.dumps({"released": released, "mb": before - rss_mb(), "s": took}))
"""


def _fragmented(mode: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _FRAGMENTED, mode],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_free_heap_pages_go_back_to_the_system_after_a_check():
    # ~36 MB freed between kept blocks stays resident on its own...
    assert _fragmented("keep")["mb"] < 5
    # ...and goes back once released, quickly enough to do after every run.
    trimmed = _fragmented("trim")
    assert trimmed["released"] is True
    assert trimmed["mb"] > 25
    assert trimmed["s"] < 1


# Five answers the size of a 2,000-container GraphQL answer: ~75,000 objects
# kept until the answer is done, then all freed; the collections of the
# middle and oldest generations that building them sets off.
_ANSWERS = """
import gc, json, sys
from services.memory import collect_after_answers

gc.collect()
gc.freeze()  # as `docksmith serve` does before it serves
if sys.argv[1] == "tuned":
    collect_after_answers()
seen = {0: 0, 1: 0, 2: 0}
gc.callbacks.append(
    lambda phase, info: phase == "start" and seen.__setitem__(
        info["generation"], seen[info["generation"]] + 1
    )
)
for _ in range(5):
    answer = [{"name": str(i), "labels": [{"key": "k"}]} for i in range(25_000)]
    del answer
print(json.dumps(seen))
"""


def _collections(mode: str) -> dict[str, Any]:
    return _probe(_ANSWERS, mode)


def test_a_big_answer_is_walked_once_not_again_and_again():
    default, tuned = _collections("default"), _collections("tuned")
    # As many collections either way (each also collects the younger ones)...
    assert abs(sum(tuned.values()) - sum(default.values())) <= 2
    # ...but the answers' objects are no longer walked again and again in
    # the middle generation, nor in full collections of the heap.
    assert tuned["1"] <= 5
    assert tuned["2"] == 0
    assert default["1"] >= 3 * max(1, tuned["1"])
    assert default["2"] >= 1


async def test_the_collector_pause_lasts_until_its_last_holder_is_done():
    pause = CollectorPause(limit=60)
    assert gc.isenabled()
    with pause.held():
        assert not gc.isenabled()
        with pause.held():  # a second request at the same time
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    assert not pause.paused


async def test_a_holder_past_the_limit_is_collected_again():
    pause = CollectorPause(limit=0.05)
    with pause.held():
        assert pause.paused
        # A request that outlives the limit (a mutation waiting on Docker).
        for _ in range(600):
            if gc.isenabled():
                break
            await asyncio.sleep(0.05)
        assert gc.isenabled()
        # Another one meanwhile does not pause it again...
        with pause.held():
            assert gc.isenabled()
    # ...and the next one, once they are done, does.
    with pause.held():
        assert not gc.isenabled()
    assert gc.isenabled()


async def test_a_collector_turned_off_elsewhere_stays_off():
    gc.disable()
    try:
        pause = CollectorPause(limit=60)
        with pause.held():
            assert not pause.paused
        assert not gc.isenabled()
    finally:
        gc.enable()
