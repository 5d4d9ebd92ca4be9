"""The check run: discover, ask each registry once per repository, decide
every container, run pre-update checks, persist, publish progress.

Runs are serialised; triggers that arrive during a run coalesce into one
follow-up run, and callers asking for the same kind of run while one is in
flight share it (50 concurrent `GET /api/check` make one run, not 50). A failing registry marks only its own containers `ERROR`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from services.checks.evaluate import Decisions, TagSource, evaluate, truthy
from services.checks.model import (
    CheckPhase,
    CheckResult,
    ContainerFacts,
    ContainerStatus,
    updates_available_text,
)
from services.checks.prechecks import PreUpdateChecker
from services.checks.serialise import pack_results, unpack_results
from services.errors import DocksmithError, NotFoundError
from services.events import EventBus, EventKind
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.inputs import docker_name
from services.lookup import pick_container
from services.registry.references import ImageReference, parse_reference
from services.store.records import CheckHistoryRecord
from services.store.repositories import HistoryRepository, SettingsRepository

log = logging.getLogger(__name__)

Discover = Callable[[], Awaitable[list[ContainerFacts]]]
# The containers of one host (a single check needs no other host's).
DiscoverHost = Callable[[str], Awaitable[list[ContainerFacts]]]
KEY_RESULTS = "check.last_results"
KEY_BACKGROUND = "check.last_background_run"
KEY_REFRESH = "check.last_cache_refresh"
KEY_LAST_RUN = "check.last_run"


class CheckRegistry(TagSource, Protocol):
    async def clear_cache(self) -> None: ...

    def concurrency_for(self, image: ImageReference) -> int: ...


class CheckObserver(Protocol):
    """Told of every full run that finished (metrics, notifications). It
    must only note or queue: the run's callers are waiting."""

    def check_finished(self, run: CheckRun) -> None: ...


@frozen
class CheckRun:
    results: list[CheckResult]
    started_at: datetime
    finished_at: datetime

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(str(r.status) for r in self.results)
        return {str(s): counted.get(str(s), 0) for s in ContainerStatus}

    @property
    def updates_available(self) -> int:
        return sum(
            1 for r in self.results if r.status is ContainerStatus.UPDATE_AVAILABLE
        )


@dataclass(slots=True)
class CheckState:
    checking: bool = False
    last_run: datetime | None = None
    last_background_run: datetime | None = None
    last_cache_refresh: datetime | None = None
    results: list[CheckResult] = field(default_factory=list)


