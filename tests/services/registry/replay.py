"""Replays recorded registry exchanges (tests/recorded/*.json) with MockTransport.

Each incoming request takes the first unused exchange with the same method,
URL (query compared as a set) and required request headers (`null` = must be
absent). An unmatched request fails the test with the request it saw.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

RECORDED = Path(__file__).resolve().parents[2] / "recorded"


def _url_key(url: str) -> tuple[str, str, str, frozenset[tuple[str, str]]]:
    parts = urlsplit(url)
    return (parts.scheme, parts.netloc, parts.path, frozenset(parse_qsl(parts.query)))


@dataclass
class Recording:
    exchanges: list[dict[str, Any]]
    used: list[bool] = field(default_factory=list)
    seen: list[httpx.Request] = field(default_factory=list)

    @classmethod
    def load(cls, *names: str) -> Recording:
        exchanges: list[dict[str, Any]] = []
        for name in names:
            exchanges.extend(json.loads((RECORDED / name).read_text())["exchanges"])
        return cls(exchanges, [False] * len(exchanges))

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    @property
    def unused(self) -> list[str]:
        return [
            f"{e['request']['method']} {e['request']['url']}"
            for e, used in zip(self.exchanges, self.used, strict=True)
            if not used
        ]

    def _matches(self, spec: dict[str, Any], request: httpx.Request) -> bool:
        if spec["method"] != request.method:
            return False
        if _url_key(spec["url"]) != _url_key(str(request.url)):
            return False
        for name, value in (spec.get("headers") or {}).items():
            if request.headers.get(name) != value:
                return False
        return True

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        for i, exchange in enumerate(self.exchanges):
            if not self.used[i] and self._matches(exchange["request"], request):
                self.used[i] = True
                resp = exchange["response"]
                kwargs: dict[str, Any] = {"headers": resp.get("headers", {})}
                if "json" in resp:
                    kwargs["content"] = json.dumps(resp["json"]).encode()
                return httpx.Response(resp["status"], **kwargs)
        raise AssertionError(
            f"unrecorded request: {request.method} {request.url} "
            f"authorization={'yes' if 'authorization' in request.headers else 'no'}"
        )
