"""`GET /metrics`: Prometheus text format, outside `/api` where scrapers look."""

from __future__ import annotations

from starlette.responses import Response

from resolvers import metrics
from rest.api import APIRouter
from rest.deps import AppContextDep

router = APIRouter()


@router.get("/metrics", include_in_schema=False)
async def get_metrics(ctx: AppContextDep) -> Response:
    page = await metrics.get_metrics(ctx)
    return Response(content=page.body, media_type=page.media_type)
