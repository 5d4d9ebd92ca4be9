"""The store: one Tortoise context per process (or per test), opened with
migrations applied, closed by the app's lifespan.

We keep our own `TortoiseContext` instead of `Tortoise.init`'s process-global
state so that a test can hold a SQLite and a PostgreSQL store at once and
nothing must be patched between tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import logging
import pkgutil
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.context import TortoiseContext, _current_context

from services.errors import StorageUnavailableError
from services.store.config import APP_LABEL, MIGRATIONS_MODULE, build_tortoise_config

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# Tortoise and aiosqlite log each query with its parameters at DEBUG; those
# hold password, token and session hashes (docs/security.md: none of them in
# any log line).
_QUERY_LOGGER = "tortoise.db_client"
_DRIVER_LOGGER = "aiosqlite"


class HideQueryParameters(logging.Filter):
    """Keeps the SQL of a query log line and drops its parameters."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) > 1:
            record.args = (record.args[0], "[parameters hidden]")
        return True


class DropDriverDebug(logging.Filter):
    """aiosqlite's DEBUG lines repeat each call with its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


def hide_query_parameters() -> None:
    for name, kind in (
        (_QUERY_LOGGER, HideQueryParameters),
        (_DRIVER_LOGGER, DropDriverDebug),
    ):
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())


class Store:
    """An open database: SQLite (WAL) by default, PostgreSQL by URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._ctx = TortoiseContext()
        self._open = False

    @property
    def backend(self) -> str:
        return "postgres" if self.url.startswith("postgres") else "sqlite"

    async def open(self) -> None:
        hide_query_parameters()
        if self.url.startswith("sqlite://") and ":memory:" not in self.url:
            Path(self.url.removeprefix("sqlite://")).parent.mkdir(
                parents=True, exist_ok=True
            )
        config = build_tortoise_config(self.url)
        try:
            with self._ctx:
                await self._ctx.init(config=config)
                if await _migrations_pending(self._ctx.db(), self.backend):
                    # Imported only here: an up-to-date store (the server's,
                    # whose child applied them, services/store/migrate.py)
                    # never loads Tortoise's migration machinery nor the
                    # migrations themselves (~1.5 MB resident).
                    from tortoise.migrations.executor import MigrationExecutor

                    executor = MigrationExecutor(self._ctx.db(), config["apps"])
                    await executor.migrate()
        except Exception as exc:
            await self._ctx.close_connections()
            raise StorageUnavailableError(
                f"cannot open the database ({self.backend}): {exc}"
            ) from exc
        self._open = True
        log.info("store opened (%s)", self.backend)

    async def close(self) -> None:
        if self._open:
            await self._ctx.close_connections()
            self._open = False

    @contextmanager
    def active(self) -> Iterator[None]:
        """Make this store's connections the ones models use in this task."""
        if not self._open:
            raise StorageUnavailableError("the database is not open")
        # TortoiseContext.__enter__ keeps one token on the shared context object,
        # so concurrent tasks entering it clobber each other's token. Setting
        # the context variable ourselves keeps a token per caller.
        token = _current_context.set(self._ctx)
        try:
            yield
        finally:
            _current_context.reset(token)

    async def ping(self) -> bool:
        try:
            with self.active():
                await self._ctx.db().execute_query("SELECT 1")
        except Exception:  # any failure means "not healthy"; health reports it
            log.warning("store ping failed", exc_info=True)
            return False
        return True

    async def applied_migrations(self) -> list[str]:
        with self.active():
            return await _recorded_migrations(self._ctx.db(), self.backend)

    async def indexed_columns(self) -> set[tuple[str, str]]:
        """(table, column) for every column that leads an index."""
        return {
            (table, columns[0]) for table, columns in await self.index_column_lists()
        }

    async def index_column_lists(self) -> set[tuple[str, tuple[str, ...]]]:
        """(table, its columns in order) for every index."""
        with self.active():
            db = self._ctx.db()
            if self.backend == "postgres":
                rows = await db.execute_query_dict(
                    "SELECT t.relname AS tbl,"
                    " array_agg(a.attname::text ORDER BY k.n) AS cols FROM pg_index i"
                    " JOIN pg_class t ON t.oid = i.indrelid"
                    " JOIN pg_namespace ns ON ns.oid = t.relnamespace"
                    " CROSS JOIN LATERAL unnest(i.indkey::int2[])"
                    " WITH ORDINALITY AS k(attnum, n)"
                    " JOIN pg_attribute a"
                    " ON a.attrelid = t.oid AND a.attnum = k.attnum"
                    " WHERE ns.nspname = current_schema()"
                    " GROUP BY i.indexrelid, t.relname"
                )
                return {(str(r["tbl"]), tuple(map(str, r["cols"]))) for r in rows}
            found: set[tuple[str, tuple[str, ...]]] = set()
            tables = await db.execute_query_dict(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
            for table in (str(t["name"]) for t in tables):
                quoted = table.replace('"', '""')
                for index in await db.execute_query_dict(
                    f'PRAGMA index_list("{quoted}")'
                ):
                    name = str(index["name"]).replace('"', '""')
                    columns = await db.execute_query_dict(
                        f'PRAGMA index_info("{name}")'
                    )
                    ordered = sorted(columns, key=lambda c: int(c["seqno"]))
                    found.add((table, tuple(str(c["name"]) for c in ordered)))
            return found

    async def sqlite_journal_mode(self) -> str:
        return (await self.sqlite_pragma("journal_mode")).lower()

    async def sqlite_pragma(self, name: str) -> str:
        """The value of one of the SQLite connection's settings."""
        if not name.isidentifier():
            raise ValueError(f"not a pragma name: {name!r}")
        with self.active():
            rows = await self._ctx.db().execute_query_dict(f"PRAGMA {name}")
        return str(next(iter(rows[0].values())))


def migrations_on_disk() -> set[str]:
    """The names of the store's migrations, by Tortoise's rule for which
    modules of the migrations package are migrations (its MigrationLoader),
    read from the package without importing them."""
    package = importlib.import_module(MIGRATIONS_MODULE)
    return {
        name
        for _, name, is_pkg in pkgutil.iter_modules(package.__path__)
        if not is_pkg and name[0] not in "_~"
    }


async def _recorded_migrations(db: BaseDBAsyncClient, backend: str) -> list[str]:
    rows = await db.execute_query_dict(
        "SELECT name FROM tortoise_migrations WHERE app = $1 ORDER BY name"
        if backend == "postgres"
        else "SELECT name FROM tortoise_migrations WHERE app = ? ORDER BY name",
        [APP_LABEL],
    )
    return [str(row["name"]) for row in rows]


async def _migrations_pending(db: BaseDBAsyncClient, backend: str) -> bool:
    """Whether a migration on disk is not recorded as applied; Tortoise's
    executor would apply nothing otherwise."""
    try:
        recorded = await _recorded_migrations(db, backend)
    except Exception:  # no record table yet, or worse: the executor says which
        return True
    return not migrations_on_disk() <= set(recorded)


class HasStore(Protocol):
    store: Store


def in_store(
    method: Callable[Concatenate[Any, P], Awaitable[R]],
) -> Callable[Concatenate[Any, P], Awaitable[R]]:
    """Run a repository method with its store's connections active."""

    @functools.wraps(method)
    async def wrapper(self: HasStore, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.store.active():
            call = asyncio.ensure_future(method(self, *args, **kwargs))
        try:
            return await asyncio.shield(call)
        except asyncio.CancelledError:
            # Tortoise's SQLite client takes its connection lock before it
            # sends BEGIN and never releases it if cancelled in between: every
            # later query would then wait forever. So a started call always
            # runs to its end and the caller is cancelled after it.
            while not call.done():
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.shield(call)
            if not call.cancelled():
                call.exception()  # consumed: the caller's cancellation wins
            raise

    return wrapper