class CheckService:
    def __init__(
        self,
        *,
        discover: Discover,
        registry: CheckRegistry,
        prechecks: PreUpdateChecker,
        settings: SettingsRepository,
        history: HistoryRepository,
        events: EventBus,
        interval: timedelta,
        concurrency: int = 16,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        discover_host: DiscoverHost | None = None,
        observers: Sequence[CheckObserver] = (),
    ) -> None:
        self._discover = discover
        self._discover_host = discover_host
        self._observers = tuple(observers)
        self._registry = registry
        self._prechecks = prechecks
        self._settings = settings
        self._history = history
        self._events = events
        self.interval = interval
        self._concurrency = concurrency
        self._clock = clock
        self.state = CheckState()
        self._lock = asyncio.Lock()
        self._shared: dict[tuple[bool, bool], asyncio.Task[CheckRun]] = {}
        self._pending = False
        self._wake = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None

    # -- persistence ---------------------------------------------------------

    async def load(self) -> None:
        """Restore the last results and timestamps saved by a previous process."""
        stored = await self._settings.get(KEY_RESULTS)
        if stored:
            try:
                self.state.results = unpack_results(stored)
            except (ValueError, KeyError, TypeError):
                log.warning("ignoring unreadable stored check results")
        for key, attr in (
            (KEY_BACKGROUND, "last_background_run"),
            (KEY_REFRESH, "last_cache_refresh"),
            (KEY_LAST_RUN, "last_run"),
        ):
            value = await self._settings.get(key)
            if value:
                setattr(self.state, attr, datetime.fromisoformat(value))

    async def _save(self, run: CheckRun, *, background: bool, refreshed: bool) -> None:
        self.state.results = run.results
        self.state.last_run = run.finished_at
        await self._settings.set(KEY_RESULTS, pack_results(run.results))
        await self._settings.set(KEY_LAST_RUN, run.finished_at.isoformat())
        if background:
            self.state.last_background_run = run.finished_at
            await self._settings.set(KEY_BACKGROUND, run.finished_at.isoformat())
        if refreshed or self.state.last_cache_refresh is None:
            self.state.last_cache_refresh = run.started_at
            await self._settings.set(KEY_REFRESH, run.started_at.isoformat())
        # A generator: the store takes the records a slice at a time.
        await self._history.add_checks(
            CheckHistoryRecord(
                host=r.host,
                container_name=r.name,
                image=r.image,
                check_time=r.checked_at,
                status=r.status,
                current_version=r.current_version,
                latest_version=r.latest_version,
                change_type=r.change_type,
                error=r.error,
            )
            for r in run.results
        )

    # -- runs ------------------------------------------------------------------

    @property
    def next_check(self) -> datetime | None:
        last = self.state.last_background_run
        return last + self.interval if last else None

    async def run(self, *, refresh: bool = False, background: bool = False) -> CheckRun:
        """One full check. `refresh` forgets cached registry answers first.

        A caller that asks while the same kind of run is in flight gets that
        run's result. The run is a task of its own, so a caller that goes away
        (a closed HTTP connection) does not cancel it for the others.
        """
        key = (refresh, background)
        task = self._shared.get(key)
        if task is None:
            task = asyncio.create_task(
                self._run_serialised(refresh=refresh, background=background),
                name="docksmith-check-run",
            )
            self._shared[key] = task
            task.add_done_callback(lambda done: self._forget(key, done))
        return await asyncio.shield(task)

    def _forget(self, key: tuple[bool, bool], task: asyncio.Task[CheckRun]) -> None:
        if self._shared.get(key) is task:
            del self._shared[key]
        if not task.cancelled():
            # Retrieved here so a run nobody waits for any more logs nothing.
            task.exception()

    async def _run_serialised(self, *, refresh: bool, background: bool) -> CheckRun:
        async with self._lock:
            self.state.checking = True
            try:
                if refresh:
                    await self._registry.clear_cache()
                try:
                    run = await self._run_once()
                except DocksmithError as exc:
                    self._progress(CheckPhase.FAILED, 0, 0, exc.message)
                    raise
                await self._save(run, background=background, refreshed=refresh)
                self._tell(run)
                return run
            finally:
                self.state.checking = False

    def _tell(self, run: CheckRun) -> None:
        for observer in self._observers:
            try:
                observer.check_finished(run)
            except Exception:
                # An observer's bug must not turn a good run into a failed one.
                log.exception("check observer %r failed", observer)

    async def _run_once(self) -> CheckRun:
        started = self._clock()
        self._progress(CheckPhase.DISCOVERING, 0, 0, "Discovering containers")
        facts = await self._discover()
        total = len(facts)
        self._progress(CheckPhase.CHECKING, total, 0, f"Checking {total} containers")
        await self._prefetch(facts)
        prechecks = await self._prechecks.for_run()
        decisions = Decisions()
        decided: list[CheckResult | None] = [None] * total
        # A few workers share one iterator, each taking the next container
        # when it is free: as concurrent as a task per container under a
        # semaphore, without creating 2,000 tasks for containers whose tags
        # the prefetch already holds.
        pending = iter(enumerate(facts))
        done = 0

        async def worker() -> None:
            nonlocal done
            for index, item in pending:
                decided[index] = await self._check(item, prechecks, decisions)
                done += 1
                self._progress(
                    CheckPhase.CHECKING, total, done, f"Checked {item.name}", item.name
                )

        await asyncio.gather(*(worker() for _ in range(min(self._concurrency, total))))
        results = [r for r in decided if r is not None]
        results.sort(key=lambda r: ((r.stack or "~"), r.name, r.host))
        finished = self._clock()
        run = CheckRun(results=results, started_at=started, finished_at=finished)
        self._progress(
            CheckPhase.COMPLETE,
            total,
            total,
            updates_available_text(run.updates_available),
        )
        return run

    async def _prefetch(self, facts: list[ContainerFacts]) -> None:
        """Ask for every repository's tags before deciding anything, so the
        decisions below find them cached (one request per repository, and
        no waiting in container order). Each registry host gets as many
        workers as it allows requests in flight: a task per repository
        would hold 500 waiting request chains at once (~5 MB at the peak of
        a 2,000-container check) to send no request sooner."""
        by_registry: dict[str, dict[str, ImageReference]] = {}
        for item in facts:
            if not item.repo_digests or truthy(item.labels.get("docksmith.ignore")):
                continue
            try:
                ref = parse_reference(item.image).repository_only()
            except DocksmithError:
                continue
            by_registry.setdefault(ref.registry, {})[ref.name] = ref

        async def worker(queue: Iterator[ImageReference]) -> None:
            for ref in queue:
                # Failures are not cached; each container reports its own
                # error later.
                with contextlib.suppress(Exception):
                    await self._registry.list_tags(ref)

        workers = []
        for refs in by_registry.values():
            queue = iter(refs.values())
            width = self._registry.concurrency_for(next(iter(refs.values())))
            workers += [worker(queue) for _ in range(min(max(width, 1), len(refs)))]
        await asyncio.gather(*workers)

    async def _check(
        self,
        facts: ContainerFacts,
        prechecks: PreUpdateChecker | None = None,
        decisions: Decisions | None = None,
    ) -> CheckResult:
        result = await evaluate(facts, self._registry, self._clock(), decisions)
        if result.status is not ContainerStatus.UPDATE_AVAILABLE:
            return result
        check = await (prechecks or self._prechecks).run(result)
        if check is None:
            return result
        if check.passed:
            return replace(result, pre_update_check=check)
        return replace(
            result,
            pre_update_check=check,
            status=ContainerStatus.UPDATE_AVAILABLE_BLOCKED,
            reason=check.output,
        )

    async def check_one(self, name: str, host: str = DEFAULT_HOST) -> CheckResult:
        """A fresh check of one container of `host` (cached registry answers
        allowed)."""
        docker_name(name)  # an empty or odd "prefix" must match nothing
        everything = [
            f
            for f in await (
                self._discover_host(host)
                if self._discover_host is not None
                else self._discover()
            )
            if f.host == host
        ]
        found = pick_container(
            everything, name, name=lambda f: f.name, id=lambda f: f.id
        )
        if found is None:
            raise NotFoundError(f"container not found: {name}")
        result = await self._check(found)
        self.state.results = [
            r
            for r in self.state.results
            if (r.host, r.name) != (result.host, result.name)
        ] + [result]
        return result

    def _progress(
        self,
        stage: CheckPhase,
        total: int,
        checked: int,
        message: str,
        container: str | None = None,
    ) -> None:
        payload: dict[str, Any] = {
            "stage": str(stage),
            "total": total,
            "checked": checked,
            "percent": int(checked * 100 / total)
            if total
            else (100 if stage is CheckPhase.COMPLETE else 0),
            "message": message,
        }
        if container:
            payload["container_name"] = container
        self._events.publish(EventKind.CHECK_PROGRESS, payload)

    # -- background ------------------------------------------------------------

    def trigger(self) -> None:
        """Ask for a background run soon; many triggers during a run make one."""
        self._pending = True
        self._wake.set()

    async def start(self) -> None:
        if self._loop_task is None:
            self._pending = True
            self._loop_task = asyncio.create_task(
                self._loop(), name="docksmith-checker"
            )

    async def stop(self) -> None:
        task, self._loop_task = self._loop_task, None
        # Shared runs outlive their callers by design; not the service.
        runs = list(self._shared.values())
        for pending in [task, *runs]:
            if pending is not None:
                pending.cancel()
        for pending in [task, *runs]:
            if pending is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await pending

    async def _loop(self) -> None:
        while True:
            if not self._pending:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._wake.wait(), self.interval.total_seconds()
                    )
            self._wake.clear()
            self._pending = False
            try:
                await self.run(background=True)
            except asyncio.CancelledError:
                raise
            except DocksmithError as exc:
                log.warning("background check failed: %s", exc.message)
            except Exception:
                # A failed run must not end the loop; the next tick retries.
                log.exception("background check failed")


def summarise(results: Iterable[CheckResult]) -> dict[str, int]:
    counted = Counter(str(r.status) for r in results)
    return {str(s): counted.get(str(s), 0) for s in ContainerStatus}
