"""Auto-update's tables, on the selected backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.store import Store
from services.store.autoupdate import (
    AutoUpdateCandidateRepository,
    AutoUpdatePolicyRepository,
)

T0 = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)


async def test_a_new_candidate_starts_over_but_keeps_the_old_failure(store: Store):
    repo = AutoUpdateCandidateRepository(store)
    first = await repo.seen("web", "1.0.1@", T0)
    await repo.set_created("web", T0 - timedelta(days=1))
    await repo.mark_failed("web", "1.0.1@", "op_1", T0, "health check failed")

    same = await repo.seen("web", "1.0.1@", T0 + timedelta(hours=5))
    assert same.first_seen_at == first.first_seen_at == T0
    assert same.image_created_at == T0 - timedelta(days=1)
    assert same.failed_candidate == "1.0.1@"

    newer = await repo.seen("web", "1.0.2@", T0 + timedelta(days=1))
    assert newer.first_seen_at == T0 + timedelta(days=1)
    assert newer.image_created_at is None
    assert newer.failed_candidate == "1.0.1@"  # for an older candidate: no match


async def test_policies_set_merge_and_delete(store: Store):
    repo = AutoUpdatePolicyRepository(store)
    await repo.set("stack", "media", {"level": "patch"})
    merged = await repo.set("stack", "media", {"min_age_seconds": 3600})
    assert (merged.level, merged.min_age_seconds) == ("patch", 3600)
    assert [p.entity_id for p in await repo.all()] == ["media"]
    assert await repo.delete("stack", "media") is True
    assert await repo.delete("stack", "media") is False
