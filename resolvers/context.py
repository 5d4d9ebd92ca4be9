"""`AppContext`: every dependency a resolver may use, built in one place.

`open_app_context` is the composition root's engine: the server's lifespan,
the CLI and the tests all build the context through it, and it closes what it
opened in reverse order.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from services.actions import ContainerActions
from services.auth.modes import AuthMode
from services.auth.principal import SYSTEM, Principal
from services.auth.service import AuthService
from services.auth.startup import auth_plan
from services.autoupdate.planner import AutoUpdatePlanner
from services.autoupdate.schedule import Clock, CronSchedule, SystemClock
from services.autoupdate.service import AutoUpdateService
from services.checks.compose_cache import ComposeProjectCache
from services.checks.discovery import compose_environment, discover
from services.checks.model import ContainerFacts
from services.checks.prechecks import PreUpdateChecker
from services.checks.service import CheckService
from services.compose import LOCAL, RemoteEnvironment
from services.config import Settings
from services.docker import DockerEngine, DockerSdkEngine
from services.docker.selfhelper import SelfHelpers
from services.docker.updater import DockerUpdater
from services.events import EventBus
from services.frozen import frozen
from services.hostpaths import HostPaths
from services.hosts import DEFAULT_HOST
from services.hosts.config import HostSpec, default_host
from services.hosts.connection import EngineFiles, HostConnection
from services.hosts.discovery import discover_hosts
from services.hosts.registry import HostRegistry
from services.lifecycle import Lifecycle, LifecycleRunners
from services.memory import ReleaseMemoryAfterChecks
from services.metrics import Metrics, MetricsPage, StateSources
from services.notify.service import NotificationService, NotifyConfig
from services.notify.watch import EngineWatch
from services.operations import OperationType
from services.operations.processes import ProcessJournal
from services.operations.recorder import OperationRecorder, engine_locator
from services.registry import RegistryClient
from services.registry.credentials import engine_auth_config
from services.store import (
    BackupRepository,
    CacheRepository,
    HistoryRepository,
    OperationRepository,
    PolicyRepository,
    ProcessRepository,
    QueueRepository,
    ScriptAssignmentRepository,
    SettingsRepository,
    Store,
)
from services.store.auth_repos import (
    SessionRepository,
    TokenRepository,
    UserRepository,
)
from services.store.autoupdate import (
    AutoUpdateCandidateRepository,
    AutoUpdatePolicyRepository,
)
from services.store.channels import ChannelRepository
from services.store.registry_cache import StoreRegistryCache
from services.updates.claims import ClaimRegistry
from services.updates.context import UpdateDeps
from services.updates.orchestrator import UpdateOrchestrator
from services.updates.queueing import OperationQueue
from services.updates.runs import OperationRuns
from services.updates.targets import TargetResolver

if TYPE_CHECKING:
    from services.auth.oidc import OidcClient

log = logging.getLogger(__name__)
FindSelf = Callable[[], Awaitable[str | None]]


@frozen
class Repositories:
    settings: SettingsRepository
    operations: OperationRepository
    history: HistoryRepository
    cache: CacheRepository
    scripts: ScriptAssignmentRepository
    policies: PolicyRepository
    backups: BackupRepository
    queue: QueueRepository
    processes: ProcessRepository
    auto_update_policies: AutoUpdatePolicyRepository
    auto_update_candidates: AutoUpdateCandidateRepository
    channels: ChannelRepository
    tokens: TokenRepository
    users: UserRepository
    sessions: SessionRepository

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
            processes=ProcessRepository(store),
            auto_update_policies=AutoUpdatePolicyRepository(store),
            auto_update_candidates=AutoUpdateCandidateRepository(store),
            channels=ChannelRepository(store),
            tokens=TokenRepository(store),
            users=UserRepository(store),
            sessions=SessionRepository(store),
        )


@frozen
class AppContext:
    settings: Settings
    docker: DockerEngine
    store: Store
    repos: Repositories
    events: EventBus
    hosts: HostRegistry[HostConnection]
    operations: OperationRecorder
    registry: RegistryClient
    checks: CheckService
    updates: UpdateOrchestrator
    lifecycle: Lifecycle
    actions: ContainerActions
    auto_updates: AutoUpdateService
    notifications: NotificationService
    metrics: MetricsPage
    auth: AuthService
    # Who is asking. The edges give each request its own context with the
    # request's principal (`as_principal`); in-process callers (the CLI,
    # tests) act as `system`.
    principal: Principal = SYSTEM

    def as_principal(self, principal: Principal) -> AppContext:
        return replace(self, principal=principal)

    def engine_on(self, host: str | None) -> DockerEngine:
        """The engine of `host` (None: the default one); an unknown host is
        a 404 naming it."""
        return self.hosts.connection(self.hosts.known(host)).engine


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _oidc_client(settings: Settings) -> OidcClient | None:
    """One authlib client for the OIDC configuration, not one per sign-in.

    Its module is imported here, and only when OIDC sign-in is configured:
    a server that signs in otherwise never loads it (~55 KB)."""
    if auth_plan(settings).mode is not AuthMode.OIDC:
        return None
    from services.auth.oidc import OidcClient, oauth_client

    return OidcClient(settings, oauth_client(settings))


@asynccontextmanager
async def open_app_context(
    settings: Settings,
    *,
    docker: DockerEngine | None = None,
    background_checks: bool = True,
    background_updates: bool = True,
    background_auto_updates: bool = True,
    clock: Clock | None = None,
    find_self: FindSelf | None = None,
    notify: bool = True,
) -> AsyncIterator[AppContext]:
    """`clock` measures auto-update schedules, windows and ages (tests move
    it by hand); `find_self` names Docksmith's own container (by default the
    kernel's evidence, see services.docker.self_identity); `notify=False`
    (the one-shot CLI) keeps the channels readable but sends nothing: the
    process ends before a delivery could."""
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

        # Each context (and so each test) has its own metrics.
        metrics = Metrics()
        notifications = NotificationService(
            NotifyConfig.from_settings(settings),
            channels=repos.channels,
            settings=repos.settings,
            clock=_utcnow,
            on_delivery=metrics.delivery,
            enabled=notify,
        )
        await notifications.start()
        stack.push_async_callback(notifications.close)

        async def assignment_for(container: str, host: str) -> str | None:
            row = await repos.scripts.get(container, host=host)
            return row.script_path if row and row.enabled else None

        async def enabled_assignments() -> dict[tuple[str, str], str]:
            return {
                (row.host, row.container_name): row.script_path
                for row in await repos.scripts.all()
                if row.enabled
            }

        async def pull_auth(host: str) -> dict[str, str] | None:
            return engine_auth_config(await registry.credentials.lookup(host))

        updater = DockerUpdater(settings.docker_host, registry_auth=pull_auth)
        stack.push_async_callback(updater.close)

        def connect(spec: HostSpec) -> HostConnection:
            remote = spec.compose_over_ssh
            return HostConnection(
                DockerSdkEngine(spec.address),
                DockerUpdater(spec.address, registry_auth=pull_auth),
                environment=RemoteEnvironment(remote) if remote else None,
            )

        # One registry of claims for everything that changes a container
        # (a host is not removed while an operation holds its containers).
        claims = ClaimRegistry()
        # One connection per host; the default host's is the engine and
        # updater above, which everything without a host argument uses.
        hosts = HostRegistry(
            default_host(settings.docker_host),
            configured=settings.docker_hosts,
            hosts_dir=settings.hosts_dir,
            connect=connect,
            saved=repos.settings,
            events=events,
            claims=claims,
            default_connection=HostConnection(engine, updater),
        )
        stack.push_async_callback(hosts.close)
        await hosts.load()

        host_paths = HostPaths(engine)
        processes = ProcessJournal(repos.processes)

        compose_cache = ComposeProjectCache()

        async def discover_on(
            spec: HostSpec, host: HostConnection
        ) -> list[ContainerFacts]:
            engine = host.engine
            if spec.remote_files and isinstance(engine, DockerSdkEngine):
                # Its compose files are read over SSH where they live, and
                # interpolated from the environment compose has there.
                # A check run reads its environment anew, once for every project.
                environment = host.environment
                return await discover(
                    engine,
                    environ=await environment.refresh() if environment else {},
                    host=spec.name,
                    read=EngineFiles(engine).read,
                )
            return await discover(
                engine,
                # Bind mounts map this container's paths to the local engine's.
                mapper=await host_paths.mapper() if spec.file_access else None,
                compose_cache=compose_cache,
                host=spec.name,
                read_only_reason=spec.read_only_reason,
            )

        async def discover_containers() -> list[ContainerFacts]:
            return await discover_hosts(hosts, discover_on)

        async def discover_host(name: str) -> list[ContainerFacts]:
            return await discover_hosts(hosts, discover_on, only=name)

        checks = CheckService(
            discover=discover_containers,
            discover_host=discover_host,
            registry=registry,
            prechecks=PreUpdateChecker(
                settings.scripts_dir,
                assignment_for,
                timeout_seconds=settings.script_timeout.total_seconds(),
                all_assignments=enabled_assignments,
                watch=processes,
            ),
            settings=repos.settings,
            history=repos.history,
            events=events,
            interval=settings.check_interval,
            observers=(metrics, notifications, ReleaseMemoryAfterChecks()),
        )
        await checks.load()

        prechecks = PreUpdateChecker(
            settings.scripts_dir,
            assignment_for,
            timeout_seconds=settings.script_timeout.total_seconds(),
            watch=processes,
        )
        recorder = OperationRecorder(
            repos.operations,
            events,
            locate=engine_locator(engine),
            observers=(metrics.operation_finished, notifications.operation_finished),
        )

        async def refresh_checks(names: list[str], host: str = DEFAULT_HOST) -> None:
            for name in names:
                try:
                    await checks.check_one(name, host)
                except Exception as exc:
                    # A stale status is better than failing a finished operation.
                    log.warning(
                        "re-check of %s after its operation failed: %s", name, exc
                    )

        self_helpers = SelfHelpers(settings.docker_host)
        stack.push_async_callback(self_helpers.close)
        deps = UpdateDeps(
            engine=engine,
            updater=updater,
            registry=registry,
            backups=repos.backups,
            policies=repos.policies,
            history=repos.history,
            prechecks=prechecks,
            scripts_dir=settings.scripts_dir,
            docker_host=settings.docker_host,
            compose_env=compose_environment(),
            host_paths=host_paths,
            processes=processes,
            self_helpers=self_helpers,
            hosts=lambda name: deps_on(name),
            claims=claims,
        )

        def deps_on(name: str) -> UpdateDeps:
            """The update engine's dependencies on another host: its engine,
            updater and compose CLI; its compose files are out of reach."""
            spec = hosts.spec(name)
            if spec.name == DEFAULT_HOST:
                return deps
            connection = hosts.connection(name)
            engine = connection.engine
            files = (
                EngineFiles(engine)
                if spec.remote_files and isinstance(engine, DockerSdkEngine)
                else None
            )
            return replace(
                deps,
                engine=engine,
                updater=connection.updater,
                docker_host=spec.url,
                host_paths=None,
                self_helpers=None,
                host=spec.name,
                read_only_reason=spec.read_only_reason,
                files=files or LOCAL,
                compose_remote=spec.compose_over_ssh if files else None,
                remote_environment=connection.environment if files else None,
            )

        # Built in dependency order, each with what it needs: the runners
        # first, the queue that runs their kinds, then the front doors.
        lifecycle_runners = LifecycleRunners(
            deps,
            engine=engine,
            events=events,
            refresh=refresh_checks,
            claims=claims,
            allow_exec=settings.allow_exec_actions,
            script_timeout_seconds=settings.script_timeout.total_seconds(),
            engines=lambda name: hosts.connection(name).engine,
        )
        update_runs = OperationRuns(
            deps,
            refresh_checks,
            operations=repos.operations,
            after_member=lifecycle_runners.after_member,
        )
        operation_queue = OperationQueue(
            deps,
            claims=claims,
            recorder=recorder,
            operations=repos.operations,
            queue=repos.queue,
            kinds={**update_runs.kinds(), **lifecycle_runners.kinds()},
        )
        lifecycle = Lifecycle(
            deps,
            runners=lifecycle_runners,
            queue=operation_queue,
            engine=engine,
            allow_exec=settings.allow_exec_actions,
        )
        updates = UpdateOrchestrator(
            deps,
            queue=operation_queue,
            runs=update_runs,
            targets=TargetResolver(deps, checks.check_one),
            recorder=recorder,
            operations=repos.operations,
            queued=repos.queue,
            rollbacks={OperationType.LABEL_CHANGE: lifecycle.rollback_labels},
            processes=processes,
        )
        if background_updates:
            # Without an engine, reconciliation retries in the background.
            stack.push_async_callback(updates.close)
            await updates.start()
        # Checks start after reconciliation so they never see a compose file
        # halfway through being restored.
        # Registered either way: on-demand runs are tasks of their own too.
        stack.push_async_callback(checks.stop)
        if background_checks:
            await checks.start()

        actions = ContainerActions(
            engine,
            claims=claims,
            recorder=recorder,
            operations=repos.operations,
            events=events,
            engines=lambda name: hosts.connection(name).engine,
        )
        # First to close: actions answered before their end finish first.
        stack.push_async_callback(actions.close)
        zone = settings.auto_update_zone
        auto_updates = AutoUpdateService(
            AutoUpdatePlanner(
                discover=discover_containers,
                registry=registry,
                policies=repos.auto_update_policies,
                candidates=repos.auto_update_candidates,
                zone=zone,
                default_min_age=settings.auto_update_min_age,
                find_self=find_self or actions.find_self,
                busy=updates.active_operation,
            ),
            updates=updates,
            recorder=recorder,
            operations=repos.operations,
            candidates=repos.auto_update_candidates,
            clock=clock or SystemClock(),
            schedule=CronSchedule(settings.auto_update_schedule, zone)
            if settings.auto_update_schedule
            else None,
            zone=zone,
            zone_name=settings.auto_update_timezone,
        )
        # Closed before the update engine: a run stops following its stacks.
        stack.push_async_callback(auto_updates.close)
        if background_auto_updates:
            await auto_updates.start()
        watch = EngineWatch(
            engine.ping,
            interval=settings.notify_engine_interval.total_seconds(),
            on_change=notifications.engine_changed,
        )
        if background_checks:
            await watch.start()
            stack.push_async_callback(watch.close)
        metrics_page = MetricsPage(
            metrics,
            StateSources(
                results=lambda: checks.state.results,
                registry_requests=lambda: registry.request_outcomes,
                rate_limits=registry.ratelimit_status,
                bus_dropped=lambda: events.total_dropped,
                bus_subscribers=lambda: events.subscriber_count,
                engine_up=lambda: watch.reachable,
            ),
            created_series=not settings.prometheus_disable_created_series,
        )
        oidc = _oidc_client(settings)
        if oidc is not None:
            stack.push_async_callback(oidc.close)
        yield AppContext(
            settings=settings,
            docker=engine,
            store=store,
            repos=repos,
            events=events,
            hosts=hosts,
            operations=recorder,
            registry=registry,
            checks=checks,
            updates=updates,
            lifecycle=lifecycle,
            actions=actions,
            auto_updates=auto_updates,
            notifications=notifications,
            metrics=metrics_page,
            auth=AuthService(
                settings,
                tokens=repos.tokens,
                users=repos.users,
                sessions=repos.sessions,
                oidc=oidc,
            ),
        )
