"""The explorer's records: pure logic (stats arithmetic, parsing, self
identity), then the inspect records the update checker uses, on the lab engine."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.actions.inputs import mask_env, parse_since, parse_tail
from services.docker import DockerSdkEngine
from services.docker.containers import parse_log_line
from services.docker.resources import (
    ContainerHealth,
    ContainerLogs,
    LogLine,
    RestartPolicy,
    compute_stats,
    list_health,
    normalise_reference,
    parse_time,
)
from services.docker.self_identity import candidate_ids, confirm
from services.errors import InvalidInputError, NotFoundError

FULL = "4c8ef2de33a0fea6a814b176e0583ed98330cea48c7b623af2c3380cc0db4bff"


def _raw(**overrides):
    raw = {
        "cpu_stats": {
            "cpu_usage": {"total_usage": 400_000_000, "percpu_usage": [1, 2]},
            "system_cpu_usage": 20_000_000_000,
            "online_cpus": 2,
        },
        "precpu_stats": {
            "cpu_usage": {"total_usage": 200_000_000},
            "system_cpu_usage": 18_000_000_000,
        },
        "memory_stats": {
            "usage": 60_000_000,
            "limit": 100_000_000,
            "stats": {"total_inactive_file": 10_000_000},
        },
        "networks": {
            "eth0": {"rx_bytes": 100, "tx_bytes": 50},
            "eth1": {"rx_bytes": 1, "tx_bytes": 2},
        },
        "blkio_stats": {
            "io_service_bytes_recursive": [
                {"op": "Read", "value": 4096},
                {"op": "write", "value": 8192},
                {"op": "Total", "value": 12288},
            ]
        },
        "pids_stats": {"current": 3},
    }
    raw.update(overrides)
    return raw


def test_stats_figures_match_docker_stats_arithmetic():
    stats = compute_stats("app", _raw(), None)
    # 0.2 s of CPU over 2 s of system time on 2 CPUs = 20 %
    assert stats.cpu_percent == 20.0
    assert stats.memory_usage == 50_000_000  # page cache left out
    assert stats.memory_limit == 100_000_000
    assert stats.memory_percent == 50.0
    assert (stats.network_rx, stats.network_tx) == (101, 52)
    assert (stats.block_read, stats.block_write) == (4096, 8192)
    assert stats.pids == 3
    assert stats.online_cpus == 2


def test_stats_of_a_first_sample_or_cgroup_v2_stay_in_bounds():
    raw = _raw(
        precpu_stats={},
        memory_stats={"usage": 10, "limit": 0, "stats": {"inactive_file": 20}},
        networks=None,
        blkio_stats={"io_service_bytes_recursive": None},
    )
    stats = compute_stats("app", raw, None)
    assert 0.0 <= stats.cpu_percent <= 200.0
    assert stats.memory_usage == 0
    assert stats.memory_percent == 0.0
    assert (stats.network_rx, stats.block_read) == (0, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2026-11-29T19:15:54.067765109Z",
            datetime(2026, 11, 29, 19, 15, 54, 67765, UTC),
        ),
        ("2026-11-29T19:15:54Z", datetime(2026, 11, 29, 19, 15, 54, tzinfo=UTC)),
        ("0001-01-01T00:00:00Z", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_engine_timestamps(text, expected):
    assert parse_time(text) == expected


def test_log_lines_split_timestamp_from_text():
    line = parse_log_line("2026-11-29T19:15:54.067765109Z hello world ")
    assert line.text == "hello world "
    assert line.timestamp == datetime(2026, 11, 29, 19, 15, 54, 67765, UTC)
    assert parse_log_line("no stamp here") == LogLine(None, "no stamp here")


def test_log_text_with_and_without_timestamps():
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    lines = [LogLine(moment, "a"), LogLine(moment, "b")]
    assert ContainerLogs("c", lines, 2, timestamps=False).text == "a\nb\n"
    stamped = ContainerLogs("c", lines, 2, timestamps=True).text
    assert stamped == "2026-01-02T03:04:05Z a\n2026-01-02T03:04:05Z b\n"


def test_since_accepts_rfc3339_unix_seconds_and_durations():
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_since("2026-01-01T11:00:00Z") == now.timestamp() - 3600
    assert parse_since("1767268800.5") == 1767268800.5
    assert parse_since("10m", now=now) == now.timestamp() - 600
    with pytest.raises(InvalidInputError, match="since must be"):
        parse_since("last tuesday")


def test_tail_is_a_count_or_all():
    assert parse_tail("all") is None
    assert parse_tail("25") == 25
    with pytest.raises(InvalidInputError):
        parse_tail("lots")


def test_inspect_view_masks_secret_looking_env_values():
    assert mask_env("DB_PASSWORD=hunter2") == "DB_PASSWORD=********"
    assert mask_env("API_TOKEN=abc") == "API_TOKEN=********"
    assert mask_env("TZ=Europe/Paris") == "TZ=Europe/Paris"
    assert mask_env("EMPTY_SECRET=") == "EMPTY_SECRET="


@pytest.mark.parametrize(
    ("ref", "normal"),
    [
        ("nginx", "nginx:latest"),
        ("docker.io/library/nginx:1.25", "nginx:1.25"),
        ("docker.io/linuxserver/plex", "linuxserver/plex:latest"),
        ("127.0.0.1:5000/app", "127.0.0.1:5000/app:latest"),
        ("127.0.0.1:5000/app:2", "127.0.0.1:5000/app:2"),
        ("ghcr.io/o/a@sha256:abc", "ghcr.io/o/a@sha256:abc"),
    ],
)
def test_references_normalise_for_comparison(ref, normal):
    assert normalise_reference(ref) == normal


def test_container_ids_come_from_cgroup_and_runtime_mounts_only():
    cgroup = (
        "12:memory:/docker/" + FULL + "\n"
        "4:memory:/process_api/9db0fb783a4f8db408ba9c6de758b13b\n"
    )
    other = "a" * 64
    mountinfo = (
        f"100 90 0:50 / / rw - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/{other}/diff\n"
        f"101 90 8:1 /var/lib/docker/containers/{FULL}/hostname /etc/hostname rw\n"
    )
    assert candidate_ids(cgroup, mountinfo) == [FULL]
    # cgroup v2 hosts only show it in the hostname bind mount
    assert candidate_ids("0::/\n", mountinfo) == [FULL]
    assert candidate_ids("0::/\n", "") == []


async def test_self_is_confirmed_by_the_engine_and_never_by_name():
    async def lookup(candidate: str) -> str:
        known = {FULL[:12]: FULL, FULL: FULL, "abcdefabcdef": "0" * 64}
        if candidate not in known:
            raise NotFoundError(candidate)
        return known[candidate]

    assert await confirm([FULL[:12]], lookup) == FULL
    # a container *named* like the hostname resolves to another id: not us
    assert await confirm(["abcdefabcdef"], lookup) is None
    assert await confirm(["ffffffffffff"], lookup) is None


@pytest.fixture
async def engine(lab_engine):
    adapter = DockerSdkEngine(lab_engine.docker_host)
    yield adapter
    await adapter.close()


@pytest.fixture(scope="module")
def running(lab_engine, lab_images):
    image = lab_images.build(
        "resources/app",
        "2.1.0",
        push=False,
        labels={"org.opencontainers.image.version": "2.1.0"},
        healthcheck="HEALTHCHECK --interval=30s --retries=2 CMD true",
    )
    lab_engine.docker("volume", "create", "resources-data")
    lab_engine.run_container(
        "resources-app",
        image.ref,
        env={"MODE": "test"},
        labels={"com.docker.compose.project": "res"},
        extra_args=["-v", "resources-data:/data:ro", "--restart", "on-failure:3"],
    )
    yield image
    lab_engine.remove_container("resources-app")
    lab_engine.docker("volume", "rm", "resources-data", check=False)


class TestInspectForTheChecker:
    """`get_image` / `inspect_container` against the lab engine."""

    async def test_image_details(self, engine, running):
        details = await engine.get_image(running.ref)
        assert details.id == running.image_id
        assert details.tags == (running.ref,)
        assert details.labels["org.opencontainers.image.version"] == "2.1.0"
        assert details.os == "linux"
        assert details.architecture
        assert details.size > 0
        assert details.created is not None
        with pytest.raises(NotFoundError, match="image not found"):
            await engine.get_image("nothing/here:1")

    async def test_container_details(self, engine, running):
        details = await engine.inspect_container("resources-app")
        assert details.name == "resources-app"
        assert details.image == running.ref
        assert details.image_id == running.image_id
        assert details.running is True
        assert details.state == "running"
        assert details.stack == "res"
        assert "MODE=test" in details.env
        assert details.network_mode == "none"
        assert details.networks == ("none",)
        assert details.restart_policy == RestartPolicy("on-failure", 3)
        [mount] = details.mounts
        assert (mount.type, mount.name, mount.destination, mount.rw) == (
            "volume",
            "resources-data",
            "/data",
            False,
        )
        assert details.healthcheck is not None
        assert details.healthcheck.retries == 2
        assert details.healthcheck.interval_ns == 30 * 10**9
        assert details.health in ("starting", "healthy")
        assert details.created is not None
        assert details.started_at is not None
        with pytest.raises(NotFoundError, match="container not found: ghost"):
            await engine.inspect_container("ghost")


@pytest.mark.parametrize(
    ("raw", "health"),
    [
        ({"Status": "Up 2 minutes (healthy)"}, ContainerHealth.HEALTHY),
        ({"Status": "Up 2 minutes (unhealthy)"}, ContainerHealth.UNHEALTHY),
        ({"Status": "Up 1 second (health: starting)"}, ContainerHealth.STARTING),
        ({"Status": "Up 2 minutes"}, None),
        ({"Status": "Exited (0) 3 seconds ago"}, None),
        (
            {"Status": "Up 1 s", "Health": {"Status": "healthy"}},
            ContainerHealth.HEALTHY,
        ),
        ({"Status": "Up 1 s", "Health": {"Status": "none"}}, None),
        # Docker's word for every stopped container with a healthcheck.
        (
            {
                "State": "exited",
                "Status": "Exited (0) 2 seconds ago",
                "Health": {"Status": "unhealthy"},
            },
            None,
        ),
    ],
)
def test_list_health_reads_the_engines_status(raw, health):
    assert list_health(raw) is health
