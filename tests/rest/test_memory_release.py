"""Big answers give their freed C-heap pages back once sent (rest/memory.py)."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from rest.app import create_app
from rest.memory import BIG_ANSWER, ReleaseMemoryAfterBigAnswers


def _app(released: list[int]) -> ReleaseMemoryAfterBigAnswers:
    async def big(request: object) -> Response:
        return Response(b"x" * BIG_ANSWER)

    async def small(request: object) -> Response:
        return Response(b"{}")

    async def streamed(request: object) -> StreamingResponse:
        async def chunks():
            for _ in range(4):
                yield b"y" * (BIG_ANSWER // 4)

        return StreamingResponse(chunks())

    routes = [Route("/big", big), Route("/small", small), Route("/streamed", streamed)]
    return ReleaseMemoryAfterBigAnswers(
        Starlette(routes=routes), release=lambda: released.append(1)
    )


async def test_only_big_answers_release_memory_once_sent():
    released: list[int] = []
    transport = httpx.ASGITransport(app=_app(released))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.get("/small")).status_code == 200
        assert released == []
        assert len((await client.get("/big")).content) == BIG_ANSWER
        assert released == [1]
        # An answer sent in pieces counts all of them.
        assert len((await client.get("/streamed")).content) == BIG_ANSWER
        assert released == [1, 1]


def test_the_app_releases_memory_after_big_answers(settings_factory):
    app = create_app(settings_factory())
    assert ReleaseMemoryAfterBigAnswers in [m.cls for m in app.user_middleware]


def test_building_the_app_leaves_the_route_signatures_to_first_use(
    settings_factory,
):
    # A route reads its handler's signature (type hints, parameters) when a
    # request or the OpenAPI document first asks (rest/api.py): a running
    # server keeps only those of the routes it is asked for.
    app = create_app(settings_factory())
    assert app.endpoints
    assert all(e._signature is None for e in app.endpoints)
    assert "/api/health" in app.openapi()["paths"]
    documented = [e for e in app.endpoints if e.include_in_schema]
    assert all(e._signature is not None for e in documented)
