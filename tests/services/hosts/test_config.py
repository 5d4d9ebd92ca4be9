"""DOCKER_HOSTS and the per-host directory (pure logic, no engine)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.errors import InvalidInputError
from services.hosts.config import (
    HostEntry,
    HostKind,
    HostSource,
    default_host,
    parse_docker_hosts,
    resolve,
)


def test_entries_are_split_by_commas_or_whitespace():
    assert parse_docker_hosts(
        "nas=tcp://nas.lan:2376, vps=ssh://deploy@vps.example\nbox=unix:///run/b.sock"
    ) == [
        HostEntry("nas", "tcp://nas.lan:2376"),
        HostEntry("vps", "ssh://deploy@vps.example"),
        HostEntry("box", "unix:///run/b.sock"),
    ]
    assert parse_docker_hosts("  ") == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("nas", "expected comma-separated name=url"),
        ("local=unix:///x.sock", "'local' is the engine of DOCKER_HOST"),
        ("a=unix:///x.sock,a=unix:///y.sock", "defined twice"),
        ("NAS=unix:///x.sock", "invalid host name"),
        ("nas=http://nas:2375", "expected unix://, tcp:// or ssh://"),
        ("nas=tcp://nas", "expected tcp://host:port"),
        ("nas=tcp://nas:port", "the port is not a number"),
        ("vps=ssh://vps.example", "expected ssh://user@host"),
        ("vps=ssh://me:secret@vps.example", "no passwords in engine URLs"),
    ],
)
def test_bad_entries_say_what_is_wrong(text: str, says: str):
    with pytest.raises(InvalidInputError, match=says):
        parse_docker_hosts(text)


def test_tcp_needs_the_ca_and_both_or_neither_client_files(tmp_path: Path):
    entry = HostEntry("nas", "tcp://127.0.0.1:2376")
    with pytest.raises(InvalidInputError, match=r"ca\.pem is missing"):
        resolve(entry, HostSource.ENVIRONMENT, tmp_path)
    folder = tmp_path / "nas"
    folder.mkdir()
    (folder / "ca.pem").write_text("ca")
    (folder / "cert.pem").write_text("cert")
    with pytest.raises(InvalidInputError, match=r"both cert\.pem and key\.pem"):
        resolve(entry, HostSource.ENVIRONMENT, tmp_path)
    (folder / "key.pem").write_text("key")
    spec = resolve(entry, HostSource.ENVIRONMENT, tmp_path)
    assert spec.kind is HostKind.TCP
    assert spec.address.tls is not None
    assert spec.address.tls.key == folder / "key.pem"
    assert spec.read_only_reason is not None
    assert "standalone-style" in spec.read_only_reason


def test_ssh_needs_a_key_and_known_hosts(tmp_path: Path):
    entry = HostEntry("vps", "ssh://deploy@127.0.0.1:2222")
    with pytest.raises(InvalidInputError, match="known_hosts"):
        resolve(entry, HostSource.API, tmp_path)
    folder = tmp_path / "vps"
    folder.mkdir()
    (folder / "id_ed25519").write_text("key")
    (folder / "known_hosts").write_text("hosts")
    spec = resolve(entry, HostSource.API, tmp_path)
    assert spec.address.ssh is not None
    assert spec.address.ssh.identity == folder / "id_ed25519"


def test_the_default_host_is_docker_host_or_the_socket():
    assert default_host(None).url == "unix:///var/run/docker.sock"
    local = default_host("unix:///tmp/x.sock")
    assert local.name == "local"
    assert local.file_access
    assert local.read_only_reason is None
