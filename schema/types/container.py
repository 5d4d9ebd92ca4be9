from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import overload

import strawberry

from resolvers import operations
from resolvers.checks import (
    CheckStatusReport,
    HistoryEntry,
    HistoryPage,
    StackSummary,
)
from schema.context import Info
from schema.selection import selects
from schema.types.autoupdate import AutoUpdateDecision
from schema.types.common import Label, labels_of
from schema.types.enums import (
    ChangeType,
    ContainerHealth,
    ContainerStatus,
    HistoryType,
    PreUpdateSource,
    health_of,
)
from schema.types.operation import Operation, PageInfo
from services.checks.model import CheckResult
from services.config import format_go_duration
from services.store.records import OperationRecord


@strawberry.type(description="Result of the container's pre-update check script.")
class PreUpdateCheckResult:
    script: str = strawberry.field(description="The script as configured.")
    passed: bool = strawberry.field(description="Exit 0 within the timeout.")
    output: str = strawberry.field(
        description="What it printed, or why it could not run."
    )
    source: PreUpdateSource = strawberry.field(
        description="Where the script was named."
    )


@strawberry.type(description="A container and what the last check concluded about it.")
class Container:
    name: str = strawberry.field(description="Container name.")
    host: str = strawberry.field(
        description="The Docker host it runs on (`local`: the default engine)."
    )
    read_only_reason: str | None = strawberry.field(
        description="Why its compose file cannot be edited from here (its "
        "host gives no file access); only standalone-style operations then."
    )
    id: str = strawberry.field(description="Engine id.")
    image: str = strawberry.field(description="Image as configured.")
    status: ContainerStatus = strawberry.field(description="Update status.")
    update_available: bool = strawberry.field(
        description="An update exists (blocked or not)."
    )
    stack: str | None = strawberry.field(description="Compose project.")
    service: str | None = strawberry.field(description="Compose service.")
    state: str | None = strawberry.field(description="running, exited...")
    health: ContainerHealth | None = strawberry.field(
        description="Its healthcheck's verdict (null without one)."
    )
    labels: list[Label] = strawberry.field(
        description="All labels of the container, by key."
    )
    current_tag: str | None = strawberry.field(description="Tag in use.")
    current_version: str | None = strawberry.field(description="Version running.")
    current_digest: str | None = strawberry.field(
        description="Registry digest running."
    )
    latest_version: str | None = strawberry.field(description="Newest version allowed.")
    latest_tag: str | None = strawberry.field(description="Tag to move to.")
    latest_digest: str | None = strawberry.field(
        description="Digest the tag points at now."
    )
    change_type: ChangeType | None = strawberry.field(
        description="How far the newest allowed version is."
    )
    recommended_tag: str | None = strawberry.field(
        description="Concrete tag to pin to."
    )
    reason: str | None = strawberry.field(description="Why this status.")
    error: str | None = strawberry.field(
        description="What failed (ERROR, COMPOSE_MISMATCH)."
    )
    compose_file: str | None = strawberry.field(description="File defining the image.")
    compose_image: str | None = strawberry.field(
        description="Image as the compose file says."
    )
    env_controlled: bool = strawberry.field(
        description="The image comes from a variable."
    )
    env_var_name: str | None = strawberry.field(description="That variable.")
    labels_out_of_sync: bool = strawberry.field(
        description="Compose docksmith.* labels differ."
    )
    compose_labels: list[Label] | None = strawberry.field(
        description="docksmith.* labels in the file, by key."
    )
    dependencies: list[str] = strawberry.field(description="depends_on services.")
    pre_update_check: PreUpdateCheckResult | None = strawberry.field(
        description="Script result."
    )
    checked_at: datetime = strawberry.field(description="When it was checked.")

    # Read ahead for the whole list that holds it (containers_of): a
    # resolver per row costs graphql-core more than the query itself.
    last_operation: Operation | None = strawberry.field(
        description="The newest operation on this container (update, restart...)."
    )

    @strawberry.field(
        description="What the last auto-update run or dry run decided for it "
        '(included, or why not: "waiting until <date>"...).'
    )
    def auto_update(self, info: Info) -> AutoUpdateDecision | None:
        decision = info.context.app.auto_updates.last_decision(self.name, self.host)
        return AutoUpdateDecision.from_domain(decision) if decision else None

    @classmethod
    def from_domain(
        cls, r: CheckResult, last_operation: OperationRecord | None
    ) -> Container:
        check = r.pre_update_check
        return cls(
            name=r.name, host=r.host, read_only_reason=r.read_only_reason,
            id=r.id, image=r.image, status=r.status,
            update_available=r.update_available, stack=r.stack, service=r.service,
            state=r.state, health=health_of(r.health), labels=labels_of(r.labels), current_tag=r.current_tag,
            current_version=r.current_version, current_digest=r.current_digest,
            latest_version=r.latest_version, latest_tag=r.latest_tag,
            latest_digest=r.latest_digest,
            change_type=r.change_type,
            recommended_tag=r.recommended_tag, reason=r.reason, error=r.error,
            compose_file=r.compose_file, compose_image=r.compose_image,
            env_controlled=r.env_controlled, env_var_name=r.env_var_name,
            labels_out_of_sync=r.labels_out_of_sync,
            compose_labels=labels_of(r.compose_labels) if r.compose_labels is not None else None,
            dependencies=list(r.dependencies),
            pre_update_check=PreUpdateCheckResult(
                script=check.script, passed=check.passed, output=check.output, source=check.source
            ) if check else None,
            checked_at=r.checked_at,
            last_operation=Operation.from_domain(last_operation) if last_operation else None,
        )  # fmt: skip


