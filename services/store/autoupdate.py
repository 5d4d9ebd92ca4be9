"""Auto-update's tables: policies (global, stack, container) and what is
known about each container's current candidate (first seen, image build
time, a failure not to retry). The only code that queries them.

Rows name their Docker host like every other container row; the global
policy lives on the default host and applies to all hosts.
"""

from __future__ import annotations

from datetime import datetime

from services.hosts import DEFAULT_HOST
from services.store.database import in_store
from services.store.models import AutoUpdateCandidate, AutoUpdatePolicy
from services.store.records import AutoUpdateCandidateRecord, AutoUpdatePolicyRecord
from services.store.repositories import (
    EntityPolicyRepository,
    _Repository,
)


class AutoUpdatePolicyRepository(EntityPolicyRepository[AutoUpdatePolicyRecord]):
    _model = AutoUpdatePolicy
    _record_type = AutoUpdatePolicyRecord

    @in_store
    async def all(self) -> list[AutoUpdatePolicyRecord]:
        rows = await AutoUpdatePolicy.all().order_by("entity_type", "entity_id", "host")
        return self._records(rows, AutoUpdatePolicyRecord)


class AutoUpdateCandidateRepository(_Repository):
    @in_store
    async def seen(
        self, container: str, candidate: str, now: datetime, *, host: str = DEFAULT_HOST
    ) -> AutoUpdateCandidateRecord:
        """The container's row for `candidate`: a new candidate starts over
        (first seen now, build time unknown); a failure stays recorded so the
        planner can tell it belongs to an older candidate."""
        row = await AutoUpdateCandidate.get_or_none(host=host, container_name=container)
        if row is None:
            row = await AutoUpdateCandidate.create(
                host=host,
                container_name=container,
                candidate=candidate,
                first_seen_at=now,
            )
        elif row.candidate != candidate:
            row.candidate = candidate
            row.first_seen_at = now
            row.image_created_at = None
            await row.save()
        return self._record(row, AutoUpdateCandidateRecord)

    @in_store
    async def set_created(
        self, container: str, created: datetime, *, host: str = DEFAULT_HOST
    ) -> None:
        await AutoUpdateCandidate.filter(host=host, container_name=container).update(
            image_created_at=created
        )

    @in_store
    async def mark_failed(
        self,
        container: str,
        candidate: str,
        operation_id: str,
        at: datetime,
        why: str,
        *,
        host: str = DEFAULT_HOST,
    ) -> None:
        row = await AutoUpdateCandidate.get_or_none(host=host, container_name=container)
        if row is None:
            row = AutoUpdateCandidate(
                host=host,
                container_name=container,
                candidate=candidate,
                first_seen_at=at,
            )
        row.failed_candidate = candidate
        row.failed_operation_id = operation_id
        row.failed_at = at
        row.failure = why
        await row.save()
