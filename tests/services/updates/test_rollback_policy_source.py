"""Where a container's effective rollback setting came from is a closed set
(the rollback log line names it), over a real SQLite store."""

from __future__ import annotations

from services.store import PolicyRepository, Store
from services.updates.policies import RollbackPolicySource, effective_policy


async def test_the_source_is_the_label_the_nearest_policy_or_global(tmp_path):
    store = Store(f"sqlite://{tmp_path}/policies.db")
    await store.open()
    try:
        repo = PolicyRepository(store)

        async def source(labels: dict[str, str] | None = None) -> RollbackPolicySource:
            policy = await effective_policy(
                repo, container="web", stack="shop", labels=labels or {}
            )
            return policy.source

        assert await source() is RollbackPolicySource.GLOBAL
        await repo.get("stack", "shop")
        assert await source() is RollbackPolicySource.STACK
        await repo.get("container", "web")
        assert await source() is RollbackPolicySource.CONTAINER
        labelled = await source({"docksmith.auto-rollback": "true"})
        assert labelled is RollbackPolicySource.LABEL
    finally:
        await store.close()
