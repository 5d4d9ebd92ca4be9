"""Docker Hub, replayed from recorded exchanges in tests/recorded/."""

from __future__ import annotations

import base64
import dataclasses
import json
import logging

import pytest

from services.registry.client import RegistryClient
from services.registry.errors import RegistryRateLimitExceededError
from services.registry.manifests import Platform
from tests.services.registry.replay import Recording

NGINX_INDEX = "sha256:81a5b580161cbb7faef40e99c824e7bb12d4e81eb2d7ea5bfbf48b8d06e134da"
NGINX_AMD64 = "sha256:42de49d302127345f707bb48515f5318bc4f4f88e9dbec069926913f47d909f5"


def _client(recording, options, **changes) -> RegistryClient:
    options = dataclasses.replace(options, page_size=100, **changes)
    return RegistryClient(options, transport=recording.transport)


async def test_hub_tags_token_pagination_digest_platform_and_labels(fast_options):
    recording = Recording.load("dockerhub_nginx.json")
    async with _client(recording, fast_options) as client:
        tags = await client.list_tags("nginx")
        digest = await client.get_digest("nginx:1.25.3")
        amd64 = await client.get_digest("nginx:1.25.3", Platform("linux", "amd64"))
        labels = await client.get_image_labels("nginx:1.25.3")
        # All of it again: answered from the cache without a request.
        assert await client.list_tags("docker.io/library/nginx") == tags
        assert await client.get_digest("nginx:1.25.3") == digest

        assert tags == [
            "1.24.0",
            "1.24.0-alpine",
            "1.25.1",
            "1.25.2",
            "1.25.3",
            "1.25.3-alpine",
            "alpine",
            "latest",
        ]
        assert digest == NGINX_INDEX
        assert amd64 == NGINX_AMD64
        assert labels == {
            "maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>"
        }
        assert recording.unused == []
        assert client.request_count == {
            "registry-1.docker.io": 7,
            "auth.docker.io": 1,
            "production.cloudflare.docker.com": 1,
        }
        # The budget comes from the last Hub response carrying the headers.
        status = client.ratelimit_status()["docker.io"]
        assert (status["limit"], status["remaining"], status["window_seconds"]) == (
            100,
            74,
            21600,
        )
    # The redirect to the blob CDN must not carry the Hub token.
    cdn = [
        r for r in recording.seen if r.url.host == "production.cloudflare.docker.com"
    ]
    assert cdn
    assert "authorization" not in cdn[0].headers


async def test_hub_rate_limit_is_a_typed_error_and_not_waited_for(fast_options, sleeps):
    recording = Recording.load("dockerhub_ratelimited.json")
    client = RegistryClient(
        dataclasses.replace(fast_options, page_size=100),
        transport=recording.transport,
        sleep=sleeps,
    )
    async with client:
        with pytest.raises(RegistryRateLimitExceededError) as caught:
            await client.get_digest("linuxserver/sonarr:4.0.2")

        assert caught.value.registry == "docker.io"
        assert caught.value.retry_after == 21600
        assert caught.value.status == 429
        assert "rate limit" in str(caught.value)
        assert sleeps.waits == []
        assert client.ratelimit_status()["docker.io"]["remaining"] == 0
        assert recording.unused == []


async def test_hub_credentials_from_docker_config_and_linuxserver_labels(
    fast_options, tmp_path, caplog
):
    caplog.set_level(logging.DEBUG)
    config = tmp_path / "docker" / "config.json"
    config.parent.mkdir(parents=True)
    auth = base64.b64encode(b"hubuser:hub-password-secret").decode()
    config.write_text(
        json.dumps({"auths": {"https://index.docker.io/v1/": {"auth": auth}}})
    )
    recording = Recording.load("dockerhub_labels_credentialed.json")

    async with _client(recording, fast_options, docker_config=config) as client:
        labels = await client.get_image_labels("linuxserver/sonarr:4.0.2.1183-ls260")
        summary = client.describe_docker_config()

    assert labels["org.opencontainers.image.version"] == "4.0.2.1183-ls260"
    assert labels["org.opencontainers.image.source"] == (
        "https://github.com/linuxserver/docker-sonarr"
    )
    assert labels["build_version"].startswith(
        "Linuxserver.io version:- 4.0.2.1183-ls260"
    )
    assert recording.unused == []
    assert summary.registries == ["docker.io"]
    for secret in ("hub-password-secret", auth, "hub-authenticated-token-sonarr"):
        assert secret not in repr(summary)
        assert secret not in caplog.text
