"""The store on SQLite and on a real throwaway PostgreSQL cluster."""

from __future__ import annotations

import asyncio
import contextlib
import json
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from services.errors import InvalidInputError, NotFoundError
from services.operations.listing import list_operations
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
from services.store.config import SQLITE_CACHE_KIB
from services.store.records import (
    CachedValue,
    CheckHistoryRecord,
    OperationCursor,
    OperationRecord,
    QueuedOperationRecord,
    UpdateLogRecord,
)
from tests.services.store.conftest import BACKEND
from tests.support.db import migrated_sqlite_url

NOW = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)


async def test_backend_is_the_one_selected(store: Store):
    assert store.backend == BACKEND


MIGRATIONS = sorted(
    p.stem
    for p in (Path(__file__).parents[3] / "services/store/migrations").glob("0*.py")
)


async def test_migrations_are_applied_and_reopening_is_idempotent(
    fresh_store: Store,
):
    store = fresh_store
    assert MIGRATIONS[0] == "0001_initial"
    assert await store.applied_migrations() == MIGRATIONS
    again = Store(store.url)
    await again.open()
    try:
        assert await again.applied_migrations() == MIGRATIONS
        assert await again.ping()
    finally:
        await again.close()


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite-only pragma")
async def test_sqlite_runs_in_wal_mode(tmp_path):
    store = Store(f"sqlite://{tmp_path}/wal.db")
    await store.open()
    try:
        mode = await store.sqlite_journal_mode()
        assert mode == "wal"
    finally:
        await store.close()


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite-only pragma")
async def test_sqlite_keeps_a_small_page_cache_unless_the_url_sets_one(tmp_path):
    # SQLite's default of 2,000 KiB held the saved check results' pages for
    # the life of the server.
    for url, expected in (
        (migrated_sqlite_url(tmp_path / "small.db"), -SQLITE_CACHE_KIB),
        (migrated_sqlite_url(tmp_path / "given.db") + "?cache_size=-64", -64),
    ):
        store = Store(url)
        await store.open()
        try:
            assert int(await store.sqlite_pragma("cache_size")) == expected
            assert await store.sqlite_journal_mode() == "wal"
        finally:
            await store.close()
    assert SQLITE_CACHE_KIB < 2000


async def test_settings_round_trip(store: Store):
    repo = SettingsRepository(store)
    assert await repo.get("last_cache_refresh") is None
    await repo.set("last_cache_refresh", "2026-01-15T10:30:00Z")
    await repo.set("last_cache_refresh", "2026-01-16T10:30:00Z")
    assert await repo.get("last_cache_refresh") == "2026-01-16T10:30:00Z"
    assert await repo.all() == {"last_cache_refresh": "2026-01-16T10:30:00Z"}


async def test_replacing_a_large_setting_holds_no_second_copy(store: Store):
    # The saved check results are ~2 MB at 2,000 containers; writing them
    # must not read the previous value back (update_or_create did).
    repo = SettingsRepository(store)
    await repo.set("check_results", "a" * 2_000_000)
    new = "b" * 2_000_000
    tracemalloc.start()
    try:
        await repo.set("check_results", new)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    if BACKEND == "sqlite":
        # (PostgreSQL's driver copies the text into its wire buffers, ~2x
        # the value whichever way the row is written.)
        assert peak < 500_000
    assert await repo.get("check_results") == new


async def test_writers_of_a_new_setting_at_once_both_succeed(store: Store):
    repo = SettingsRepository(store)
    await asyncio.gather(*(repo.set("last_run", str(n)) for n in range(5)))
    assert await repo.get("last_run") in {str(n) for n in range(5)}
    assert list(await repo.all()) == ["last_run"]


