"""`AppContext`: every dependency a resolver may use, built in one place.

`open_app_context` is the composition root's engine: the FastAPI lifespan,
the CLI and the tests all build the context through it, and it closes what it
opened in reverse order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from services.checks.discovery import discover
from services.checks.prechecks import PreUpdateChecker
from services.checks.service import CheckService
from services.config import Settings
from services.docker import DockerEngine, DockerSdkEngine
from services.events import EventBus
from services.operations import OperationRecorder
from services.registry import RegistryClient
from services.store import (
    BackupRepository,
    CacheRepository,
    HistoryRepository,
    OperationRepository,
    PolicyRepository,
    QueueRepository,
    ScriptAssignmentRepository,
    SettingsRepository,
    Store,
)
from services.store.registry_cache import StoreRegistryCache


@dataclass(frozen=True, slots=True)
class Repositories:
    settings: SettingsRepository
    operations: OperationRepository
    history: HistoryRepository
    cache: CacheRepository
    scripts: ScriptAssignmentRepository
    policies: PolicyRepository
    backups: BackupRepository
    queue: QueueRepository

    @classmethod
    def over(cls, store: Store) -> Repositories:
        return cls(
            settings=SettingsRepository(store),
            operations=OperationRepository(store),
            history=HistoryRepository(store),
            cache=CacheRepository(store),
            scripts=ScriptAssignmentRepository(store),
            policies=PolicyRepository(store),
            backups=BackupRepository(store),
            queue=QueueRepository(store),
        )


@dataclass(frozen=True, slots=True)
class AppContext:
    settings: Settings
    docker: DockerEngine
    store: Store
    repos: Repositories
    events: EventBus
    operations: OperationRecorder
    registry: RegistryClient
    checks: CheckService


@asynccontextmanager
async def open_app_context(
    settings: Settings,
    *,
    docker: DockerEngine | None = None,
    background_checks: bool = True,
) -> AsyncIterator[AppContext]:
    async with AsyncExitStack() as stack:
        store = Store(settings.storage_url)
        await store.open()
        stack.push_async_callback(store.close)

        engine = docker or DockerSdkEngine(settings.docker_host)
        stack.push_async_callback(engine.close)

        events = EventBus()
        stack.callback(events.close)

        repos = Repositories.over(store)
        registry = RegistryClient.from_settings(
            settings, store=StoreRegistryCache(repos.cache)
        )
        stack.push_async_callback(registry.aclose)

        async def assignment_for(container: str) -> str | None:
            row = await repos.scripts.get(container)
            return row.script_path if row and row.enabled else None

        checks = CheckService(
            discover=lambda: discover(engine),
            registry=registry,
            prechecks=PreUpdateChecker(settings.scripts_dir, assignment_for),
            settings=repos.settings,
            history=repos.history,
            events=events,
            interval=settings.check_interval,
        )
        await checks.load()
        if background_checks:
            await checks.start()
            stack.push_async_callback(checks.stop)

        yield AppContext(
            settings=settings,
            docker=engine,
            store=store,
            repos=repos,
            events=events,
            operations=OperationRecorder(repos.operations, events),
            registry=registry,
            checks=checks,
        )
