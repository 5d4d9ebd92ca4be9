from __future__ import annotations

from datetime import UTC, datetime

from services.registry.ratelimit import RateLimitTracker, parse_quota


def test_parse_quota():
    assert parse_quota("100;w=21600") == (100, 21600)
    assert parse_quota("76") == (76, None)
    assert parse_quota("lots") is None
    assert parse_quota(None) is None


def test_tracker_keeps_latest_budget_and_not_the_source():
    at = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)
    tracker = RateLimitTracker(now=lambda: at)
    tracker.record(
        "docker.io",
        {
            "ratelimit-limit": "100;w=21600",
            "ratelimit-remaining": "76;w=21600",
            "docker-ratelimit-source": "198.51.100.23",
        },
    )
    tracker.record("docker.io", {"content-type": "application/json"})

    assert tracker.status() == {
        "docker.io": {
            "limit": 100,
            "remaining": 76,
            "window_seconds": 21600,
            "observed_at": "2026-11-29T18:00:00+00:00",
        }
    }
    assert "198.51.100.23" not in repr(tracker.status())
