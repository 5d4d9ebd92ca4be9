"""Benchmark a repository with a huge tag list: how long a check of one
container takes and how long the event loop stalls meanwhile.

A loopback HTTP server plays a registry whose `tags/list` pages through
`--tags` tags (`--page` per page, Link headers). Printed for the caps raised
out of the way (the whole list is read and decided) and for the default caps
(the check stops at REGISTRY_MAX_TAGS and reports it):

    PYTHONPATH=. .venv/bin/python bench/bench_huge_tags.py [--tags 300000]

Target: the loop never stalls for more than 100 ms (before the fix, 300k tags
held it for about 14 s per check).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from services.checks.evaluate import evaluate
from services.checks.model import ContainerFacts
from services.registry.client import RegistryClient
from services.registry.options import RegistryOptions
from services.versioning import clear_parse_cache

REPO = "bench/huge"


def serve_tags(tags: list[str], page: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path != f"/v2/{REPO}/tags/list":
                self.send_response(404)
                self.end_headers()
                return
            start = int(parse_qs(url.query).get("last", ["0"])[0])
            body = json.dumps({"name": REPO, "tags": tags[start : start + page]})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if start + page < len(tags):
                nxt = f"/v2/{REPO}/tags/list?n={page}&last={start + page}"
                self.send_header("Link", f'<{nxt}>; rel="next"')
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


async def with_stall_meter(
    work: Callable[[], Awaitable[Any]],
) -> tuple[Any, float, float]:
    """(result, wall seconds, longest loop stall in seconds)."""
    worst = 0.0
    stop = asyncio.Event()

    async def meter() -> None:
        nonlocal worst
        while not stop.is_set():
            began = time.perf_counter()
            await asyncio.sleep(0.005)
            worst = max(worst, time.perf_counter() - began - 0.005)

    task = asyncio.create_task(meter())
    began = time.perf_counter()
    try:
        result = await work()
    except Exception as exc:  # the capped run ends in the registry's refusal
        result = exc
    wall = time.perf_counter() - began
    stop.set()
    await task
    return result, wall, worst


async def measure(host: str, args: argparse.Namespace) -> None:
    facts = ContainerFacts(
        id="b" * 64,
        name="huge",
        image=f"{host}/{REPO}:1.0.0",
        image_id="sha256:" + "e" * 64,
        state="running",
        health=None,
        labels={},
        repo_digests=(f"{host}/{REPO}@sha256:{'1' * 64}",),
        image_labels={},
    )
    base = RegistryOptions(page_size=args.page)
    scenarios = {
        "whole list": replace(base, max_tags=10**7, max_pages=10**5),
        "default caps": base,
    }
    for label, options in scenarios.items():
        clear_parse_cache()
        async with RegistryClient(options) as client:
            result, wall, stall = await with_stall_meter(
                lambda client=client: evaluate(facts, client, datetime.now(UTC))
            )
        outcome = getattr(result, "status", result)
        detail = (getattr(result, "error", None) or "")[:90]
        print(
            f"{label:>12}: {wall * 1000:8.1f} ms per check, longest loop stall "
            f"{stall * 1000:7.1f} ms -> {outcome} {detail}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tags", type=int, default=300_000)
    parser.add_argument("--page", type=int, default=10_000)
    args = parser.parse_args()
    tags = [f"1.{i // 1000}.{i % 1000}" for i in range(args.tags)]
    server = serve_tags(tags, args.page)
    host = f"127.0.0.1:{server.server_address[1]}"
    print(f"{args.tags} tags in pages of {args.page} at {host}")
    try:
        asyncio.run(measure(host, args))
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
