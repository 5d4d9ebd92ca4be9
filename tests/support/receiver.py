"""A real HTTP receiver on 127.0.0.1 for notification tests: it records what
Apprise and the webhook POST, and can answer slowly or with an error status.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    # Paths of requests that arrived, answered or not yet.
    arrived: list[str] = field(default_factory=list)
    # Per path prefix: seconds to wait before answering, and statuses to
    # answer in turn (then 200).
    delays: dict[str, float] = field(default_factory=dict)
    statuses: dict[str, list[int]] = field(default_factory=dict)
    release: threading.Event = field(default_factory=threading.Event)

    def at(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.path == path]

    async def wait_for(
        self, predicate: Callable[[list[Received]], bool], timeout: float = 60
    ) -> list[Received]:
        deadline = time.monotonic() + timeout
        while not predicate(list(self.requests)):
            if time.monotonic() > deadline:
                raise AssertionError(f"receiver never saw it; got {self.requests}")
            await asyncio.sleep(0.02)
        return list(self.requests)


@contextmanager
def receiver() -> Iterator[Receiver]:
    state: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            state.arrived.append(self.path)
            for prefix, delay in state.delays.items():
                if self.path.startswith(prefix):
                    state.release.wait(delay)
            status = 200
            for prefix, queued in state.statuses.items():
                if self.path.startswith(prefix) and queued:
                    status = queued.pop(0)
            state.requests.append(Received(self.path, dict(self.headers), body))
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state = Receiver(url=f"127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
