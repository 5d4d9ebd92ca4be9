"""GraphQL fields for who is asking and API tokens (mixed into the roots).

Signing in with a password or OIDC sets cookies, so it is REST only
(`/api/auth/...`); a GraphQL WebSocket signs in with its connection_init
payload (rest/graphql.py).
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import auth
from schema.context import Info
from schema.errors import UserErrors
from schema.types.auth import (
    ApiToken,
    CreatedApiToken,
    DeletedUser,
    LocalUser,
    RevokedApiToken,
    UserPasswordSet,
    Viewer,
)
from schema.types.enums import Scope

CreateApiTokenResult = Annotated[
    CreatedApiToken | UserErrors, strawberry.union("CreateApiTokenResult")
]
RevokeApiTokenResult = Annotated[
    RevokedApiToken | UserErrors, strawberry.union("RevokeApiTokenResult")
]

SetUserPasswordResult = Annotated[
    UserPasswordSet | UserErrors, strawberry.union("SetUserPasswordResult")
]
DeleteUserResult = Annotated[
    DeletedUser | UserErrors, strawberry.union("DeleteUserResult")
]


@strawberry.input(description="A new API token.")
class CreateApiTokenInput:
    name: str = strawberry.field(description="Unique name, e.g. homepage.")
    scope: Scope = strawberry.field(description="read, operate or admin.")
    expires_in_days: int | None = strawberry.field(
        default=None, description="Days until it stops working (1-3650); null: never."
    )


@strawberry.input(description="The API token to revoke.")
class RevokeApiTokenInput:
    name: str = strawberry.field(description="The token's name.")


@strawberry.input(description="A local user's name and new password.")
class SetUserPasswordInput:
    name: str = strawberry.field(description="The user (made if new).")
    password: str = strawberry.field(description="8 to 1024 characters.")


@strawberry.input(description="The local user to remove.")
class DeleteUserInput:
    name: str = strawberry.field(description="The user's name.")


@strawberry.type
class AuthQuery:
    @strawberry.field(description="Who is asking, and how this server signs in.")
    async def viewer(self, info: Info) -> Viewer:
        return Viewer.from_domain(await auth.get_viewer(info.context.app))

    @strawberry.field(description="API tokens (never the tokens themselves).")
    async def api_tokens(self, info: Info) -> list[ApiToken]:
        rows = await auth.list_api_tokens(info.context.app)
        return [ApiToken.from_domain(r) for r in rows]

    @strawberry.field(description="Local users who sign in with a password.")
    async def users(self, info: Info) -> list[LocalUser]:
        return [
            LocalUser.from_domain(u) for u in await auth.list_users(info.context.app)
        ]


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Make an API token; the answer shows it once.")
    async def create_api_token(
        self, info: Info, input: CreateApiTokenInput
    ) -> CreateApiTokenResult:
        created = await auth.create_api_token(
            info.context.app,
            name=input.name,
            scope=input.scope,
            expires_in_days=input.expires_in_days,
        )
        return CreatedApiToken.from_domain(created)

    @strawberry.mutation(description="Revoke an API token.")
    async def revoke_api_token(
        self, info: Info, input: RevokeApiTokenInput
    ) -> RevokeApiTokenResult:
        await auth.revoke_api_token(info.context.app, name=input.name)
        return RevokedApiToken(name=input.name)

    @strawberry.mutation(
        description="Set a local user's password (made if new); their sessions end."
    )
    async def set_user_password(
        self, info: Info, input: SetUserPasswordInput
    ) -> SetUserPasswordResult:
        done = await auth.set_user_password(
            info.context.app, name=input.name, password=input.password
        )
        return UserPasswordSet.from_domain(done)

    @strawberry.mutation(
        description="Remove a local user: their sessions end and the API tokens "
        "they made are revoked."
    )
    async def delete_user(self, info: Info, input: DeleteUserInput) -> DeleteUserResult:
        removed = await auth.delete_user(info.context.app, name=input.name)
        return DeletedUser.from_domain(removed)