class TestOperations:
    async def test_create_get_update(self, store: Store):
        repo = OperationRepository(store)
        created = await repo.create(
            OperationRecord(
                operation_id="op_1",
                operation_type="update",
                status="queued",
                container_name="nginx",
                stack_name="web",
                old_version="1.24.0",
                new_version="1.25.3",
                batch_details=[{"container_name": "nginx"}],
                started_at=NOW,
            )
        )
        assert created.created_at is not None
        updated = await repo.update(
            "op_1",
            {
                "status": "complete",
                "stage": "complete",
                "completed_at": NOW + timedelta(minutes=1),
            },
        )
        assert updated.status == "complete"
        fetched = await repo.get("op_1")
        assert fetched.batch_details == [{"container_name": "nginx"}]
        assert fetched.completed_at == NOW + timedelta(minutes=1)

    async def test_a_label_change_keeps_labels_the_docs_allow(self, store: Store):
        # A label operation stores the labels' JSON as its versions; a
        # 500-character tag regex and a script path must fit.
        labels = json.dumps(
            {"docksmith.tag-regex": "a" * 500, "docksmith.script": "s" * 1024}
        )
        repo = OperationRepository(store)
        await repo.create(
            OperationRecord(
                operation_id="op_labels",
                operation_type="label_change",
                status="queued",
                container_name="nginx",
                old_version=labels,
                new_version=labels,
                started_at=NOW,
            )
        )
        assert (await repo.get("op_labels")).new_version == labels

    async def test_ids_and_filters_longer_than_their_columns_are_bad_input(
        self, store: Store
    ):
        repo = OperationRepository(store)
        with pytest.raises(InvalidInputError, match="operation_id is too long"):
            await repo.get("o" * 65)
        with pytest.raises(InvalidInputError, match="container is too long"):
            await list_operations(repo, container="c" * 256)
        with pytest.raises(InvalidInputError, match="status"):
            await list_operations(repo, status="s" * 33)

    async def test_unknown_operation_is_not_found(self, store: Store):
        with pytest.raises(NotFoundError, match="operation not found: op_missing"):
            await OperationRepository(store).get("op_missing")

    async def test_search_filters_and_orders_newest_first(self, store: Store):
        repo = OperationRepository(store)
        for i, (name, kind, status) in enumerate(
            [
                ("nginx", "update", "complete"),
                ("redis", "update", "failed"),
                ("nginx", "restart", "complete"),
                ("nginx", "update", "failed"),
            ]
        ):
            await repo.create(
                OperationRecord(
                    operation_id=f"op_{i}",
                    operation_type=kind,
                    status=status,
                    container_name=name,
                    started_at=NOW + timedelta(minutes=i),
                    batch_group_id="g1" if i < 2 else None,
                )
            )
        assert [o.operation_id for o in await repo.search()] == [
            "op_3",
            "op_2",
            "op_1",
            "op_0",
        ]
        assert [
            o.operation_id
            for o in await repo.search(container="nginx", operation_type="update")
        ] == ["op_3", "op_0"]
        assert [
            o.operation_id for o in await repo.search(status="failed", limit=1)
        ] == ["op_3"]
        assert [o.operation_id for o in await repo.search(batch_group_id="g1")] == [
            "op_1",
            "op_0",
        ]
        assert [
            o.operation_id
            for o in await repo.search(
                after=OperationCursor(NOW + timedelta(minutes=2), "op_2")
            )
        ] == ["op_1", "op_0"]

    async def test_list_filters_by_start_time(self, store: Store):
        # given operations started 0, 1, 2 and 3 hours after NOW
        repo = OperationRepository(store)
        for i in range(4):
            await repo.create(
                OperationRecord(
                    operation_id=f"op_{i}",
                    operation_type="update",
                    status="complete",
                    container_name="nginx",
                    started_at=NOW + timedelta(hours=i),
                )
            )

        async def ids(**kwargs: object) -> list[str]:
            page = await list_operations(repo, **kwargs)  # type: ignore[arg-type]
            return [o.operation_id for o in page.operations]

        # since is inclusive, before exclusive; a time without a zone is UTC
        assert await ids(started_since=NOW + timedelta(hours=1)) == [
            "op_3",
            "op_2",
            "op_1",
        ]
        assert await ids(started_before=NOW + timedelta(hours=1)) == ["op_0"]
        naive = (NOW + timedelta(hours=1)).replace(tzinfo=None)
        assert await ids(
            started_since=naive, started_before=naive + timedelta(hours=2)
        ) == [
            "op_2",
            "op_1",
        ]
        # an empty window is a mistake to report, not a query to run
        with pytest.raises(InvalidInputError, match="must be before"):
            await list_operations(repo, started_since=NOW, started_before=NOW)

    async def test_pages_never_skip_operations_sharing_a_timestamp(self, store: Store):
        # given 25 operations started in one instant between two others
        repo = OperationRepository(store)
        starts = {"op_late": NOW + timedelta(seconds=1), "op_early": NOW - timedelta(1)}
        starts |= {f"op_same_{i:02d}": NOW for i in range(25)}
        for operation_id, started in starts.items():
            await repo.create(
                OperationRecord(
                    operation_id=operation_id,
                    operation_type="update",
                    status="complete",
                    container_name="nginx",
                    started_at=started,
                )
            )

        # when paging through 7 at a time with each page's cursor
        seen: list[str] = []
        cursor = None
        for _ in range(10):
            page = await list_operations(repo, limit=7, cursor=cursor)
            seen += [o.operation_id for o in page.operations]
            cursor = page.next_cursor
            if not page.has_more:
                break

        # then every operation comes exactly once, newest first
        assert cursor is None
        assert seen == [
            "op_late",
            *(f"op_same_{i:02d}" for i in reversed(range(25))),
            "op_early",
        ]

    async def test_latest_for_is_each_containers_newest_as_search_lists_them(
        self, store: Store
    ):
        repo = OperationRepository(store)

        async def op(op_id: str, name: str, minutes: int, host: str = "local"):
            await repo.create(
                OperationRecord(
                    operation_id=op_id,
                    operation_type="restart",
                    status="complete",
                    container_name=name,
                    host=host,
                    started_at=NOW + timedelta(minutes=minutes),
                )
            )

        await op("op_a_new", "a", 5)
        await op("op_a_old", "a", 1)  # written later, started earlier
        await op("op_b_1", "b", 3)
        await op("op_b_2", "b", 3)  # the same start: the later row wins
        await op("op_c_nas", "c", 9, host="nas")
        # Enough names to pass any limit on bound parameters per query.
        names = ["a", "b", "c", "a", *(f"none-{i}" for i in range(40_000))]
        found = await repo.latest_for(names)
        assert {n: r.operation_id for n, r in found.items()} == {
            "a": "op_a_new",
            "b": "op_b_2",
        }
        for name, record in found.items():
            assert record == (await repo.search(container=name, host="local"))[0]
        nas = await repo.latest_for(["a", "c"], host="nas")
        assert {n: r.operation_id for n, r in nas.items()} == {"c": "op_c_nas"}
        assert await repo.latest_for([]) == {}

    @pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's query plan")
    async def test_latest_for_seeks_one_index_entry_per_container(self, store: Store):
        """Bounded by the containers asked about, not by their history."""
        with store.active():
            from services.store.models import Operation

            plan = await Operation._meta.db.execute_query_dict(
                "EXPLAIN QUERY PLAN SELECT o.id FROM operations o "
                "WHERE o.host = 'local' AND o.container_name = 'a' "
                "ORDER BY o.started_at DESC, o.id DESC LIMIT 1"
            )
        details = " ".join(row["detail"] for row in plan)
        assert "USING COVERING INDEX" in details, details
        assert "TEMP B-TREE" not in details, details  # no sort of the history

    async def test_log_lines_keep_their_order(self, store: Store):
        repo = OperationRepository(store)
        for line in ("validating", "pulling 1/3", "pulling 3/3"):
            await repo.append_log("op_x", line)
        await repo.append_log("op_x", "health check failed", level="error")
        log = await repo.log("op_x")
        assert [e.message for e in log] == [
            "validating",
            "pulling 1/3",
            "pulling 3/3",
            "health check failed",
        ]
        assert log[-1].level == "error"


