"""`docksmith user ...` and `docksmith token ...`: local users and API tokens
from the command line (against the same database as the server). Like the
other commands, the server stack is imported inside each command."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from services.auth.principal import Scope
from services.errors import DocksmithError

if TYPE_CHECKING:
    from resolvers.context import AppContext

T = TypeVar("T")

user_app = typer.Typer(help="Local users (AUTH=local).", no_args_is_help=True)
token_app = typer.Typer(
    help="API tokens for scripts and dashboards.", no_args_is_help=True
)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


def _run(work: Callable[[AppContext], Awaitable[T]]) -> T:
    from resolvers.context import open_app_context
    from rest.cli.serve import load_settings

    async def main() -> T:
        async with open_app_context(
            load_settings(), background_checks=False, background_updates=False
        ) as ctx:
            return await work(ctx)

    try:
        return asyncio.run(main())
    except DocksmithError as exc:
        raise _fail(exc.message) from None


def _auth() -> Any:
    from resolvers import auth

    return auth


def _read_password(confirm: bool) -> str:
    """From the terminal (asked twice), or the first line of stdin."""
    if sys.stdin.isatty():
        value: str = typer.prompt(
            "Password", hide_input=True, confirmation_prompt=confirm
        )
        return value
    return sys.stdin.readline().rstrip("\r\n")


@user_app.command("set-password")
def set_password(name: Annotated[str, typer.Argument(help="User name.")]) -> None:
    """Set a local user's password (made if new); their sessions end."""
    password = _read_password(confirm=True)
    done = _run(
        lambda ctx: _auth().set_user_password(ctx, name=name, password=password)
    )
    typer.echo(
        f"created user {name}"
        if done.created
        else f"updated user {name}; their sessions ended",
        err=True,
    )


@user_app.command("delete")
def delete_user(name: Annotated[str, typer.Argument(help="User name.")]) -> None:
    """Delete a local user: their sessions end, the API tokens they made are
    revoked."""
    removed = _run(lambda ctx: _auth().delete_user(ctx, name=name))
    revoked = ", ".join(removed.revoked_tokens)
    typer.echo(
        f"deleted user {name}"
        + (f"; revoked their tokens {revoked}" if revoked else ""),
        err=True,
    )


@user_app.command("list")
def list_users() -> None:
    """Local users (names only; ADMIN_PASSWORD_HASH's user is marked)."""
    for user in _run(lambda ctx: _auth().list_users(ctx)):
        typer.echo(
            f"{user.name} (ADMIN_PASSWORD_HASH)" if user.from_setting else user.name
        )


@user_app.command("hash")
def hash_password() -> None:
    """Print an argon2id hash of a password, for ADMIN_PASSWORD_HASH."""
    from services.auth.passwords import Passwords

    password = _read_password(confirm=True)
    try:
        typer.echo(Passwords().hash(password))
    except DocksmithError as exc:
        raise _fail(exc.message) from None


@token_app.command("create")
def create_token(
    name: Annotated[str, typer.Argument(help="Unique name, e.g. homepage.")],
    scope: Annotated[Scope, typer.Option(help="What it may do.")] = Scope.READ,
    expires_in_days: Annotated[
        int | None,
        typer.Option("--expires-in-days", help="Days it works; default: no expiry."),
    ] = None,
) -> None:
    """Make an API token and print it (shown this once)."""
    created = _run(
        lambda ctx: _auth().create_api_token(
            ctx, name=name, scope=scope, expires_in_days=expires_in_days
        )
    )
    typer.echo(
        f"token {name} ({created.record.scope}); it is not shown again:", err=True
    )
    typer.echo(created.secret)


@token_app.command("list")
def list_tokens() -> None:
    """API tokens (never the tokens themselves)."""
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for column in ("Name", "Scope", "Created", "Expires", "Last used"):
        table.add_column(column)
    for t in _run(lambda ctx: _auth().list_api_tokens(ctx)):
        table.add_row(
            t.name,
            t.scope,
            f"{t.created_at:%Y-%m-%d %H:%M} by {t.created_by or '-'}",
            f"{t.expires_at:%Y-%m-%d %H:%M}" if t.expires_at else "never",
            f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "-",
        )
    Console().print(table)


@token_app.command("revoke")
def revoke_token(
    name: Annotated[str, typer.Argument(help="The token's name.")],
) -> None:
    """Revoke an API token: it stops working at once."""
    _run(lambda ctx: _auth().revoke_api_token(ctx, name=name))
    typer.echo(f"revoked token {name}", err=True)
