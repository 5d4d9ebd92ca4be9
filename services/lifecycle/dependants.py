"""Restarting one container, and the containers that must follow it.

A container lists in `docksmith.restart-after` the container names it must
restart after. When one of them restarts, updates, rolls back or has its
labels changed, its dependants restart too, recursively and in dependency
order; a dependant that shares the other's network namespace
(`network_mode: service:`/`container:`) is recreated through compose so it
joins the new namespace (a plain restart would keep the dead one), others
get an Engine restart. A dependant is claimed for its restart like any
other change (`ClaimRegistry`); one that something else holds is skipped. A
cycle, a busy or a failing dependant never fails the operation that
triggered it: each is logged as a warning. The engine going away is no
dependant's failure: it is raised, for the operation to be left to
reconciliation.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Protocol

from services.docker.engine import ContainerSummary
from services.docker.resources import ContainerDetails
from services.docker.updater import HealthOutcome
from services.errors import (
    ConflictError,
    DocksmithError,
    InvalidInputError,
    NotFoundError,
)
from services.frozen import frozen
from services.registry.references import parse_reference
from services.updates.claims import ClaimRegistry
from services.updates.context import UpdateDeps
from services.updates.dependencies import RESTART_AFTER, Node, update_order
from services.updates.engine_lost import engine_lost
from services.updates.member import PROJECT, SERVICE, load_project
from services.updates.policies import effective_policy

log = logging.getLogger(__name__)
Log = Callable[[str, str], Awaitable[None]]


class RestartEngine(Protocol):
    async def inspect_container(self, name: str) -> ContainerDetails: ...

    async def list_containers(
        self,
        *,
        include_stopped: bool = True,
        labels: Mapping[str, str | None] | None = None,
    ) -> list[ContainerSummary]: ...

    async def restart_container(
        self, name: str, *, grace_seconds: int = 10
    ) -> None: ...


def restart_after(labels: dict[str, str] | ContainerSummary) -> set[str]:
    raw = labels.labels if isinstance(labels, ContainerSummary) else labels
    return {p.strip() for p in (raw.get(RESTART_AFTER) or "").split(",") if p.strip()}


def shares_namespace(network_mode: str | None) -> bool:
    return (network_mode or "").startswith(("service:", "container:"))


def tag_of(image: str) -> str:
    try:
        return parse_reference(image).tag_or_latest
    except DocksmithError:
        return image


@frozen
class Restarter:
    deps: UpdateDeps
    engine: RestartEngine
    claims: ClaimRegistry

    async def node(self, details: ContainerDetails) -> Node:
        depends: tuple[str, ...] = ()
        network_mode = details.network_mode or None
        if details.labels.get(SERVICE):
            try:
                project = await load_project(self.deps, details)
                service = project.service(details.labels[SERVICE])
                depends, network_mode = service.depends_on, service.network_mode
            except DocksmithError as exc:
                log.info("no compose dependencies for %s: %s", details.name, exc)
        return Node(
            name=details.name,
            service=details.labels.get(SERVICE),
            stack=details.labels.get(PROJECT),
            depends_on=depends,
            network_mode=network_mode,
            labels=details.labels,
        )

    async def pre_check(self, details: ContainerDetails) -> str | None:
        """None when the container may restart, else why not."""
        check = await self.deps.prechecks.run_for(
            name=details.name,
            container_id=details.id,
            image=details.image,
            labels=details.labels,
            current_version=tag_of(details.image),
            target_version=tag_of(details.image),
            stack=details.labels.get(PROJECT),
            host=self.deps.host,
        )
        if check is None or check.passed:
            return None
        return f"pre-update check of {details.name} failed: {check.output}"

    async def restart(self, details: ContainerDetails, *, recreate: bool) -> str:
        """Restart (or compose-recreate) and wait for health; returns how it went."""
        if recreate and details.labels.get(SERVICE):
            project = await load_project(self.deps, details)
            lines: list[str] = []
            await self.deps.compose_runner(lines).up(
                project.name or details.labels.get(PROJECT) or "",
                [str(p) for p in project.config_files],
                str(project.host_working_dir or project.working_dir),
                [details.labels[SERVICE]],
                timeout=self.deps.compose_timeout_seconds,
            )
            how = "recreated"
        else:
            await self.engine.restart_container(details.name)
            how = "restarted"
        outcome = await self.health(details)
        if not outcome.ok:
            raise InvalidInputError(
                f"{details.name} {how} but is not healthy: {outcome.message}"
            )
        return f"{details.name} {how}: {outcome.message}"

    async def health(self, details: ContainerDetails) -> HealthOutcome:
        policy = await effective_policy(
            self.deps.policies,
            host=self.deps.host,
            container=details.name,
            stack=details.labels.get(PROJECT),
            labels=details.labels,
        )
        return await self.deps.updater.wait_healthy(
            details.name,
            timeout_seconds=policy.health_timeout_seconds,
            stability_seconds=policy.stability_window_seconds,
        )

    async def dependants(self, names: Iterable[str]) -> list[ContainerDetails]:
        """Every container that (transitively) restarts after `names`, ordered."""
        # Only containers carrying the label can restart after anything, so
        # the engine filters them: a host of thousands answers with a few.
        everyone = await self.engine.list_containers(
            include_stopped=False, labels={RESTART_AFTER: None}
        )
        changed = set(names)
        found: dict[str, ContainerSummary] = {}
        frontier = set(changed)
        while frontier:
            nxt: set[str] = set()
            for c in everyone:
                if c.name in changed or c.name in found:
                    continue
                if restart_after(c) & frontier:
                    found[c.name] = c
                    nxt.add(c.name)
            frontier = nxt
        details = [await self.engine.inspect_container(n) for n in found]
        nodes = [await self.node(d) for d in details]
        by_name = {d.name: d for d in details}
        try:
            order = update_order(nodes)
        except InvalidInputError as exc:
            log.warning("dependants of %s: %s", ", ".join(changed), exc.message)
            order = [n.name for n in nodes]
        return [by_name[n] for n in order]

    async def restart_dependants(
        self,
        names: Sequence[str],
        *,
        force: bool,
        log_to: Log,
    ) -> list[str]:
        """Restart what follows `names`; returns the names restarted.

        Each dependant is claimed for its own restart (checks, engine call,
        health gate), so nothing else changes it meanwhile; one that anything
        else holds, this operation included (a member of the same batch), is
        left alone with a warning. A failed one is a warning too, unless the
        engine went away: that error is raised."""
        done: list[str] = []
        for listed in await self.dependants(names):
            try:
                with self.claims.held(
                    [listed.name], "restart as a dependant", host=self.deps.host
                ):
                    message = await self._restart_dependant(listed.name, force, log_to)
            except ConflictError as exc:
                await log_to(
                    f"{listed.name}: not restarted as a dependant: {exc.message}",
                    "warning",
                )
                continue
            except DocksmithError as exc:
                if await engine_lost(self.deps.updater, exc):
                    # Not a verdict on the dependant, and the next ones would
                    # meet no engine either: the caller decides (a restart is
                    # left to reconciliation, which restarts them).
                    raise
                await log_to(f"dependant {listed.name}: {exc.message}", "warning")
                continue
            if message is not None:
                done.append(listed.name)
                await log_to(f"dependant {message}", "info")
        return done

    async def _restart_dependant(
        self, name: str, force: bool, log_to: Log
    ) -> str | None:
        # Read again under the claim: it may have been stopped or replaced
        # since it was listed, and a restart would start a stopped one.
        try:
            details = await self.engine.inspect_container(name)
        except NotFoundError:
            await log_to(f"{name}: gone before its restart as a dependant", "info")
            return None
        if not details.running:
            await log_to(f"{name}: stopped meanwhile; not restarted", "info")
            return None
        if force:
            await log_to(f"{name}: pre-update check skipped (forced)", "info")
        else:
            blocked = await self.pre_check(details)
            if blocked:
                raise InvalidInputError(blocked)
        node = await self.node(details)
        return await self.restart(details, recreate=shares_namespace(node.network_mode))