async def test_history_filters_and_retention(store: Store):
    repo = HistoryRepository(store)
    await repo.add_checks(
        [
            CheckHistoryRecord(
                container_name="nginx",
                image="nginx:1.24.0",
                status="UPDATE_AVAILABLE",
                check_time=NOW - timedelta(days=40),
                current_version="1.24.0",
            ),
            CheckHistoryRecord(
                container_name="nginx",
                image="nginx:1.24.0",
                status="UPDATE_AVAILABLE",
                check_time=NOW,
                latest_version="1.25.3",
            ),
            CheckHistoryRecord(
                container_name="redis",
                image="redis:7",
                status="UP_TO_DATE",
                check_time=NOW,
            ),
        ]
    )
    await repo.add_update(
        UpdateLogRecord(
            container_name="nginx",
            action="update",
            timestamp=NOW,
            success=True,
            from_version="1.24.0",
            to_version="1.25.3",
        )
    )
    assert len(await repo.checks(container="nginx")) == 2
    recent = await repo.checks(since=NOW - timedelta(days=1))
    assert [c.container_name for c in recent] == ["redis", "nginx"]
    assert (await repo.updates(container="nginx"))[0].to_version == "1.25.3"
    assert await repo.purge_older_than(NOW - timedelta(days=30)) == 1
    assert len(await repo.checks()) == 2


