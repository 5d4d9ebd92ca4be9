"""Setting and removing rollback policies is validated in services (both
edges call it), and a stack's or container's policy is its host's: the
engine's lookup under the container's host finds it. Real SQLite store."""

from __future__ import annotations

import pytest

from services.errors import InvalidInputError, NotFoundError
from services.store import PolicyRepository, Store
from services.updates.policies import (
    RollbackPolicySource,
    effective_policy,
    remove_policy,
    set_policy,
)


@pytest.fixture
async def repo(tmp_path):
    store = Store(f"sqlite://{tmp_path}/policies.db")
    await store.open()
    try:
        yield PolicyRepository(store)
    finally:
        await store.close()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "health_timeout_seconds",
            0,
            "health_timeout_seconds must be between 1 and 3600",
        ),
        (
            "health_timeout_seconds",
            3601,
            "health_timeout_seconds must be between 1 and 3600",
        ),
        (
            "stability_window_seconds",
            -1,
            "stability_window_seconds must be between 0 and 600",
        ),
        (
            "stability_window_seconds",
            601,
            "stability_window_seconds must be between 0 and 600",
        ),
    ],
)
async def test_out_of_range_values_are_refused_and_nothing_is_stored(
    repo, field, value, message
):
    with pytest.raises(InvalidInputError, match=message):
        await set_policy(
            repo, entity_type="container", entity_id="web", **{field: value}
        )
    assert await repo.find("container", "web") is None


async def test_bounds_are_accepted(repo):
    record = await set_policy(
        repo,
        entity_type="stack",
        entity_id="shop",
        health_timeout_seconds=3600,
        stability_window_seconds=0,
    )
    assert (record.health_timeout_seconds, record.stability_window_seconds) == (3600, 0)


async def test_a_policy_set_for_a_host_applies_to_that_hosts_container_only(repo):
    await set_policy(
        repo, entity_type="container", entity_id="web", auto_rollback=True, host="b"
    )

    async def effective(host: str):
        return await effective_policy(
            repo, container="web", stack=None, labels={}, host=host
        )

    on_b = await effective("b")
    assert (on_b.auto_rollback, on_b.source) == (True, RollbackPolicySource.CONTAINER)
    on_local = await effective("local")
    assert (on_local.auto_rollback, on_local.source) == (
        False,
        RollbackPolicySource.GLOBAL,
    )

    await remove_policy(repo, entity_type="container", entity_id="web", host="b")
    assert (await effective("b")).source is RollbackPolicySource.GLOBAL
    with pytest.raises(NotFoundError, match="no rollback policy for container web"):
        await remove_policy(repo, entity_type="container", entity_id="web", host="b")


async def test_a_stack_or_container_policy_needs_a_name_and_global_stays(repo):
    with pytest.raises(InvalidInputError, match="a stack policy needs the stack name"):
        await set_policy(repo, entity_type="stack", entity_id=" ", auto_rollback=True)
    with pytest.raises(InvalidInputError, match="cannot be removed"):
        await remove_policy(repo, entity_type="global")
    assert (await repo.get("global")).entity_type == "global"


async def test_a_call_that_sets_nothing_is_refused_and_stores_nothing(repo):
    # as the auto-update policy's set_policy refuses it: an empty call would
    # store a policy of defaults that overrides the stack's or global one
    with pytest.raises(InvalidInputError, match="nothing to set: give auto_rollback"):
        await set_policy(repo, entity_type="container", entity_id="web")
    assert await repo.find("container", "web") is None
