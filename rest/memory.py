"""Free C-heap pages go back to the system after a big answer.

A 2,000-container answer (REST `/api/check` or `/api/containers`, the UI's
GraphQL `containers`) builds megabytes of objects that are freed once it is
sent, but glibc keeps the freed pages between the objects that stay: ~8 MB
of RSS held until the next big answer reuses it. Releasing them after each
answer of at least `threshold` bytes costs a few ms, once per such answer;
small answers (status polls, health) never pay it.

GraphQL requests over HTTP are answered with the cyclic collector held off
(`PauseCollectorForGraphQL`): a big answer's objects all live until it is
sent, and walking them was ~12 % of the answer's CPU and most of its spread.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.memory import CollectorPause, release_free_memory

BIG_ANSWER = 256 * 1024


class ReleaseMemoryAfterBigAnswers:
    def __init__(
        self,
        app: ASGIApp,
        *,
        threshold: int = BIG_ANSWER,
        release: Callable[[], object] = release_free_memory,
    ) -> None:
        self.app = app
        self.threshold = threshold
        self.release = release

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = 0

        async def counted(message: Message) -> None:
            nonlocal sent
            if message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counted)
        finally:
            if sent >= self.threshold:
                self.release()


class PauseCollectorForGraphQL:
    """GraphQL requests over HTTP hold the cyclic collector off
    (services.memory.CollectorPause) until their answer is sent: the big
    ones are the UI's lists. WebSocket subscriptions live for hours and are
    left out, as is every other route."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        path: str = "/graphql",
        pause: CollectorPause | None = None,
    ) -> None:
        self.app = app
        self.path = path
        self.pause = pause or CollectorPause()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        with self.pause.held():
            await self.app(scope, receive, send)
