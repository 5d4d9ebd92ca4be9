"""Decide, container by container, whether an auto-update run takes it and
why: policy, Docksmith's own container, maintenance window, the candidate
the policy's level allows, a failure not to retry, and the minimum age.

It changes nothing but what it observes about candidates (first seen, build
time), so a dry run is this planner alone.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Protocol

from services.autoupdate.policy import AutoUpdateSource, effective, excluded_as_self
from services.autoupdate.rules import (
    LABEL_AUTO_UPDATE,
    AutoUpdateLevel,
    format_age,
    label_windows,
    level_needed,
)
from services.autoupdate.windows import MaintenanceWindows, parse_windows
from services.checks.evaluate import TagSource, evaluate
from services.checks.model import ContainerFacts, ContainerStatus
from services.errors import DocksmithError
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.registry.references import ImageReference, parse_reference
from services.store.autoupdate import (
    AutoUpdateCandidateRepository,
    AutoUpdatePolicyRepository,
)
from services.store.records import AutoUpdatePolicyRecord
from services.updates.policy_entity import PolicyEntityType
from services.versioning.constraints import LABEL_PIN_MAJOR, LABEL_PIN_MINOR
from services.versioning.model import ChangeType

log = logging.getLogger(__name__)


class AutoUpdateTrigger(StrEnum):
    """What started a run: the cron schedule, a maintenance window opening,
    or a person (the run-now mutation)."""

    SCHEDULE = "schedule"
    WINDOW = "window"
    MANUAL = "manual"


class AutoUpdateReason(StrEnum):
    """Why a run takes a container, or why not."""

    INCLUDED = "included"
    POLICY_OFF = "policy_off"
    SELF = "self"
    INVALID_POLICY = "invalid_policy"
    OUTSIDE_WINDOW = "outside_window"
    WAITING_FOR_SCHEDULE = "waiting_for_schedule"
    BUSY = "busy"
    UP_TO_DATE = "up_to_date"
    NOT_CHECKABLE = "not_checkable"
    BEYOND_POLICY = "beyond_policy"
    FAILED_BEFORE = "failed_before"
    TOO_NEW = "too_new"


class AutoUpdateOutcome(StrEnum):
    """How a run's update of an included container went; `message` says why
    when it did not complete."""

    QUEUED = "queued"
    NOT_STARTED = "not_started"
    COMPLETE = "complete"
    FAILED = "failed"
    ROLLED_BACK = "rolled_back"
    SKIPPED = "skipped"
    # Its stack operation ended before it came to this container.
    NOT_REACHED = "not_reached"


@frozen
class AutoUpdateDecision:
    container: str
    stack: str | None
    included: bool
    reason: AutoUpdateReason
    message: str
    level: AutoUpdateLevel = AutoUpdateLevel.OFF
    level_source: AutoUpdateSource = AutoUpdateSource.DEFAULT
    current_tag: str | None = None
    candidate_tag: str | None = None
    candidate_digest: str | None = None
    change_type: ChangeType | None = None
    waiting_until: datetime | None = None
    maintenance_window: str | None = None
    min_age: str | None = None
    # Filled in by a run: the stack operation that took it, and how it ended.
    operation_id: str | None = None
    outcome: AutoUpdateOutcome | None = None
    # The container's Docker host: (host, container) is the container.
    host: str = DEFAULT_HOST

    @property
    def candidate_key(self) -> str:
        return f"{self.candidate_tag}@{self.candidate_digest or ''}"

    def as_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["container_name"] = self.container  # as other batch details name it
        if self.waiting_until is not None:
            data["waiting_until"] = self.waiting_until.isoformat()
        return data


class CreatedSource(TagSource, Protocol):
    async def get_image_created(self, image: ImageReference) -> datetime | None: ...


Discover = Callable[[], Awaitable[list[ContainerFacts]]]
FindSelf = Callable[[], Awaitable[str | None]]
Busy = Callable[[str, str], str | None]  # (container, host) -> operation

# The version pins that keep the checker's choice within a level.
_PINS = {
    AutoUpdateLevel.DIGEST: {LABEL_PIN_MINOR: "true"},
    AutoUpdateLevel.PATCH: {LABEL_PIN_MINOR: "true"},
    AutoUpdateLevel.MINOR: {LABEL_PIN_MAJOR: "true"},
}


def ready_at(
    created: datetime | None, first_seen: datetime, min_age: timedelta
) -> tuple[datetime, str]:
    """When a candidate is old enough, and what its age is counted from: the
    image's build time, else when Docksmith first saw it."""
    if created is not None:
        return created + min_age, f"built {created:%Y-%m-%d %H:%M} UTC"
    return first_seen + min_age, f"first seen {first_seen:%Y-%m-%d %H:%M} UTC"


