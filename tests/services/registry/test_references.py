from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.errors import InvalidInputError
from services.registry.references import ImageReference, parse_reference

DIGEST = "sha256:" + "ab" * 32


@pytest.mark.parametrize(
    ("text", "registry", "repository", "tag", "digest"),
    [
        ("nginx", "docker.io", "library/nginx", None, None),
        ("nginx:1.25", "docker.io", "library/nginx", "1.25", None),
        ("user/app", "docker.io", "user/app", None, None),
        ("user/app:v1.2.3-alpine", "docker.io", "user/app", "v1.2.3-alpine", None),
        ("docker.io/nginx", "docker.io", "library/nginx", None, None),
        ("index.docker.io/library/nginx:1", "docker.io", "library/nginx", "1", None),
        ("host:5000/app", "host:5000", "app", None, None),
        ("host:5000/app:2", "host:5000", "app", "2", None),
        ("localhost/app", "localhost", "app", None, None),
        ("localhost:5000/a/b", "localhost:5000", "a/b", None, None),
        (
            "registry.example.com/a/b/c:tag",
            "registry.example.com",
            "a/b/c",
            "tag",
            None,
        ),
        ("ghcr.io/linuxserver/plex", "ghcr.io", "linuxserver/plex", None, None),
        ("127.0.0.1:5000/lab/app", "127.0.0.1:5000", "lab/app", None, None),
        ("a/b/c", "docker.io", "a/b/c", None, None),
        (f"nginx@{DIGEST}", "docker.io", "library/nginx", None, DIGEST),
        (f"nginx:1.25@{DIGEST}", "docker.io", "library/nginx", "1.25", DIGEST),
        (f"host:5000/app:1@{DIGEST}", "host:5000", "app", "1", DIGEST),
        ("[::1]:5000/app", "[::1]:5000", "app", None, None),
    ],
)
def test_parse_normalises_like_docker(text, registry, repository, tag, digest):
    ref = parse_reference(text)

    assert ref == ImageReference(registry, repository, tag, digest)


@pytest.mark.parametrize(
    ("text", "full", "familiar"),
    [
        ("nginx", "docker.io/library/nginx", "nginx"),
        ("nginx:1.25", "docker.io/library/nginx:1.25", "nginx:1.25"),
        ("user/app:1", "docker.io/user/app:1", "user/app:1"),
        ("host:5000/app:2", "host:5000/app:2", "host:5000/app:2"),
        (f"nginx@{DIGEST}", f"docker.io/library/nginx@{DIGEST}", f"nginx@{DIGEST}"),
    ],
)
def test_formats_full_and_familiar(text, full, familiar):
    ref = parse_reference(text)

    assert str(ref) == full
    assert ref.familiar() == familiar
    assert parse_reference(str(ref)) == ref
    assert parse_reference(ref.familiar()) == ref


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("Nginx", "lowercase"),
        ("user/App", "lowercase"),
        ("nginx:", "not a valid tag"),
        ("nginx:-bad", "not a valid tag"),
        ("nginx@sha256:abc", "invalid digest"),
        ("nginx@sha256:" + "A" * 64, "invalid sha256 digest"),
        ("nginx@notadigest", "invalid digest"),
        ("host:5000/", "no repository"),
        ("a//b", "invalid path component"),
        ("bad_host:x/app", "not a valid registry host"),
        ("app name", "invalid path component"),
    ],
)
def test_invalid_references_say_what_is_wrong(text, message):
    with pytest.raises(InvalidInputError, match=message):
        parse_reference(text)


def test_manifest_reference_prefers_digest_then_tag_then_latest():
    assert parse_reference("nginx").manifest_reference == "latest"
    assert parse_reference("nginx:1").manifest_reference == "1"
    assert parse_reference(f"nginx:1@{DIGEST}").manifest_reference == DIGEST


def test_with_tag_rejects_bad_tags():
    ref = parse_reference("nginx")
    assert ref.with_tag("1.2").tag == "1.2"
    with pytest.raises(InvalidInputError):
        ref.with_tag("no/slash")


_component = st.from_regex(r"[a-z0-9]{1,8}([._-][a-z0-9]{1,8})?", fullmatch=True)
_tag = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}", fullmatch=True)
_registry = st.sampled_from(
    ["docker.io", "ghcr.io", "localhost", "localhost:5000", "r.example.com:443"]
)


@given(
    registry=_registry,
    path=st.lists(_component, min_size=1, max_size=4),
    tag=st.none() | _tag,
    digest=st.none() | st.from_regex(r"sha256:[a-f0-9]{64}", fullmatch=True),
)
def test_round_trip(registry, path, tag, digest):
    repository = "/".join(path)
    if registry == "docker.io" and len(path) == 1:
        repository = f"library/{repository}"
    ref = ImageReference(registry, repository, tag, digest)

    assert parse_reference(str(ref)) == ref
    assert parse_reference(ref.familiar()) == ref
