"""`SdkClient`: one lazily built `docker.DockerClient` and the translation of
SDK exceptions into domain errors, shared by every engine adapter.

The client is dropped on connection errors so the next call reconnects once
the engine is back; every blocking call runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import docker
import docker.constants
import docker.errors
import docker.tls

from services.docker.address import EngineAddress, TlsFiles
from services.errors import DockerEngineError, DockerUnavailableError, NotFoundError

if TYPE_CHECKING:
    from services.docker.ssh import RemoteFiles

T = TypeVar("T")
DEFAULT_HOST = "unix:///var/run/docker.sock"
# What says the engine went away (requests' connection errors are OSErrors);
# an SSH host adds paramiko's errors (see `_build`).
_LOST: tuple[type[BaseException], ...] = (docker.errors.DockerException, OSError)


def reason(exc: BaseException) -> str:
    """A one-line reason for an SDK (or any) exception."""
    explanation = getattr(exc, "explanation", None)
    text = str(explanation or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _os_error(exc: BaseException) -> OSError | None:
    """The OSError at the root of a connection failure, if any.

    requests and urllib3 wrap it several levels deep (DockerException from
    ConnectionError, whose ProtocolError holds it in its args), and the SDK's
    own text for it is a nested repr no user should have to read.
    """
    seen: list[BaseException] = [exc]
    for current in seen:
        if isinstance(current, OSError) and current.errno is not None:
            return current
        nested = (current.__cause__, current.__context__, *current.args)
        seen.extend(n for n in nested if isinstance(n, BaseException) and n not in seen)
    return None


def unavailable_message(exc: BaseException, address: EngineAddress) -> str:
    """Why the engine at `address` cannot be used, in words that say what to
    check. An engine that does not answer "is not reachable"; one that
    answers but refuses or is refused (a TLS certificate, an SSH key) says
    that first, with the file to fix."""
    engine = f"Docker engine at {address.display}"
    cause = _os_error(exc)
    if isinstance(cause, ssl.SSLError) and address.tls is not None:
        return f"{engine} {_tls_clause(cause, address.tls)}"
    if address.ssh is not None and not _unreachable_cause(cause, address):
        # Loaded already: the SSH host's client was built with it.
        from services.docker.ssh import ssh_clause

        said = ssh_clause(exc, address.ssh)
        if said is not None:
            return f"{engine} {said}"
    return f"{engine} is not reachable: {_unreachable_reason(exc, cause, address)}"


def _unreachable_cause(cause: OSError | None, address: EngineAddress) -> bool:
    """One of the causes a new installation meets first, said in its own words."""
    return (
        isinstance(cause, FileNotFoundError) and address.scheme == "unix"
    ) or isinstance(cause, PermissionError | ConnectionRefusedError)


def _unreachable_reason(
    exc: BaseException, cause: OSError | None, address: EngineAddress
) -> str:
    where = (
        address.url.removeprefix("unix://")
        if address.scheme == "unix"
        else address.display
    )
    if isinstance(cause, FileNotFoundError) and address.scheme == "unix":
        return (
            f"no socket at {where}: is Docker running, and is this its socket?"
            f" ({address.named_by})"
        )
    if isinstance(cause, PermissionError):
        return (
            f"permission denied on {where}: run Docksmith as root or as a user"
            " in the socket's group (the compose example sets DOCKER_GID)"
        )
    if isinstance(cause, ConnectionRefusedError):
        return f"connection refused at {where}: is Docker running?"
    return reason(exc)


def _tls_clause(cause: ssl.SSLError, tls: TlsFiles) -> str:
    """A TLS failure as the file to fix (after "Docker engine at ..."):
    urllib3's own text is a nested repr of the handshake's alert."""
    if isinstance(cause, ssl.SSLCertVerificationError):
        return (
            f"is not trusted: its TLS certificate did not verify "
            f"({cause.verify_message}): {tls.ca} must be the CA that signed it"
        )
    code = str(cause.reason or "")
    if "ALERT" in code and ("CERTIFICATE" in code or "UNKNOWN_CA" in code):
        if tls.cert is None:
            return (
                "asks for a TLS client certificate: put cert.pem and key.pem, "
                f"signed by the engine's CA, beside {tls.ca}"
            )
        return (
            f"refused the TLS client certificate {tls.cert}: it must be signed "
            "by the CA the engine trusts (its --tlscacert)"
        )
    if isinstance(cause, ssl.SSLEOFError) and tls.cert is not None:
        # TLS 1.3 checks the client certificate after the client's handshake
        # is done: the engine's refusal can arrive as a bare close (its alert
        # lost to the reset when it closes with our request unread).
        return (
            "closed the TLS connection, as it does when it refuses the TLS "
            f"client certificate {tls.cert}: it must be signed by the CA the "
            "engine trusts (its --tlscacert)"
        )
    if code in (
        "WRONG_VERSION_NUMBER",
        "RECORD_LAYER_FAILURE",
        "PACKET_LENGTH_TOO_LONG",
    ):
        return (
            "does not answer TLS: is it the engine's TLS port (2376), not a "
            "plain one (2375) or another service?"
        )
    return f"failed the TLS handshake: {code or cause}"


class SdkClient:
    def __init__(
        self, host: str | EngineAddress | None, *, timeout: int | None = None
    ) -> None:
        self.address = (
            host
            if isinstance(host, EngineAddress)
            else EngineAddress(host or DEFAULT_HOST)
        )
        self.host = self.address.display
        self._timeout = timeout
        self._client: docker.DockerClient | None = None
        self._lock = threading.Lock()
        self._lost = _LOST

    def get(self) -> docker.DockerClient:
        with self._lock:
            if self._client is None:
                try:
                    self._client = self._build()
                except self._lost as exc:
                    raise self.unavailable(exc) from exc
            return self._client

    def _build(self) -> docker.DockerClient:
        address = self.address
        if address.ssh is not None:
            # Imported here: paramiko and cryptography cost a single-host
            # server ~19 MB (see services/docker/__init__.py).
            from services.docker import ssh

            self._lost = (*_LOST, *ssh.SSH_ERRORS)
            # The SDK's ssh adapter has no "no timeout": a long pull on an
            # SSH host is bounded like any other call.
            return ssh.ssh_docker_client(address, self._timeout or 60)
        options: dict[str, object] = {"base_url": address.url, "version": "auto"}
        # "auto" negotiates the API version, so Engine 20.10 (API 1.41) works
        # although the SDK defaults to a newer one.
        if self._timeout is not None:
            options["timeout"] = self._timeout
        if address.tls is not None:
            tls = address.tls
            options["tls"] = docker.tls.TLSConfig(
                client_cert=(str(tls.cert), str(tls.key))
                if tls.cert is not None and tls.key is not None
                else None,
                ca_cert=str(tls.ca),
                verify=True,
            )
        if address.tls is None:
            return docker.DockerClient(**options)  # type: ignore[arg-type]
        # requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE replace a session's
        # CA: the host's own ca.pem must be the one that counts, from the
        # first request (the version probe) on.
        # A fixed version skips the SDK's probe, which would run first.
        options["version"] = docker.constants.DEFAULT_DOCKER_API_VERSION
        client = docker.DockerClient(**options)  # type: ignore[arg-type]
        client.api.trust_env = False
        client.api._version = client.api._retrieve_server_version()  # type: ignore[attr-defined]
        return client

    def files(self) -> RemoteFiles:
        """File access on an SSH host, over the engine's own connection."""
        from services.docker.ssh import RemoteFiles

        return RemoteFiles(self.get())

    def drop(self) -> None:
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    def unavailable(self, exc: BaseException) -> DockerUnavailableError:
        return DockerUnavailableError(unavailable_message(exc, self.address))

    async def call(
        self,
        what: str,
        fn: Callable[[docker.DockerClient], T],
        *,
        prefix_not_found: bool = True,
    ) -> T:
        """Run `fn` in a worker thread; `what` starts the error message."""

        def run() -> T:
            client = self.get()
            try:
                return fn(client)
            except docker.errors.NotFound as exc:
                text = (
                    f"{what} failed: {reason(exc)}" if prefix_not_found else reason(exc)
                )
                raise NotFoundError(text) from exc
            except docker.errors.APIError as exc:
                raise DockerEngineError(f"{what} failed: {reason(exc)}") from exc
            except self._lost as exc:
                self.drop()
                raise self.unavailable(exc) from exc

        return await asyncio.to_thread(run)

    async def close(self) -> None:
        await asyncio.to_thread(self.drop)