def many_checks(count: int, *, broken_at: int | None = None):
    for n in range(count):
        yield CheckHistoryRecord(
            container_name=None if n == broken_at else f"app-{n:04d}",  # type: ignore[arg-type]
            image=f"registry.example/app{n % 500}:1.0.0",
            status="UPDATE_AVAILABLE",
            check_time=NOW,
            current_version="1.0.0",
            latest_version="1.0.19",
            change_type="patch",
        )


async def test_a_large_checks_history_is_written_whole_a_slice_at_a_time(
    store: Store,
):
    repo = HistoryRepository(store)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        await repo.add_checks(many_checks(2_000))
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    if BACKEND == "sqlite":
        # All 2,000 at once held ~1.1 MB: their models and rows.
        assert peak < 500_000, peak
    written = await repo.checks(limit=5_000)
    assert sorted(c.container_name for c in written) == [
        f"app-{n:04d}" for n in range(2_000)
    ]


async def test_a_checks_history_that_fails_part_way_writes_nothing(store: Store):
    repo = HistoryRepository(store)
    # The 701st record is refused after two slices were inserted.
    with pytest.raises(ValueError, match="container_name"):
        await repo.add_checks(many_checks(1_000, broken_at=700))
    assert await repo.checks(limit=5_000) == []
    await repo.add_checks(many_checks(3))  # and the store still writes
    assert len(await repo.checks()) == 3


async def test_cache_entries_expire(store: Store):
    repo = CacheRepository(store)
    now = datetime.now(UTC)
    await repo.save(
        "tags:docker.io/library/nginx", ["1.25.3", "latest"], now + timedelta(hours=1)
    )
    await repo.save("tags:ghcr.io/old", ["1"], now - timedelta(seconds=1))
    hit = await repo.load("tags:docker.io/library/nginx")
    assert hit is not None
    assert hit.value == ["1.25.3", "latest"]
    assert await repo.load("tags:ghcr.io/old") is None
    assert await repo.load("missing") is None
    assert await repo.clear("tags:") == 1


async def test_cache_entries_load_and_save_in_bulk(store: Store):
    repo = CacheRepository(store)
    now = datetime.now(UTC)
    later = now + timedelta(hours=1)
    await repo.save("tags:a", ["1"], later)
    await repo.save("tags:gone", ["1"], now - timedelta(seconds=1))
    await repo.save_many(
        {
            "tags:a": CachedValue(["1", "2"], later),  # replaced
            "tags:b": CachedValue({"digest": "sha256:b"}, later),
        }
    )
    await repo.save_many({})
    loaded = await repo.load_all()
    assert set(loaded) == {"tags:a", "tags:b"}
    assert loaded["tags:a"].value == ["1", "2"]
    assert loaded["tags:b"].value == {"digest": "sha256:b"}
    assert loaded["tags:b"].expires_at == later


async def test_cache_entries_keep_plain_strings_as_they_were(store: Store):
    # Tag lists are cached as lines and platform digests as strings: neither is
    # JSON text, and "1.0" (one tag) would read back as a number if taken as one.
    repo = CacheRepository(store)
    later = datetime.now(UTC) + timedelta(hours=1)
    strings = {
        "tag-lines:a": "1.1.0\n1.0.0",
        "tag-lines:one": "1.0",
        "tag-lines:quoted": '"latest"',
        "platform-digest:b": "sha256:" + "b" * 64,
    }
    await repo.save_many({k: CachedValue(v, later) for k, v in strings.items()})
    await repo.save("tag-lines:single", "2", later)
    loaded = await repo.load_all()
    assert {k: loaded[k].value for k in strings} == strings
    single = await repo.load("tag-lines:single")
    assert single is not None
    assert single.value == "2"


