"""Child process of `HealthProbe`: time `/api/health` until told to stop.

Usage: python -m tests.support.probe URL INTERVAL; prints "ready", then, once
a line arrives on stdin, the latencies (seconds, JSON; failures as 1e9).
"""

from __future__ import annotations

import json
import sys
import threading
import time

import httpx


def main(url: str, interval: float) -> None:
    stop = threading.Event()
    threading.Thread(
        target=lambda: (sys.stdin.readline(), stop.set()), daemon=True
    ).start()
    latencies: list[float] = []
    with httpx.Client(base_url=url, timeout=30) as client:
        client.get("/api/health")  # connect before timing
        print("ready", flush=True)
        while not stop.is_set():
            began = time.perf_counter()
            try:
                ok = client.get("/api/health").status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - began if ok else 1e9)
            stop.wait(interval)
    print(json.dumps(latencies), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
