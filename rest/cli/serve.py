"""`docksmith serve`: validate settings, then run the app under uvicorn.

No typer here: `docksmith` and `docksmith serve` without options start the
server without it (rest/cli/__init__.py), and SystemExit ends a typer
command the same way typer.Exit does."""

from __future__ import annotations

import gc
import logging
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from services.config import Settings, SettingsError, describe_settings_error


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment plus command-line overrides, or exit 2."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except SettingsError as exc:
        from rich.console import Console
        from rich.markup import escape

        # Escaped: a value may hold brackets ([fd00::1]), which are markup.
        Console(stderr=True).print(
            "[bold red]docksmith: invalid configuration[/]\n"
            + escape(describe_settings_error(exc))
        )
        raise SystemExit(2) from exc


class _TerminatedError(BaseException):
    """SIGTERM as an exception, so that `finally` blocks run before we die."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise _TerminatedError


def run_server(host: str | None, port: int | None, static_dir: Path | None) -> None:
    settings = load_settings(host=host, port=port, static_dir=static_dir)
    # After a graceful shutdown uvicorn restores the SIGTERM handler it found
    # and raises the signal again. With the default handler that kills the
    # process on the spot, before the log listener thread has written the
    # shutdown's last lines (or its errors): they were lost under load. This
    # handler unwinds instead; once the logs are drained, die by the signal.
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        _serve(settings)
    except KeyboardInterrupt:
        # Ctrl-C is how a person stops a server in the foreground: uvicorn
        # re-raises SIGINT once it has shut down gracefully (or it comes
        # during start-up). Exiting 130 made `make run` end with
        # "make: *** Error 130", as if something had failed.
        return
    except _TerminatedError:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.raise_signal(signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _serve(settings: Settings) -> None:
    from services.memory import collect_after_answers, limit_malloc_arenas

    # Before any thread starts: the limit applies to arenas made later.
    limit_malloc_arenas()

    # The server stack, imported only once the settings are known good.
    import uvicorn

    from rest.app import create_app
    from rest.logs import configured_logging
    from rest.server import address_taken, server_config
    from services.auth.startup import UnsafeListenError
    from services.store.migrate import apply_migrations_in_child

    with configured_logging(settings.log_level, log_format=settings.log_format):
        try:
            app = create_app(settings)
        except UnsafeListenError as exc:
            sys.stderr.write(f"docksmith: not starting\n{exc}\n")
            raise SystemExit(2) from exc
        # After the settings' own refusals (an unsafe listen is the answer
        # whether the port is free or not), before anything starts.
        taken = address_taken(settings.host, settings.port)
        if taken is not None:
            sys.stderr.write(f"docksmith: not starting\n{taken}\n")
            raise SystemExit(2)
        # The store opens in the app's lifespan; the migrations are applied
        # before, in a child, so what applying them leaves behind dies with
        # it (services/store/migrate.py). On a failure the store's own open
        # retries and reports what is wrong as it always has.
        failure = apply_migrations_in_child(settings.storage_url)
        if failure is not None:
            logging.getLogger("docksmith").warning(
                "applying migrations in a separate process failed (%s); "
                "the server applies them itself",
                failure,
            )
        logging.getLogger("docksmith").info(
            "Docksmith on http://%s:%s (web UI at /, GraphQL at /graphql, REST at /api) - Docker: %s",
            settings.host,
            settings.port,
            settings.docker_host or "default socket",
        )
        config = server_config(
            app,
            host=settings.host,
            port=settings.port,
            log_config=None,
        )
        # Everything imported so far lives as long as the process: out of
        # the collector's sight, a full collection during a check or a big
        # answer no longer walks those ~70 MB of objects.
        gc.collect()
        gc.freeze()
        collect_after_answers()
        uvicorn.Server(config).run()
