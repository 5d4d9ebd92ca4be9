from __future__ import annotations

from resolvers import hosts
from rest.api import APIRouter
from rest.deps import AppContextDep
from rest.envelope import Envelope
from rest.host_models import AddHostRequest, HostOut
from rest.models import MessageOut
from rest.openapi import CHANGES, LOOKUP, STORAGE, errors

router = APIRouter(tags=["hosts"])


@router.get("/hosts", summary="Docker hosts and their status")
async def get_hosts(ctx: AppContextDep) -> Envelope[list[HostOut]]:
    return Envelope(data=[HostOut.from_domain(s) for s in await hosts.list_hosts(ctx)])


@router.post(
    "/hosts",
    summary="Add a Docker host (material in HOSTS_DIR/<name>/)",
    responses=errors(CHANGES, STORAGE),
)
async def post_host(ctx: AppContextDep, body: AddHostRequest) -> Envelope[HostOut]:
    state = await hosts.add_host(ctx, name=body.name, url=body.url)
    return Envelope(data=HostOut.from_domain(state))


@router.delete(
    "/hosts/{name}",
    summary="Remove a host added through the API",
    responses=errors(LOOKUP, CHANGES, STORAGE),
)
async def delete_host(ctx: AppContextDep, name: str) -> Envelope[MessageOut]:
    await hosts.remove_host(ctx, name=name)
    return Envelope(data=MessageOut(message=f"host {name} removed"))


@router.post(
    "/hosts/{name}/test",
    summary="Connect to a host now and report its status",
    responses=errors(LOOKUP),
)
async def post_host_test(ctx: AppContextDep, name: str) -> Envelope[HostOut]:
    return Envelope(data=HostOut.from_domain(await hosts.test_host(ctx, name=name)))
