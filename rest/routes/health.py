from __future__ import annotations

from resolvers import health
from rest.api import APIRouter
from rest.deps import AppContextDep
from rest.envelope import Envelope
from rest.models import HealthOut, ServicesOut

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    summary="Server health: up or down for anyone; with the version and the Docker engine and database state for a caller that may read",
)
async def get_health(ctx: AppContextDep) -> Envelope[HealthOut]:
    report = await health.get_health(ctx)
    services = (
        ServicesOut(docker=report.services.docker, storage=report.services.storage)
        if report.services
        else None
    )
    return Envelope(
        data=HealthOut(status=report.status, version=report.version, services=services)
    )
