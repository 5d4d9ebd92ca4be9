"""Big answers give their freed C-heap pages back once sent (rest/memory.py)."""

from __future__ import annotations

import gc

import httpx
from fastapi._compat.v2 import ModelField
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


def _live_route_fields() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is ModelField)


def test_building_the_app_leaves_the_route_fields_to_the_first_request(
    settings_factory,
):
    # An include without a prefix made FastAPI build every nested route's
    # fields to check their paths, and keep them beside the ones it builds
    # again to serve (rest/app.py): ~1.5 MB of RSS after start-up.
    settings = settings_factory()
    create_app(settings)  # the first build imports and caches what all share
    before = _live_route_fields()
    app = create_app(settings)
    assert _live_route_fields() == before
    # Built when first used (the OpenAPI document walks every route), under
    # /api as before.
    assert "/api/health" in app.openapi()["paths"]
    assert _live_route_fields() > before
