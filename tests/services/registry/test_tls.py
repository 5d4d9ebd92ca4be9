"""Outbound HTTPS trusts the system's hashed CA directory when there is one
(CAs read as chains need them), else certifi's bundle."""

from __future__ import annotations

import contextlib
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.registry.tls import trusted_context
from tests.lab.tls import TlsFiles, make_tls


@pytest.fixture
def tls(tmp_path: Path) -> TlsFiles:
    return make_tls(tmp_path / "tls")


@pytest.fixture
def server(tls: TlsFiles) -> Iterator[int]:
    """A TLS listener on 127.0.0.1 presenting the lab CA's certificate."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls.server_cert, tls.server_key)
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            # A refused handshake ends only that connection.
            with conn, contextlib.suppress(OSError):
                context.wrap_socket(conn, server_side=True).close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=5)


def _hashed_dir(folder: Path, *certificates: Path) -> Path:
    folder.mkdir()
    for certificate in certificates:
        shutil.copy(certificate, folder / certificate.name)
    # The tool the system's own directory is made with.
    subprocess.run(["openssl", "rehash", str(folder)], check=True, capture_output=True)
    return folder


def _handshake(context: ssl.SSLContext, port: int) -> None:
    with (
        socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1"),
    ):
        pass


def test_a_hashed_directory_is_read_as_chains_need_it(tmp_path, tls, server):
    context = trusted_context(str(_hashed_dir(tmp_path / "certs", tls.ca)))
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname
    # Nothing parsed up front: that is the memory a bundle would hold.
    assert context.cert_store_stats()["x509_ca"] == 0
    _handshake(context, server)
    assert context.cert_store_stats()["x509_ca"] == 1


def test_a_server_whose_ca_is_not_trusted_is_refused(tmp_path, server):
    other = make_tls(tmp_path / "other")
    context = trusted_context(str(_hashed_dir(tmp_path / "certs", other.ca)))
    with pytest.raises(ssl.SSLCertVerificationError):
        _handshake(context, server)


def test_without_hashed_cas_the_certifi_bundle_is_trusted(tmp_path, server):
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "missing"):
        context = trusted_context(str(folder))
        assert context.cert_store_stats()["x509_ca"] > 100
        with pytest.raises(ssl.SSLCertVerificationError):
            _handshake(context, server)


def test_the_system_directory_is_used_when_it_is_hashed():
    system = ssl.get_default_verify_paths().capath
    if not system or not any(p.suffix == ".0" for p in Path(system).iterdir()):
        pytest.skip("this system has no hashed CA directory")
    assert trusted_context().cert_store_stats()["x509_ca"] == 0