class ContainerRows(Sequence[Container]):
    """Check results as Containers, each made when it is read.

    graphql-core completes a list item by item, and its answer for an item
    holds no reference to the object it came from. A list of 2,000
    Containers made up front (30 fields each, their labels as Label
    objects) all lived until the whole list was completed: ~4 MB at the top
    of the UI's Updates query, beside the answer being built. Made one at a
    time, each is freed once its row is written."""

    __slots__ = ("_latest", "_results")

    def __init__(
        self,
        results: Sequence[CheckResult],
        latest: Mapping[tuple[str, str], OperationRecord | None] | None = None,
    ) -> None:
        self._results = results
        self._latest = latest

    def _made(self, result: CheckResult) -> Container:
        latest = self._latest
        return Container.from_domain(
            result, latest[result.host, result.name] if latest is not None else None
        )

    def __len__(self) -> int:
        return len(self._results)

    @overload
    def __getitem__(self, index: int) -> Container: ...

    @overload
    def __getitem__(self, index: slice) -> ContainerRows: ...

    def __getitem__(self, index: int | slice) -> Container | ContainerRows:
        if isinstance(index, slice):
            return ContainerRows(self._results[index], self._latest)
        return self._made(self._results[index])

    def __iter__(self) -> Iterator[Container]:
        return map(self._made, self._results)


async def containers_of(info: Info, results: Sequence[CheckResult]) -> ContainerRows:
    """`results` as Containers (made as they are read). When the query asks
    for `lastOperation` anywhere below the field being resolved, their last
    operations are read in one query per host; otherwise no row reads it and
    it stays null."""
    if not results or not selects(info, "lastOperation"):
        return ContainerRows(results)
    app = info.context.app
    latest: dict[tuple[str, str], OperationRecord | None] = {}
    for host in dict.fromkeys(r.host for r in results):
        names = [r.name for r in results if r.host == host]
        records = await operations.latest_operations(app, containers=names, host=host)
        latest.update(zip(((host, n) for n in names), records, strict=True))
    return ContainerRows(results, latest)


@strawberry.type(description="A compose project and its containers.")
class Stack:
    name: str = strawberry.field(description="Project name.")
    host: str = strawberry.field(description="The Docker host it runs on.")
    containers: Sequence[Container] = strawberry.field(description="Its containers.")
    updates_available: int = strawberry.field(description="How many can be updated.")

    @classmethod
    async def all_of(cls, info: Info, summaries: list[StackSummary]) -> list[Stack]:
        """Every stack, their containers' last operations read in one batch.
        Each stack's containers are its slice of one `ContainerRows`, made
        as they are read: a list per stack made every stack's Containers up
        front, all alive until the whole answer was complete."""
        rows = await containers_of(info, [c for s in summaries for c in s.containers])
        stacks: list[Stack] = []
        start = 0
        for s in summaries:
            end = start + len(s.containers)
            stacks.append(
                cls(
                    name=s.name,
                    host=s.host,
                    containers=rows[start:end],
                    updates_available=s.updates_available,
                )
            )
            start = end
        return stacks


@strawberry.type(description="Count of containers in one status.")
class StatusCount:
    status: ContainerStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="How many containers have it.")


