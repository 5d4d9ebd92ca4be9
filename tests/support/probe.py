"""Child process of `HealthProbe`: time `/api/health` until told to stop.

Usage: python -m tests.support.probe URL INTERVAL [SERVER_PID]; prints
"ready", then, once a line arrives on stdin, a JSON list of [wall, own]
seconds per call (`tests.support.sched.Stopwatch`; failures as 1e9).
"""

from __future__ import annotations

import json
import sys
import threading

import httpx

from tests.support.sched import Stopwatch


def main(url: str, interval: float, pid: int | None) -> None:
    stop = threading.Event()
    threading.Thread(
        target=lambda: (sys.stdin.readline(), stop.set()), daemon=True
    ).start()
    timings: list[tuple[float, float]] = []
    with httpx.Client(base_url=url, timeout=30) as client:
        client.get("/api/health")  # connect before timing
        print("ready", flush=True)
        while not stop.is_set():
            with Stopwatch(pid) as watch:
                try:
                    ok = client.get("/api/health").status_code == 200
                except httpx.HTTPError:
                    ok = False
            timings.append((watch.wall, watch.own) if ok else (1e9, 1e9))
            stop.wait(interval)
    print(json.dumps(timings), flush=True)


if __name__ == "__main__":
    main(
        sys.argv[1],
        float(sys.argv[2]),
        int(sys.argv[3]) if len(sys.argv) > 3 else None,
    )