class AutoUpdatePlanner:
    def __init__(
        self,
        *,
        discover: Discover,
        registry: CreatedSource,
        policies: AutoUpdatePolicyRepository,
        candidates: AutoUpdateCandidateRepository,
        zone: tzinfo,
        default_min_age: timedelta,
        find_self: FindSelf,
        busy: Busy,
        concurrency: int = 8,
    ) -> None:
        self.discover = discover
        self.registry = registry
        self.policies = policies
        self.candidates = candidates
        self.zone = zone
        self.default_min_age = default_min_age
        self.find_self = find_self
        self.busy = busy
        self.concurrency = concurrency

    async def plan(
        self, trigger: AutoUpdateTrigger, now: datetime
    ) -> list[AutoUpdateDecision]:
        # Every host's containers; a host that is down is left out (the
        # check reports it), the others are planned as usual.
        facts = await self.discover()
        # A container's and a stack's policy are its host's; the global one
        # (kept on the default host's row) applies to every host.
        rows = {
            (r.host, r.entity_type, r.entity_id): r for r in await self.policies.all()
        }
        try:
            own = await self.find_self()
        except DocksmithError:
            own = None
        limit = asyncio.Semaphore(self.concurrency)

        async def one(item: ContainerFacts) -> AutoUpdateDecision:
            async with limit:
                return await self._decide(item, rows, own, trigger, now)

        decisions = await asyncio.gather(*(one(f) for f in facts))
        return sorted(
            decisions,
            key=lambda d: (d.host != DEFAULT_HOST, d.host, d.stack or "~", d.container),
        )

    async def windows(self) -> list[MaintenanceWindows]:
        """Every maintenance window in force (labels and policies), for the
        scheduler to wake when one opens."""
        found = []
        for row in await self.policies.all():
            if row.maintenance_window:
                found.append(parse_windows(row.maintenance_window))
        try:
            facts = await self.discover()
        except DocksmithError:
            facts = []
        for item in facts:
            try:
                window = label_windows(item.labels)
            except DocksmithError:
                continue
            if window is not None:
                found.append(window)
        return found

    async def _decide(
        self,
        facts: ContainerFacts,
        rows: dict[tuple[str, PolicyEntityType, str], AutoUpdatePolicyRecord],
        own: str | None,
        trigger: AutoUpdateTrigger,
        now: datetime,
    ) -> AutoUpdateDecision:
        host = facts.host

        def skip(reason: AutoUpdateReason, message: str) -> AutoUpdateDecision:
            return AutoUpdateDecision(
                facts.name, facts.stack, False, reason, message, host=host
            )

        try:
            policy = effective(
                facts.labels,
                container=rows.get((host, PolicyEntityType.CONTAINER, facts.name)),
                stack=rows.get((host, PolicyEntityType.STACK, facts.stack))
                if facts.stack
                else None,
                global_policy=rows.get((DEFAULT_HOST, PolicyEntityType.GLOBAL, "")),
                default_min_age=self.default_min_age,
            )
        except DocksmithError as exc:
            return skip(AutoUpdateReason.INVALID_POLICY, exc.message)
        base = AutoUpdateDecision(
            facts.name,
            facts.stack,
            False,
            AutoUpdateReason.INCLUDED,
            "",
            level=policy.level,
            level_source=policy.level_source,
            maintenance_window=policy.window.text if policy.window else None,
            min_age=format_age(policy.min_age),
            host=host,
        )

        def no(
            reason: AutoUpdateReason, message: str, **more: Any
        ) -> AutoUpdateDecision:
            return replace(base, reason=reason, message=message, **more)

        if excluded_as_self(policy, container_id=facts.id, host=host, own=own):
            return no(
                AutoUpdateReason.SELF,
                "this is Docksmith's own container: only its own "
                f"{LABEL_AUTO_UPDATE} label can include it",
            )
        if policy.level is AutoUpdateLevel.OFF:
            return no(
                AutoUpdateReason.POLICY_OFF,
                f"auto-update is off (from the {policy.level_source} policy)"
                if policy.level_source is not AutoUpdateSource.DEFAULT
                else "auto-update is off (the default)",
            )
        if policy.window is not None:
            if not policy.window.contains(now, self.zone):
                opens = policy.window.next_opening(now, self.zone)
                return no(
                    AutoUpdateReason.OUTSIDE_WINDOW,
                    f"outside its maintenance window {policy.window.text!r} "
                    f"(next opens {opens.isoformat()})",
                    waiting_until=opens,
                )
        elif trigger is AutoUpdateTrigger.WINDOW:
            return no(
                AutoUpdateReason.WAITING_FOR_SCHEDULE,
                "it has no maintenance window; the scheduled runs update it",
            )
        holder = self.busy(facts.name, host)
        if holder is not None:
            return no(AutoUpdateReason.BUSY, f"operation {holder} is working on it")
        return await self._candidate(facts, base, policy.min_age, now, no)

    async def _candidate(
        self,
        facts: ContainerFacts,
        base: AutoUpdateDecision,
        min_age: timedelta,
        now: datetime,
        no: Callable[..., AutoUpdateDecision],
    ) -> AutoUpdateDecision:
        level = base.level
        pinned = replace(facts, labels={**facts.labels, **_PINS.get(level, {})})
        result = await evaluate(pinned, self.registry, now)
        if result.status is not ContainerStatus.UPDATE_AVAILABLE:
            if result.status in (
                ContainerStatus.UP_TO_DATE,
                ContainerStatus.UP_TO_DATE_PINNABLE,
            ):
                return no(
                    AutoUpdateReason.UP_TO_DATE,
                    f"no {level} update available",
                    current_tag=result.current_tag,
                )
            return no(
                AutoUpdateReason.NOT_CHECKABLE,
                f"{result.status}: {result.error or result.reason or 'cannot be checked'}",
                current_tag=result.current_tag,
            )
        found: dict[str, Any] = {
            "current_tag": result.current_tag,
            "candidate_tag": result.latest_tag,
            "candidate_digest": result.latest_digest,
            "change_type": result.change_type,
        }
        same_tag = result.latest_tag == result.current_tag
        needed = level_needed(result.change_type, same_tag)
        if needed.rank > level.rank:
            return no(
                AutoUpdateReason.BEYOND_POLICY,
                f"{result.current_tag} -> {result.latest_tag} needs a {needed} "
                f"policy; this one allows {level}",
                **found,
            )
        candidate = replace(base, **found)
        state = await self.candidates.seen(
            facts.name, candidate.candidate_key, now, host=facts.host
        )
        if state.failed_candidate == candidate.candidate_key:
            return no(
                AutoUpdateReason.FAILED_BEFORE,
                f"the update to {candidate.candidate_tag} failed in "
                f"{state.failed_operation_id} ({state.failure}); it is not "
                "retried until a newer candidate appears",
                **found,
            )
        if min_age > timedelta(0):
            created = state.image_created_at or await self._created(facts, candidate)
            ready, basis = ready_at(created, state.first_seen_at, min_age)
            if now < ready:
                return no(
                    AutoUpdateReason.TOO_NEW,
                    f"waiting until {ready:%Y-%m-%d %H:%M} UTC: "
                    f"{candidate.candidate_tag} was {basis} and the minimum age "
                    f"is {format_age(min_age)}",
                    waiting_until=ready,
                    **found,
                )
        return replace(
            candidate,
            included=True,
            reason=AutoUpdateReason.INCLUDED,
            message=f"{result.current_tag} -> {result.latest_tag} "
            f"({result.change_type or 'digest'} change, policy {level})",
        )

    async def _created(
        self, facts: ContainerFacts, decision: AutoUpdateDecision
    ) -> datetime | None:
        try:
            ref = parse_reference(facts.image).repository_only()
            created = await self.registry.get_image_created(
                ref.with_tag(decision.candidate_tag or "latest")
            )
        except DocksmithError as exc:
            log.info(
                "no build time for %s's candidate (%s); counting from first seen",
                facts.name,
                exc.message,
            )
            return None
        if created is not None:
            await self.candidates.set_created(facts.name, created, host=facts.host)
        return created
