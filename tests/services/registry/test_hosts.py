from __future__ import annotations

import pytest

from services.config import Settings
from services.registry.hosts import endpoint_for, is_insecure, is_loopback
from services.registry.options import RegistryOptions


@pytest.mark.parametrize(
    ("registry", "insecure", "url"),
    [
        ("docker.io", "", "https://registry-1.docker.io"),
        ("ghcr.io", "", "https://ghcr.io"),
        ("127.0.0.1:5000", "", "http://127.0.0.1:5000"),
        ("localhost:5000", "", "http://localhost:5000"),
        ("[::1]:5000", "", "http://[::1]:5000"),
        ("registry.lan:5000", "", "https://registry.lan:5000"),
        ("registry.lan:5000", "registry.lan:5000", "http://registry.lan:5000"),
        ("registry.lan:5000", "other.lan, registry.lan", "http://registry.lan:5000"),
        ("registry.lan", "registry.lan:5000", "https://registry.lan"),
    ],
)
def test_endpoint_scheme(registry, insecure, url):
    hosts = Settings(
        _env_file=None, insecure_registries=insecure
    ).insecure_registry_hosts

    assert endpoint_for(registry, hosts).base_url == url


def test_loopback_detection():
    assert is_loopback("127.0.0.5:80")
    assert is_loopback("localhost")
    assert not is_loopback("10.0.0.1:5000")
    assert not is_insecure("10.0.0.1:5000", frozenset())


def test_options_from_settings(tmp_path):
    settings = Settings(
        _env_file=None,
        cache_ttl="15m",
        github_token="ghp_x",
        docker_config=tmp_path,
        insecure_registries="a.lan:5000",
    )
    options = RegistryOptions.from_settings(settings, page_size=50)

    assert options.cache_ttl.total_seconds() == 900
    assert options.github_token == "ghp_x"
    assert options.docker_config == tmp_path / "config.json"
    assert options.insecure_hosts == frozenset({"a.lan:5000"})
    assert options.page_size == 50
    assert "ghp_x" not in repr(options)
