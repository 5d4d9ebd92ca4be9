"""`docksmith check`: run one update check against the engine, no server needed."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from resolvers import checks
from resolvers.context import open_app_context
from rest.check_models import ContainerOut
from rest.cli.serve import load_settings
from services.checks.model import CheckResult, ContainerStatus
from services.errors import DocksmithError
from services.events import EventKind

_STYLE = {
    ContainerStatus.UPDATE_AVAILABLE: "bold yellow",
    ContainerStatus.UPDATE_AVAILABLE_BLOCKED: "magenta",
    ContainerStatus.UP_TO_DATE: "green",
    ContainerStatus.UP_TO_DATE_PINNABLE: "cyan",
    ContainerStatus.COMPOSE_MISMATCH: "red",
    ContainerStatus.ERROR: "bold red",
    ContainerStatus.LOCAL_IMAGE: "dim",
    ContainerStatus.IGNORED: "dim",
}


async def _run(stack: str | None, quiet: bool) -> list[CheckResult]:
    settings = load_settings()
    async with open_app_context(
        settings, background_checks=False, background_updates=False
    ) as ctx:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=quiet,
        ) as progress:
            task = progress.add_task("Discovering containers", total=None)

            async def follow() -> None:
                async with ctx.events.subscribe([EventKind.CHECK_PROGRESS]) as events:
                    async for event in events:
                        p = event.payload
                        progress.update(
                            task,
                            total=p.get("total") or None,
                            completed=p.get("checked", 0),
                            description=str(p.get("message", "")),
                        )

            watcher = asyncio.create_task(follow())
            try:
                run = await checks.check_now(ctx)
            finally:
                watcher.cancel()
    return [r for r in run.results if stack is None or r.stack == stack]


def check(
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the results as JSON.")
    ] = False,
    stack: Annotated[
        str | None, typer.Option("--stack", help="Only this compose project.")
    ] = None,
) -> None:
    """Check every container for updates and print what was found."""
    try:
        results = asyncio.run(_run(stack, quiet=json_output))
    except DocksmithError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(code=1) from None
    if json_output:
        rows = [ContainerOut.model_validate(r).model_dump(mode="json") for r in results]
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title=f"{len(results)} containers")
    for column in ("Container", "Stack", "Image", "Current", "Latest", "Status"):
        table.add_column(column)
    for r in results:
        note = r.error or (
            r.reason if r.status is ContainerStatus.UPDATE_AVAILABLE_BLOCKED else ""
        )
        status = f"[{_STYLE.get(r.status, '')}]{r.status}[/]" + (
            f"\n[dim]{note}[/]" if note else ""
        )
        table.add_row(
            r.name,
            r.stack or "-",
            r.image,
            r.current_version or "-",
            r.latest_version or "-",
            status,
        )
    Console().print(table)
    updates = sum(1 for r in results if r.status is ContainerStatus.UPDATE_AVAILABLE)
    Console(stderr=True).print(f"{updates} updates available")
