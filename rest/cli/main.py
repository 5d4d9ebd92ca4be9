"""The command tree. Each command module imports its heavy dependencies
(the server stack, the registry client, rich) inside the command, so
`--help`, `--version` and `tags pick` start in a fraction of the time
(bench/bench_cli.py; tests/cli/test_lazy_imports.py keeps it so)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rest.cli.auth import token_app, user_app
from rest.cli.check import check
from rest.cli.tags_list import list_tags
from rest.cli.tags_pick import pick
from services.about import docksmith_version

app = typer.Typer(
    name="docksmith",
    help="Docker container update manager for self-hosters.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
tags_app = typer.Typer(
    help="Inspect registry tags and test version labels.", no_args_is_help=True
)
app.add_typer(tags_app, name="tags")
tags_app.command("pick")(pick)
tags_app.command("list")(list_tags)
app.command("check")(check)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")

HostOpt = Annotated[
    str | None, typer.Option("--host", help="Address to listen on (HOST).")
]
PortOpt = Annotated[
    int | None, typer.Option("--port", "-p", help="Port to listen on (PORT).")
]
StaticOpt = Annotated[
    Path | None,
    typer.Option("--static-dir", "-s", help="Built web UI to serve (STATIC_DIR)."),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"docksmith {docksmith_version()}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    host: HostOpt = None,
    port: PortOpt = None,
    static_dir: StaticOpt = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-v",
            callback=_version,
            is_eager=True,
            help="Print the version.",
        ),
    ] = False,
) -> None:
    """Without a command, `serve` runs."""
    if ctx.invoked_subcommand is None:
        from rest.cli.serve import run_server

        run_server(host, port, static_dir)


@app.command()
def serve(
    host: HostOpt = None, port: PortOpt = None, static_dir: StaticOpt = None
) -> None:
    """Serve the web UI, GraphQL (/graphql) and REST (/api)."""
    from rest.cli.serve import run_server

    run_server(host, port, static_dir)


def main() -> None:
    app()
