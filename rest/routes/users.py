from __future__ import annotations

from resolvers import auth
from rest.api import APIRouter
from rest.auth_models import (
    DeletedUserOut,
    PasswordRequest,
    UserOut,
    UserPasswordSetOut,
)
from rest.deps import AppContextDep
from rest.envelope import Envelope
from rest.openapi import LOOKUP, STORAGE, errors

router = APIRouter(tags=["users"])


@router.get(
    "/users",
    summary="Local users (names only; AUTH=local)",
    responses=errors(STORAGE),
)
async def get_users(ctx: AppContextDep) -> Envelope[list[UserOut]]:
    users = await auth.list_users(ctx)
    return Envelope(data=[UserOut.read(u) for u in users])


@router.put(
    "/users/{name}",
    summary="Set a local user's password (made if new); their sessions end",
    responses=errors(STORAGE),
)
async def put_user(
    ctx: AppContextDep, name: str, body: PasswordRequest
) -> Envelope[UserPasswordSetOut]:
    done = await auth.set_user_password(ctx, name=name, password=body.password)
    return Envelope(data=UserPasswordSetOut.read(done))


@router.delete(
    "/users/{name}",
    summary="Remove a local user: their sessions end, their API tokens are revoked",
    responses=errors(LOOKUP, STORAGE),
)
async def delete_user(ctx: AppContextDep, name: str) -> Envelope[DeletedUserOut]:
    removed = await auth.delete_user(ctx, name=name)
    return Envelope(data=DeletedUserOut.read(removed))
