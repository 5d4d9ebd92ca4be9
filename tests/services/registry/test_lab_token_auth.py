"""Bearer token auth against a real registry running `auth: token`.

The registry trusts the certificate of `tests.lab.token_issuer`, which signs
RS256 JWTs for configured users; so the registry validates real tokens.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.registry.client import RegistryClient
from services.registry.errors import RegistryUnauthorizedError
from tests.lab.registry import LabRegistry
from tests.lab.registry_api import RegistryApi
from tests.lab.token_issuer import TokenIssuer
from tests.services.registry.labutil import basic_auths, docker_config, push_tags

# It starts its own lab registry (no lab fixture marks it): `-m "not lab"`
# must leave it out.
pytestmark = pytest.mark.lab

REPO = "token/app"
USER, PASSWORD = "alice", "alice-secret-pw"
REFRESH = "alice-refresh-token-secret"


@dataclass(frozen=True)
class TokenLab:
    issuer: TokenIssuer
    registry: LabRegistry
    digests: dict[str, str]

    @property
    def image(self) -> str:
        return f"{self.registry.host}/{REPO}"


@pytest.fixture(scope="module")
def token_lab() -> Iterator[TokenLab]:
    issuer = TokenIssuer(users={USER: PASSWORD}, refresh_tokens={REFRESH: USER})
    issuer.start()
    registry = LabRegistry()
    try:
        registry.start(auth="token", **issuer.registry_options())
        push_token = issuer.mint(
            "seeder",
            [{"type": "repository", "name": REPO, "actions": ["pull", "push"]}],
        )
        api = RegistryApi(
            registry.url, headers={"Authorization": f"Bearer {push_token}"}
        )
        try:
            digests = push_tags(
                api,
                REPO,
                ["1.0.0", "1.1.0"],
                {"org.opencontainers.image.version": "1.1.0"},
            )
        finally:
            api.close()
        yield TokenLab(issuer, registry, digests)
    finally:
        registry.close()
        issuer.close()


@pytest.fixture
def issued(token_lab: TokenLab) -> list:
    token_lab.issuer.issued.clear()
    return token_lab.issuer.issued


async def test_credentials_from_config_get_one_token_per_scope(
    token_lab: TokenLab, issued, fast_options, tmp_path, caplog
):
    caplog.set_level(logging.DEBUG)
    config = docker_config(
        tmp_path, basic_auths(token_lab.registry.host, USER, PASSWORD)
    )
    options = dataclasses.replace(fast_options, docker_config=config)

    async with RegistryClient(options) as client:
        tags = await client.list_tags(token_lab.image)
        digest = await client.get_digest(f"{token_lab.image}:1.1.0")
        labels = await client.get_image_labels(f"{token_lab.image}:1.1.0")
        counts = client.request_count

    assert sorted(tags) == ["1.0.0", "1.1.0"]
    assert digest == token_lab.digests["1.1.0"]
    assert labels == {"org.opencontainers.image.version": "1.1.0"}
    # One 401, one token, then the cached token for everything else.
    assert len(issued) == 1
    assert issued[0].subject == USER
    assert issued[0].grant == "basic"
    assert issued[0].access == (("repository", REPO, ("pull",)),)
    assert counts[f"127.0.0.1:{token_lab.issuer.port}"] == 1
    assert PASSWORD not in caplog.text


async def test_anonymous_is_refused_when_the_issuer_requires_login(
    token_lab: TokenLab, issued, fast_options
):
    async with RegistryClient(fast_options) as client:
        with pytest.raises(RegistryUnauthorizedError) as denied:
            await client.list_tags(token_lab.image)

    assert denied.value.registry == token_lab.registry.host
    assert "anonymous access was rejected" in str(denied.value)
    assert issued == []


async def test_wrong_password_is_unauthorised_and_not_echoed(
    token_lab: TokenLab, fast_options, tmp_path
):
    config = docker_config(
        tmp_path, basic_auths(token_lab.registry.host, USER, "not-the-password")
    )
    options = dataclasses.replace(fast_options, docker_config=config)

    async with RegistryClient(options) as client:
        with pytest.raises(RegistryUnauthorizedError) as denied:
            await client.list_tags(token_lab.image)

    assert "credentials were rejected" in str(denied.value)
    assert "not-the-password" not in str(denied.value)


async def test_identity_token_uses_the_oauth_refresh_grant(
    token_lab: TokenLab, issued, fast_options, tmp_path
):
    config = docker_config(
        tmp_path, {"auths": {token_lab.registry.host: {"identitytoken": REFRESH}}}
    )
    options = dataclasses.replace(fast_options, docker_config=config)

    async with RegistryClient(options) as client:
        digest = await client.get_digest(f"{token_lab.image}:1.0.0")

    assert digest == token_lab.digests["1.0.0"]
    assert [(t.subject, t.grant) for t in issued] == [(USER, "refresh_token")]


async def test_credential_helper_on_path(
    token_lab: TokenLab, issued, fast_options, tmp_path, monkeypatch
):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    asked = tmp_path / "asked"
    helper = bin_dir / "docker-credential-test"
    helper.write_text(
        "#!/bin/sh\n"
        '[ "$1" = get ] || exit 1\n'
        f'read server; echo "$server" > {asked}\n'
        f'echo \'{{"ServerURL":"\'"$server"\'","Username":"{USER}","Secret":"{PASSWORD}"}}\'\n'
    )
    helper.chmod(helper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    config = docker_config(tmp_path, {"credHelpers": {token_lab.registry.host: "test"}})
    options = dataclasses.replace(fast_options, docker_config=config)

    async with RegistryClient(options) as client:
        tags = await client.list_tags(token_lab.image)
        summary = client.describe_docker_config()

    assert sorted(tags) == ["1.0.0", "1.1.0"]
    assert Path(asked).read_text().strip() == token_lab.registry.host
    assert [(t.subject, t.grant) for t in issued] == [(USER, "basic")]
    assert summary.cred_helpers == {token_lab.registry.host: "test"}
    assert PASSWORD not in repr(summary)


async def test_expired_token_is_replaced(
    token_lab: TokenLab, issued, fast_options, tmp_path
):
    config = docker_config(
        tmp_path, basic_auths(token_lab.registry.host, USER, PASSWORD)
    )
    now = [0.0]
    options = dataclasses.replace(fast_options, docker_config=config)

    async with RegistryClient(options, clock=lambda: now[0]) as client:
        await client.get_digest(f"{token_lab.image}:1.0.0")
        now[0] += token_lab.issuer.lifetime  # past the cached token's expiry
        await client.get_digest(f"{token_lab.image}:1.1.0")

    assert len(issued) == 2