async def test_version_cache_respects_age(store: Store):
    repo = CacheRepository(store)
    await repo.remember_version(
        digest="sha256:abc", image_ref="nginx", architecture="amd64", version="1.25.3"
    )
    assert (
        await repo.recall_version(
            digest="sha256:abc",
            image_ref="nginx",
            architecture="amd64",
            max_age_seconds=60,
        )
        == "1.25.3"
    )
    await asyncio.sleep(0.01)
    assert (
        await repo.recall_version(
            digest="sha256:abc",
            image_ref="nginx",
            architecture="amd64",
            max_age_seconds=0,
        )
        is None
    )
    assert (
        await repo.recall_version(
            digest="sha256:abc",
            image_ref="nginx",
            architecture="arm64",
            max_age_seconds=60,
        )
        is None
    )


async def test_script_assignments(store: Store):
    repo = ScriptAssignmentRepository(store)
    await repo.assign("nginx", "checks/ok.sh")
    await repo.assign("nginx", "checks/strict.sh", assigned_by="api")
    assigned = await repo.get("nginx")
    assert assigned is not None
    assert assigned.script_path == "checks/strict.sh"
    assert [a.container_name for a in await repo.all()] == ["nginx"]
    await repo.unassign("nginx")
    assert await repo.get("nginx") is None
    with pytest.raises(NotFoundError):
        await repo.unassign("nginx")


async def test_rollback_policies_have_a_global_default(store: Store):
    repo = PolicyRepository(store)
    policies = await repo.all()
    assert [
        (p.entity_type, p.entity_id, p.auto_rollback_enabled) for p in policies
    ] == [("global", "", False)]
    await repo.set("stack", "web", {"auto_rollback_enabled": True})
    await repo.set(
        "container",
        "nginx",
        {"auto_rollback_enabled": False, "health_timeout_seconds": 30},
    )
    assert (await repo.get("stack", "web")).auto_rollback_enabled is True
    assert (await repo.find("container", "nginx")).health_timeout_seconds == 30
    assert await repo.find("container", "redis") is None


async def test_compose_backups_keep_bytes_and_mode(store: Store):
    repo = BackupRepository(store)
    content = b"services:\n  web:\n    image: nginx:1.24.0  # pinned\n"
    saved = await repo.save("op_1", "/stacks/web/compose.yaml", content, 0o640)
    assert len(saved.sha256) == 64
    [backup] = await repo.for_operation("op_1")
    assert backup.content == content
    assert backup.mode == 0o640


async def test_queue_orders_by_priority_then_age(store: Store):
    repo = QueueRepository(store)
    for i, priority in enumerate([0, 5, 0]):
        await repo.push(
            QueuedOperationRecord(
                operation_id=f"op_{i}",
                stack_name="web",
                operation_type="update",
                containers=["nginx"],
                queued_at=NOW + timedelta(seconds=i),
                priority=priority,
                target_versions={"nginx": "1.25.3"},
            )
        )
    assert [q.operation_id for q in await repo.pending("web")] == [
        "op_1",
        "op_0",
        "op_2",
    ]
    assert await repo.remove("op_1") is True
    assert await repo.remove("op_1") is False
    assert await repo.pending("other") == []


async def test_a_cancelled_write_leaves_the_store_usable(store):
    # Tortoise's SQLite client takes its connection lock before BEGIN; a
    # cancellation landing between the two left the lock held and every later
    # query waited forever (a notifier closed mid-write wedged the restart).
    repo = SettingsRepository(store)
    for ticks in range(40):
        write = asyncio.create_task(repo.set("k", str(ticks)))
        for _ in range(ticks):
            await asyncio.sleep(0)
        write.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await write
        async with asyncio.timeout(10):
            await repo.set("k", "after")
            assert await repo.get("k") == "after"
