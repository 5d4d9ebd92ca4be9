from __future__ import annotations

import base64
import binascii
from datetime import datetime, timedelta

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.checks.model import CheckResult, ContainerStatus, HistoryType
from services.checks.service import CheckRun, summarise
from services.errors import InvalidInputError, NotFoundError
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.inputs import (
    MAX_NAME,
    bounded,
    docker_name,
    optional_docker_name,
    page_size,
    plain_text,
    preview,
)
from services.lookup import pick_container
from services.store.records import CheckHistoryRecord, UpdateLogRecord

# History merges two tables, so its pages count entries instead of keying on a
# row; the bound keeps a deep page from reading the whole history.
MAX_HISTORY_OFFSET = 10_000
MAX_HISTORY_PAGE = 1000


@frozen
class CheckStatusReport:
    total_checked: int
    updates_found: int
    last_cache_refresh: datetime | None
    last_background_run: datetime | None
    last_run: datetime | None
    next_check: datetime | None
    checking: bool
    check_interval: timedelta
    cache_ttl: timedelta
    counts: dict[str, int]


@frozen
class ContainerFilter:
    status: ContainerStatus | None = None
    stack: str | None = None
    search: str | None = None
    update_available: bool | None = None
    # None: every host's containers.
    host: str | None = None


@frozen
class StackSummary:
    name: str
    containers: list[CheckResult]
    host: str = DEFAULT_HOST

    @property
    def updates_available(self) -> int:
        return sum(1 for c in self.containers if c.update_available)


@frozen
class HistoryEntry:
    timestamp: datetime
    type: HistoryType
    container_name: str
    check: CheckHistoryRecord | None = None
    update: UpdateLogRecord | None = None
    host: str = DEFAULT_HOST


@requires(Scope.READ)
async def get_status(ctx: AppContext) -> CheckStatusReport:
    state = ctx.checks.state
    counts = summarise(state.results)
    return CheckStatusReport(
        total_checked=len(state.results),
        updates_found=counts[ContainerStatus.UPDATE_AVAILABLE],
        last_cache_refresh=state.last_cache_refresh,
        last_background_run=state.last_background_run,
        last_run=state.last_run,
        next_check=ctx.checks.next_check,
        checking=state.checking,
        check_interval=ctx.settings.check_interval,
        cache_ttl=ctx.settings.cache_ttl,
        counts=counts,
    )


@requires(Scope.OPERATE)
async def check_now(ctx: AppContext) -> CheckRun:
    """A fresh check: forget cached registry answers, then check everything."""
    return await ctx.checks.run(refresh=True)


@requires(Scope.OPERATE)
async def check_host_now(
    ctx: AppContext, host: str | None
) -> tuple[CheckRun, list[CheckResult]]:
    """A fresh check, and the results of `host` (all hosts when None); an
    unknown or malformed host is refused before anything runs."""
    if host is not None:
        ctx.hosts.known(host)
    run = await check_now(ctx)
    return run, on_host(ctx, run.results, host)


@requires(Scope.OPERATE)
async def trigger_check(ctx: AppContext) -> str:
    ctx.checks.trigger()
    return "Background check triggered"


@requires(Scope.OPERATE)
async def recheck_container(
    ctx: AppContext, *, name: str, host: str | None = None
) -> CheckResult:
    return await ctx.checks.check_one(name, ctx.hosts.known(host))


def _matches(result: CheckResult, f: ContainerFilter) -> bool:
    if f.status is not None and result.status is not f.status:
        return False
    if f.stack is not None and result.stack != f.stack:
        return False
    if f.host is not None and result.host != f.host:
        return False
    if f.update_available is not None and result.update_available != f.update_available:
        return False
    if f.search:
        needle = f.search.lower()
        return needle in result.name.lower() or needle in result.image.lower()
    return True


@requires(Scope.READ)
async def list_containers(
    ctx: AppContext, *, filter: ContainerFilter | None = None
) -> list[CheckResult]:
    chosen = filter or ContainerFilter()
    optional_docker_name(chosen.stack, "stack")
    if chosen.host is not None:
        ctx.hosts.known(chosen.host)
    if chosen.search is not None:
        plain_text(chosen.search, "search", MAX_NAME)
    return [r for r in ctx.checks.state.results if _matches(r, chosen)]


