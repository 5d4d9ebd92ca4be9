from __future__ import annotations

from resolvers import auth
from rest.api import APIRouter
from rest.auth_models import (
    ApiTokenOut,
    CreatedTokenOut,
    RevokedTokenOut,
    TokenRequest,
)
from rest.deps import AppContextDep
from rest.envelope import Envelope
from rest.openapi import CHANGES, LOOKUP, STORAGE, errors
from rest.wire import as_dict

router = APIRouter(tags=["tokens"])


@router.get(
    "/tokens",
    summary="API tokens (never the tokens themselves)",
    responses=errors(STORAGE),
)
async def get_tokens(ctx: AppContextDep) -> Envelope[list[ApiTokenOut]]:
    rows = await auth.list_api_tokens(ctx)
    return Envelope(data=[ApiTokenOut.read(r) for r in rows])


@router.post(
    "/tokens",
    summary="Make an API token; the answer shows it once",
    responses=errors(CHANGES, STORAGE),
)
async def post_token(
    ctx: AppContextDep, body: TokenRequest
) -> Envelope[CreatedTokenOut]:
    created = await auth.create_api_token(
        ctx, name=body.name, scope=body.scope, expires_in_days=body.expires_in_days
    )
    out = ApiTokenOut.read(created.record)
    return Envelope(data=CreatedTokenOut(**as_dict(out), token=created.secret))


@router.delete(
    "/tokens/{name}", summary="Revoke an API token", responses=errors(LOOKUP, STORAGE)
)
async def delete_token(ctx: AppContextDep, name: str) -> Envelope[RevokedTokenOut]:
    await auth.revoke_api_token(ctx, name=name)
    return Envelope(data=RevokedTokenOut(name=name))
