"""`docksmith check`: run one update check against the engine, no server needed.

Exit status, for cron jobs and scripts: 0 when nothing has an update, 1 when
at least one container has an update available, 2 on an error (the engine is
unreachable, a bad setting).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from services.checks.model import CheckResult

EXIT_UPDATES = 1
EXIT_ERROR = 2
# Wide enough that no column of a piped table is cut or wrapped.
_PIPE_WIDTH = 10_000


async def _run(quiet: bool) -> list[CheckResult]:
    # The check stack, imported only when the command runs (see main.py).
    import asyncio

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from resolvers import checks
    from resolvers.context import open_app_context
    from rest.cli.serve import load_settings
    from services.events import EventKind

    settings = load_settings()
    async with open_app_context(
        settings, background_checks=False, background_updates=False, notify=False
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
    return list(run.results)


def check(
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the results as JSON.")
    ] = False,
    stack: Annotated[
        str | None, typer.Option("--stack", help="Only this compose project.")
    ] = None,
) -> None:
    """Check every container for updates and print what was found.

    Exits 1 when an update is available, 0 when none is, 2 on an error.
    """
    import asyncio

    from rich.console import Console
    from rich.markup import escape

    from services.checks.model import ContainerStatus, updates_available_text
    from services.errors import DocksmithError

    err = Console(stderr=True, highlight=False)
    try:
        everything = asyncio.run(_run(quiet=json_output))
    except DocksmithError as exc:
        err.print(f"[red]error:[/red] {escape(exc.message)}")
        raise typer.Exit(code=EXIT_ERROR) from None
    results = [r for r in everything if stack is None or r.stack == stack]
    if stack is not None and not results:
        known = sorted({r.stack for r in everything if r.stack})
        err.print(
            f"[yellow]warning:[/yellow] no container belongs to a compose project "
            f"named {escape(stack)!r}"
            + (f" (projects: {escape(', '.join(known))})" if known else "")
        )
    updates = sum(1 for r in results if r.status is ContainerStatus.UPDATE_AVAILABLE)
    if json_output:
        _print_json(results)
    else:
        _print_table(results)
        err.print(updates_available_text(updates))
    if updates:
        raise typer.Exit(code=EXIT_UPDATES)


def _print_json(results: list[CheckResult]) -> None:
    import msgspec

    from rest.check_models import ContainerOut

    rows = [msgspec.to_builtins(ContainerOut.read(r)) for r in results]
    typer.echo(json.dumps(rows, indent=2))


def _print_table(results: list[CheckResult]) -> None:
    import sys

    from rich.console import Console
    from rich.table import Table

    from services.checks.model import ContainerStatus

    style = {
        ContainerStatus.UPDATE_AVAILABLE: "bold yellow",
        ContainerStatus.UPDATE_AVAILABLE_BLOCKED: "magenta",
        ContainerStatus.UP_TO_DATE: "green",
        ContainerStatus.UP_TO_DATE_PINNABLE: "cyan",
        ContainerStatus.COMPOSE_MISMATCH: "red",
        ContainerStatus.ERROR: "bold red",
        ContainerStatus.LOCAL_IMAGE: "dim",
        ContainerStatus.IGNORED: "dim",
    }
    table = Table(title=f"{len(results)} containers")
    for column in ("Container", "Stack", "Image", "Current", "Latest", "Status"):
        table.add_column(column, overflow="fold")
    for r in results:
        note = r.error or (
            r.reason if r.status is ContainerStatus.UPDATE_AVAILABLE_BLOCKED else ""
        )
        status = f"[{style.get(r.status, '')}]{r.status}[/]" + (
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
    # A terminal gets a table that fits it; a pipe or file gets every cell
    # whole, one row per line, for grep and scripts.
    piped = not sys.stdout.isatty()
    Console(width=_PIPE_WIDTH if piped else None).print(table)