@strawberry.type(description="State of the checker.")
class CheckStatus:
    total_checked: int = strawberry.field(description="Containers in the last check.")
    updates_found: int = strawberry.field(description="UPDATE_AVAILABLE containers.")
    last_cache_refresh: datetime | None = strawberry.field(
        description="Last fresh check."
    )
    last_background_run: datetime | None = strawberry.field(
        description="Last background run."
    )
    next_check: datetime | None = strawberry.field(description="Next background run.")
    checking: bool = strawberry.field(description="A check is running.")
    check_interval: str = strawberry.field(
        description="CHECK_INTERVAL as a Go duration."
    )
    cache_ttl: str = strawberry.field(description="CACHE_TTL as a Go duration.")
    counts: list[StatusCount] = strawberry.field(description="Containers per status.")

    @classmethod
    def from_domain(cls, s: CheckStatusReport) -> CheckStatus:
        return cls(
            total_checked=s.total_checked, updates_found=s.updates_found,
            last_cache_refresh=s.last_cache_refresh, last_background_run=s.last_background_run,
            next_check=s.next_check, checking=s.checking,
            check_interval=_go(s.check_interval), cache_ttl=_go(s.cache_ttl),
            counts=[StatusCount(status=ContainerStatus(k), count=v) for k, v in s.counts.items()],
        )  # fmt: skip


def _go(value: timedelta) -> str:
    return format_go_duration(value)


@strawberry.type(description="One check or update in the history.")
class HistoryItem:
    timestamp: datetime = strawberry.field(description="When.")
    type: HistoryType = strawberry.field(description="A check or an update.")
    container_name: str = strawberry.field(description="The container.")
    host: str = strawberry.field(description="The container's Docker host.")
    status: ContainerStatus | None = strawberry.field(description="Check: the verdict.")
    current_version: str | None = strawberry.field(description="Version then.")
    latest_version: str | None = strawberry.field(description="Newest version then.")
    from_version: str | None = strawberry.field(description="Update: from.")
    to_version: str | None = strawberry.field(description="Update: to.")
    success: bool | None = strawberry.field(description="Update: succeeded.")
    error: str | None = strawberry.field(description="What failed.")

    @classmethod
    def from_domain(cls, e: HistoryEntry) -> HistoryItem:
        c, u = e.check, e.update
        return cls(
            timestamp=e.timestamp, type=e.type, container_name=e.container_name,
            host=e.host,
            status=c.status if c else None,
            current_version=c.current_version if c else None,
            latest_version=c.latest_version if c else None,
            from_version=u.from_version if u else None, to_version=u.to_version if u else None,
            success=u.success if u else None,
            error=(c.error if c else None) or (u.error if u else None),
        )  # fmt: skip


@strawberry.type(description="The outcome of a full check.")
class CheckCompleted:
    containers: Sequence[Container] = strawberry.field(description="Every container.")
    total: int = strawberry.field(description="How many.")
    updates_available: int = strawberry.field(
        description="UPDATE_AVAILABLE containers."
    )


@strawberry.input(description="Which containers to list.")
class ContainerFilterInput:
    status: ContainerStatus | None = strawberry.field(
        default=None, description="Only this status."
    )
    stack: str | None = strawberry.field(default=None, description="Only this stack.")
    search: str | None = strawberry.field(
        default=None, description="Name or image contains."
    )
    update_available: bool | None = strawberry.field(
        default=None, description="Has an update."
    )
    host: str | None = strawberry.field(
        default=None, description="Only this Docker host's containers."
    )


@strawberry.type(description="A history entry and its place in the list.")
class HistoryEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue past it.")
    node: HistoryItem = strawberry.field(description="The entry.")


@strawberry.type(description="A page of the check and update history, newest first.")
class HistoryConnection:
    edges: list[HistoryEdge] = strawberry.field(description="The entries.")
    page_info: PageInfo = strawberry.field(description="Paging state.")

    @classmethod
    def from_domain(cls, page: HistoryPage, *, after: str | None) -> HistoryConnection:
        edges = [
            HistoryEdge(cursor=page.cursor(i), node=HistoryItem.from_domain(e))
            for i, e in enumerate(page.entries)
        ]
        return cls(
            edges=edges,
            page_info=PageInfo.of(
                [e.cursor for e in edges], has_next=page.has_more, after=after
            ),
        )


@strawberry.input(description="Which history entries to list.")
class HistoryFilter:
    container: str | None = strawberry.field(
        default=None, description="Container name."
    )
    type: HistoryType | None = strawberry.field(
        default=None, description="Only checks or only updates."
    )
    since: datetime | None = strawberry.field(
        default=None, description="Only entries at or after this time."
    )
    host: str | None = strawberry.field(
        default=None, description="Only this Docker host's containers."
    )