@requires(Scope.READ)
async def get_container(
    ctx: AppContext, *, name: str, host: str | None = None
) -> CheckResult:
    """A container of `host` (the default host when None)."""
    docker_name(name)  # an empty or odd "prefix" must not match anything
    on_host = ctx.hosts.known(host)
    found = pick_container(
        [r for r in ctx.checks.state.results if r.host == on_host],
        name,
        name=lambda r: r.name,
        id=lambda r: r.id,
    )
    if found is not None:
        return found
    raise NotFoundError(
        f"container not found: {name} (not in the last check; run a check)"
    )


@requires(Scope.READ)
async def list_stacks(ctx: AppContext) -> list[StackSummary]:
    """Stacks by (host, project): the same project name on two hosts is two
    stacks. The default host's come first, as they always did."""
    stacks: dict[tuple[bool, str, str], list[CheckResult]] = {}
    for result in ctx.checks.state.results:
        if result.stack:
            key = (result.host != DEFAULT_HOST, result.host, result.stack)
            stacks.setdefault(key, []).append(result)
    return [
        StackSummary(name=stack, containers=c, host=host)
        for (_, host, stack), c in sorted(stacks.items())
    ]


@requires(Scope.READ)
async def get_history(
    ctx: AppContext,
    *,
    container: str | None = None,
    type: HistoryType | None = None,
    since: datetime | None = None,
    limit: int = 100,
    host: str | None = None,
) -> list[HistoryEntry]:
    """Checks and updates merged, newest first."""
    page_size(limit, MAX_HISTORY_PAGE)
    return await _history(
        ctx, container=container, type=type, since=since, limit=limit, host=host
    )


async def _history(
    ctx: AppContext,
    *,
    container: str | None,
    type: HistoryType | None,
    since: datetime | None,
    limit: int,
    host: str | None,
    offset: int = 0,
) -> list[HistoryEntry]:
    """`limit` entries after skipping `offset` of the merged list (what the
    GraphQL connection's cursors count)."""
    if not 0 <= offset <= MAX_HISTORY_OFFSET:
        raise InvalidInputError(
            f"history goes back at most {MAX_HISTORY_OFFSET} entries"
        )
    wanted = offset + limit
    if host is not None:
        ctx.hosts.known(host)
    entries: list[HistoryEntry] = []
    if type in (None, HistoryType.CHECK):
        for row in await ctx.repos.history.checks(
            container=container, host=host, since=since, limit=wanted
        ):
            entries.append(
                HistoryEntry(
                    row.check_time,
                    HistoryType.CHECK,
                    row.container_name,
                    check=row,
                    host=row.host,
                )
            )
    if type in (None, HistoryType.UPDATE):
        for u in await ctx.repos.history.updates(
            container=container, host=host, since=since, limit=wanted
        ):
            entries.append(
                HistoryEntry(
                    u.timestamp,
                    HistoryType.UPDATE,
                    u.container_name,
                    update=u,
                    host=u.host,
                )
            )
    entries.sort(key=lambda e: e.timestamp, reverse=True)
    return entries[offset:wanted]


@frozen
class HistoryPage:
    entries: list[HistoryEntry]
    has_more: bool
    offset: int

    def cursor(self, index: int) -> str:
        """The cursor that continues after `entries[index]`."""
        position = f"history:{self.offset + index + 1}"
        return base64.urlsafe_b64encode(position.encode()).decode()


def _history_offset(cursor: str) -> int:
    bounded(cursor, "after", 256)
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        prefix, _, number = text.partition(":")
        if prefix != "history":
            raise ValueError(text)
        return int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInputError(f"invalid cursor: {preview(cursor)}") from exc


@requires(Scope.READ)
async def history_page(
    ctx: AppContext,
    *,
    container: str | None = None,
    type: HistoryType | None = None,
    since: datetime | None = None,
    first: int = 20,
    after: str | None = None,
    host: str | None = None,
) -> HistoryPage:
    page_size(first, MAX_HISTORY_PAGE)
    offset = _history_offset(after) if after is not None else 0
    # One more than the page: whether another follows.
    rows = await _history(
        ctx, container=container, type=type, since=since, limit=first + 1,
        offset=offset, host=host,
    )  # fmt: skip
    return HistoryPage(entries=rows[:first], has_more=len(rows) > first, offset=offset)


@requires(Scope.READ)
def on_host(
    ctx: AppContext, results: list[CheckResult], host: str | None
) -> list[CheckResult]:
    """`results` of one host, or all of them when `host` is None."""
    if host is None:
        return results
    wanted = ctx.hosts.known(host)
    return [r for r in results if r.host == wanted]
