from __future__ import annotations

from pathlib import Path

import pytest

from services.compose.paths import Mount, PathMapper, probe
from services.compose.references import Reference, parse_reference, with_tag
from services.errors import InvalidInputError

MAPPER = PathMapper(
    [
        Mount("/srv", "/host/srv"),
        ("/srv/stacks", "/stacks"),
        ("/data", "/mnt/data"),
    ]
)


@pytest.mark.parametrize(
    ("host", "container"),
    [
        ("/srv/stacks/media/docker-compose.yml", "/stacks/media/docker-compose.yml"),
        ("/srv/other/c.yml", "/host/srv/other/c.yml"),
        ("/srv/stacks", "/stacks"),
        ("/database/c.yml", "/database/c.yml"),
        ("/data/c.yml", "/mnt/data/c.yml"),
        ("/opt/c.yml", "/opt/c.yml"),
    ],
)
def test_longest_prefix_both_ways(host: str, container: str) -> None:
    assert MAPPER.to_container(host) == container
    if host != container:
        assert MAPPER.to_host(container) == host


def test_probe_swaps_yml_and_yaml(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("")
    assert probe(str(tmp_path / "compose.yaml")) == str(tmp_path / "compose.yaml")
    assert probe(str(tmp_path / "compose.yml")) == str(tmp_path / "compose.yaml")
    assert probe(str(tmp_path / "other.yml")) is None


@pytest.mark.parametrize(
    ("ref", "parsed"),
    [
        ("nginx", Reference("nginx", None, None)),
        ("nginx:1.25", Reference("nginx", "1.25", None)),
        ("registry.local:5000/app", Reference("registry.local:5000/app", None, None)),
        (
            "registry.local:5000/app:1.0",
            Reference("registry.local:5000/app", "1.0", None),
        ),
        ("app:1.0@sha256:abc", Reference("app", "1.0", "sha256:abc")),
        ("app@sha256:abc", Reference("app", None, "sha256:abc")),
    ],
)
def test_parse_reference(ref: str, parsed: Reference) -> None:
    assert parse_reference(ref) == parsed
    assert str(parsed) == ref


DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("ref", "tag", "digest", "expected"),
    [
        ("nginx", "1.25", None, "nginx:1.25"),
        ("library/nginx:1.24", "1.25", None, "library/nginx:1.25"),
        ("registry.local:5000/app:1.0", "2.0", None, "registry.local:5000/app:2.0"),
        ("registry.local:5000/app", "2.0", None, "registry.local:5000/app:2.0"),
        (f"app:1.0@{DIGEST}", "1.1", None, "app:1.1"),
        ("app:1.0", "1.1", DIGEST, f"app:1.1@{DIGEST}"),
    ],
)
def test_with_tag(ref: str, tag: str, digest: str | None, expected: str) -> None:
    assert with_tag(ref, tag, digest) == expected


def test_with_tag_rejects_bad_digest() -> None:
    with pytest.raises(InvalidInputError, match="invalid image digest"):
        with_tag("app", "1", "sha256:xyz")
