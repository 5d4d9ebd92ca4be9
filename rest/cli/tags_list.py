"""`docksmith tags list IMAGE`: print the tags a registry holds for an image."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from services.errors import DocksmithError

if TYPE_CHECKING:
    from resolvers.registry import RegistryTags
    from services.auth.principal import Principal
    from services.registry.client import RegistryClient


@dataclass(frozen=True, slots=True)
class _CliContext:
    registry: RegistryClient
    # The CLI runs in-process, as `system` (like open_app_context's callers).
    principal: Principal


async def _fetch(image: str) -> RegistryTags:
    # The registry client (httpx) only when the command runs.
    from resolvers.registry import list_registry_tags
    from services.auth.principal import SYSTEM
    from services.config import Settings
    from services.registry.client import RegistryClient

    async with RegistryClient.from_settings(Settings()) as client:
        return await list_registry_tags(_CliContext(client, SYSTEM), image=image)


def list_tags(
    image: Annotated[
        str,
        typer.Argument(help="Image reference, e.g. nginx or ghcr.io/owner/app."),
    ],
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON.")
    ] = False,
) -> None:
    """List the tags the registry holds for IMAGE."""
    import asyncio

    from rich.console import Console
    from rich.markup import escape

    try:
        result = asyncio.run(_fetch(image))
    except DocksmithError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {escape(exc.message)}")
        raise typer.Exit(code=1) from None
    if json_output:
        typer.echo(json.dumps(asdict(result)))
        return
    for tag in result.tags:
        typer.echo(tag)
    Console(stderr=True).print(
        f"{result.count} tags for {escape(result.image_ref)}", highlight=False
    )
