from __future__ import annotations

from fastapi import APIRouter

from resolvers import auth
from rest.auth_models import (
    DeletedUserOut,
    PasswordRequest,
    UserOut,
    UserPasswordSetOut,
)
from rest.deps import AppContextDep
from rest.envelope import Envelope
from rest.openapi import CHANGES, LOOKUP, STORAGE, errors

router = APIRouter(tags=["users"])


@router.get(
    "/users",
    summary="Local users (names only; AUTH=local)",
    responses=errors(STORAGE),
)
async def get_users(ctx: AppContextDep) -> Envelope[list[UserOut]]:
    names = await auth.list_users(ctx)
    return Envelope(data=[UserOut(name=n) for n in names])


@router.put(
    "/users/{name}",
    summary="Set a local user's password (made if new); their sessions end",
    responses=errors(CHANGES, STORAGE),
)
async def put_user(
    ctx: AppContextDep, name: str, body: PasswordRequest
) -> Envelope[UserPasswordSetOut]:
    created = await auth.set_user_password(ctx, name=name, password=body.password)
    return Envelope(data=UserPasswordSetOut(name=name, created=created))


@router.delete(
    "/users/{name}",
    summary="Remove a local user and end their sessions",
    responses=errors(LOOKUP, STORAGE),
)
async def delete_user(ctx: AppContextDep, name: str) -> Envelope[DeletedUserOut]:
    await auth.delete_user(ctx, name=name)
    return Envelope(data=DeletedUserOut(name=name))
