"""`docksmith tags pick`: try version labels against a list of tags.

The lead registers it with `tags_app.command("pick")(pick)`.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from resolvers.tags import pick_tag
from services.errors import InvalidInputError

_LABEL_PREFIX = "docksmith."


def _parse_labels(pairs: list[str]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InvalidInputError(
                f"--label {pair!r} is not KEY=VALUE (e.g. docksmith.version-pin-major=true)."
            )
        # Let admins type the short form: version-pin-major=true.
        if not key.startswith(_LABEL_PREFIX):
            key = _LABEL_PREFIX + key
        labels[key] = value
    return labels


def _read_stdin_tags() -> list[str]:
    return [
        line.strip()
        for line in sys.stdin
        if line.strip() and not line.lstrip().startswith("#")
    ]


def pick(
    current: Annotated[
        str, typer.Option("--current", "-c", help="The tag the container runs now.")
    ],
    tags: Annotated[
        list[str] | None,
        typer.Argument(
            help="Candidate tags; read one per line from stdin when none are given."
        ),
    ] = None,
    label: Annotated[
        list[str] | None,
        typer.Option(
            "--label", "-l", help="A container label KEY=VALUE; repeat for several."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole decision as JSON.")
    ] = False,
) -> None:
    """Print the tag Docksmith would update CURRENT to (nothing when there is none)."""
    try:
        labels = _parse_labels(label or [])
        if not tags and sys.stdin.isatty():
            raise InvalidInputError(
                "Give candidate tags as arguments or one per line on stdin."
            )
        candidates = list(tags) if tags else _read_stdin_tags()
        decision = pick_tag(current, candidates, labels)
    except InvalidInputError as exc:
        from rich.console import Console
        from rich.markup import escape

        Console(stderr=True, soft_wrap=True).print(
            f"[bold red]error:[/] {escape(exc.message)}"
        )
        raise typer.Exit(code=2) from None
    if as_json:
        typer.echo(json.dumps(decision.to_dict(), indent=2))
    elif decision.chosen_tag is not None:
        typer.echo(decision.chosen_tag)
