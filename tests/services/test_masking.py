"""Secrets in URL-shaped values are masked whatever the variable's name
(issue 12, item 9)."""

from __future__ import annotations

import pytest

from services.masking import MASK, mask_env, mask_url_credentials


@pytest.mark.parametrize(
    ("entry", "shown"),
    [
        ("DATABASE_URL=postgres://u:pw@db/x", f"DATABASE_URL=postgres://{MASK}@db/x"),
        (
            "UPSTREAM=https://ghp_abc@github.com/o/r",
            f"UPSTREAM=https://{MASK}@github.com/o/r",
        ),
        (
            "BROKER=amqp://guest:guest@rabbit:5672/",
            f"BROKER=amqp://{MASK}@rabbit:5672/",
        ),
        (
            "HOOK=https://h.example/x?user=a&access_token=s3cret&y=1",
            f"HOOK=https://h.example/x?user=a&access_token={MASK}&y=1",
        ),
        (
            "MIRRORS=http://a:b@one/ http://c:d@two/",
            f"MIRRORS=http://{MASK}@one/ http://{MASK}@two/",
        ),
        ("DB_PASSWORD=hunter2", f"DB_PASSWORD={MASK}"),
        ("SITE=https://example.org/path", "SITE=https://example.org/path"),
        ("TZ=Europe/Paris", "TZ=Europe/Paris"),
        ("EMAIL=me@example.org", "EMAIL=me@example.org"),
    ],
)
def test_inspect_env_hides_credentials(entry, shown):
    assert mask_env(entry) == shown


def test_a_command_argument_url_is_masked():
    assert mask_url_credentials("--db=mysql://root:pw@db:3306/a") == (
        f"--db=mysql://{MASK}@db:3306/a"
    )
