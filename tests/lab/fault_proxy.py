"""A loopback HTTP proxy that injects faults in front of a real lab registry.

Point a client at :attr:`FaultProxy.host` instead of the registry. Each
request takes the first scripted :class:`Fault` whose ``match`` is in its
path (or the ``default`` fault, normally "forward untouched"): answer with
a status such as 429 + ``Retry-After`` or 500, reset the connection, or
wait and then forward. Everything is recorded in :attr:`FaultProxy.log`, so a
test can assert how many attempts a client made and what each one met.

Usage::

    with FaultProxy(registry.url) as proxy:
        proxy.script(Fault.status(429, retry_after=0.2), Fault.status(500))
        ...  # client talks to proxy.host; third request reaches the registry
"""

from __future__ import annotations

import http.client
import json
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import urlsplit

from tests.lab.procs import LOOPBACK

FaultKind = Literal["forward", "status", "reset", "delay", "hold", "answer"]
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)


@dataclass(frozen=True, slots=True)
class Fault:
    kind: FaultKind
    status: int = 0
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    match: str | None = None
    gate: threading.Event | None = field(default=None, compare=False)
    body: bytes = field(default=b"", repr=False)
    # Streamed after `body` (repeated `body` chunks, no Content-Length):
    # an answer too big to build in the proxy's memory.
    stream_bytes: int = 0

    @classmethod
    def forward(cls, match: str | None = None) -> Fault:
        return cls("forward", match=match)

    @classmethod
    def status_code(
        cls,
        status: int,
        *,
        retry_after: float | None = None,
        match: str | None = None,
    ) -> Fault:
        headers = () if retry_after is None else (("Retry-After", f"{retry_after:g}"),)
        return cls("status", status=status, headers=headers, match=match)

    @classmethod
    def reset(cls, match: str | None = None) -> Fault:
        return cls("reset", match=match)

    @classmethod
    def hold(cls, gate: threading.Event, match: str | None = None) -> Fault:
        """Hold matching requests until ``gate`` is set (at most five minutes),
        then forward them: a stage held by the test, not by a timer. As the
        default fault, requests that do not match pass straight through."""
        return cls("hold", gate=gate, match=match)

    @classmethod
    def answer(
        cls,
        status: int,
        body: bytes,
        *,
        headers: tuple[tuple[str, str], ...] = (),
        stream_bytes: int = 0,
        match: str | None = None,
    ) -> Fault:
        """Answer with ``body`` (a hostile registry's own words); with
        ``stream_bytes``, ``body`` repeated for that many bytes, chunked."""
        return cls(
            "answer",
            status=status,
            headers=headers,
            body=body,
            stream_bytes=stream_bytes,
            match=match,
        )

    @classmethod
    def slow(cls, seconds: float, match: str | None = None) -> Fault:
        """Wait ``seconds`` before forwarding (a slow or hanging registry)."""
        return cls("delay", delay=seconds, match=match)


@dataclass(frozen=True, slots=True)
class ProxiedRequest:
    method: str
    path: str
    fault: FaultKind
    status: int | None
    at: float


@dataclass
class FaultProxy:
    upstream: str
    default: Fault = field(default_factory=Fault.forward)
    log: list[ProxiedRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        parts = urlsplit(self.upstream)
        self._up_host = parts.hostname or LOOPBACK
        self._up_port = parts.port or 80
        self._queue: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._holding = 0

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("fault proxy is not started")
        return int(self._server.server_address[1])

    @property
    def host(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    def script(self, *faults: Fault) -> None:
        """Queue faults; each is used once, by the first request it matches."""
        with self._lock:
            self._queue.extend(faults)

    def reset_script(self, default: Fault | None = None) -> None:
        with self._lock:
            self._queue.clear()
            self.log.clear()
            if default is not None:
                self.default = default

    @property
    def holding(self) -> int:
        """How many requests a ``hold`` fault is holding right now."""
        with self._lock:
            return self._holding

    def _hold(self, gate: threading.Event) -> None:
        with self._lock:
            self._holding += 1
        try:
            gate.wait(timeout=300)
        finally:
            with self._lock:
                self._holding -= 1

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def requests_to(self, fragment: str) -> list[ProxiedRequest]:
        with self._lock:
            return [r for r in self.log if fragment in r.path]

    def start(self) -> FaultProxy:
        proxy = self

        class Handler(_ProxyHandler):
            owner = proxy

        self._server = _Server((LOOPBACK, 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fault-proxy",
            daemon=True,
        ).start()
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _take(self, path: str) -> Fault:
        with self._lock:
            for i, fault in enumerate(self._queue):
                if fault.match is None or fault.match in path:
                    del self._queue[i]
                    return fault
            return self.default

    def _record(self, method: str, path: str, fault: Fault, status: int | None) -> None:
        with self._lock:
            self.log.append(
                ProxiedRequest(method, path, fault.kind, status, time.monotonic())
            )


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops the connects of a client
    # opening dozens at once (each dropped SYN costs a 1 s retransmit),
    # which a real registry would have accepted.
    request_queue_size = 128


class _ProxyHandler(BaseHTTPRequestHandler):
    owner: FaultProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        fault = self.owner._take(self.path)
        if fault.kind == "reset":
            self.owner._record(self.command, self.path, fault, None)
            # SO_LINGER 0 makes close() send RST: the client sees a reset, not EOF.
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            self.close_connection = True
            self.connection.close()
            return
        if fault.kind == "status":
            self.owner._record(self.command, self.path, fault, fault.status)
            payload = json.dumps(
                {"errors": [{"code": "INJECTED", "message": f"fault {fault.status}"}]}
            ).encode()
            self.send_response(fault.status)
            for name, value in fault.headers:
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            return
        if fault.kind == "answer":
            self.owner._record(self.command, self.path, fault, fault.status)
            self._answer(fault)
            return
        if fault.kind == "delay":
            time.sleep(fault.delay)
        if (
            fault.kind == "hold"
            and fault.gate is not None
            and (fault.match is None or fault.match in self.path)
        ):
            self.owner._hold(fault.gate)
        self._forward(fault, body)

    def _answer(self, fault: Fault) -> None:
        self.send_response(fault.status)
        names = {name.lower() for name, _ in fault.headers}
        for name, value in fault.headers:
            self.send_header(name, value)
        if "content-type" not in names:
            self.send_header("Content-Type", "application/json")
        if not fault.stream_bytes:
            if "content-length" not in names:
                self.send_header("Content-Length", str(len(fault.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(fault.body)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        sent = 0
        try:
            while sent < fault.stream_bytes and self.command != "HEAD":
                self.wfile.write(b"%x\r\n%s\r\n" % (len(fault.body), fault.body))
                sent += len(fault.body)
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            # The client hung up on the flood: what a capped client does.
            self.close_connection = True

    def _forward(self, fault: Fault, body: bytes) -> None:
        upstream = http.client.HTTPConnection(
            self.owner._up_host, self.owner._up_port, timeout=30
        )
        try:
            headers = {
                k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP
            }
            upstream.request(
                self.command, self.path, body=body or None, headers=headers
            )
            response = upstream.getresponse()
            data = response.read()
            self.owner._record(self.command, self.path, fault, response.status)
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in _HOP_BY_HOP and name.lower() != "content-length":
                    self.send_header(name, value)
            length = response.getheader("Content-Length")
            if self.command == "HEAD" and length is not None:
                self.send_header("Content-Length", length)
            else:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except (OSError, http.client.HTTPException):
            self.close_connection = True
        finally:
            upstream.close()
