"""GHCR, replayed from recorded exchanges in tests/recorded/."""

from __future__ import annotations

import dataclasses

import pytest

from services.registry.client import RegistryClient
from services.registry.errors import RegistryUnauthorizedError
from tests.services.registry.replay import Recording

PLEX_INDEX = "sha256:88c2d74e49af87f8b87da7bf8893ec8b3350dfea88949eb75155cc8d47516465"
PLEX_OLD = "sha256:e03b963010a78b47af00278e696cad218beaaf91fc36eb2bdc35fa1fa95201d1"


def _client(recording, options, **changes) -> RegistryClient:
    options = dataclasses.replace(options, page_size=100, **changes)
    return RegistryClient(options, transport=recording.transport)


async def test_ghcr_anonymous_token_three_pages_and_tag_digests(fast_options):
    recording = Recording.load("ghcr_public_plex.json")
    async with _client(recording, fast_options) as client:
        tags = await client.list_tags("ghcr.io/linuxserver/plex")
        digests = await client.get_tag_digests(
            "ghcr.io/linuxserver/plex",
            [
                "latest",
                "1.43.0.10492-121068a07-ls293",
                "1.42.2.10156-f737b826c-ls292",
                "9.9.9-does-not-exist",
            ],
        )

        assert tags == [
            "1.40.0.7998-f5c1d59-ls280",
            "1.41.2.9200-c6bbc1b53-ls295",
            "1.41.8.9834-071366d65-ls272",
            "1.42.2.10156-f737b826c-ls292",
            "1.43.0.10492-121068a07-ls293",
            "amd64-latest",
            "arm64v8-latest",
            "latest",
        ]
        assert digests == {
            "latest": PLEX_INDEX,
            "1.43.0.10492-121068a07-ls293": PLEX_INDEX,
            "1.42.2.10156-f737b826c-ls292": PLEX_OLD,
        }
        assert recording.unused == []
        # One token for the whole repository: GHCR omits expires_in, so the
        # default lifetime applies and every later call reuses it.
        assert client.request_count == {"ghcr.io": 9}


async def test_ghcr_private_package_with_github_token(fast_options):
    recording = Recording.load("ghcr_private_github_token.json")
    token = "ghp_recordedExampleTokenNotReal0000"
    async with _client(recording, fast_options, github_token=token) as client:
        tags = await client.list_tags("ghcr.io/acme/private-app")
        summary = client.describe_docker_config()

    assert tags == ["v1.0.0", "v1.1.0", "latest"]
    assert recording.unused == []
    assert summary.github_token is True
    assert token not in repr(summary)
    assert token not in repr(client.options)


async def test_ghcr_private_package_without_token_is_unauthorised(fast_options):
    recording = Recording.load("ghcr_private_anonymous.json")
    async with _client(recording, fast_options) as client:
        with pytest.raises(RegistryUnauthorizedError) as caught:
            await client.list_tags("ghcr.io/acme/private-app")

    assert caught.value.registry == "ghcr.io"
    assert "anonymous access was rejected" in str(caught.value)
    assert recording.unused == []
