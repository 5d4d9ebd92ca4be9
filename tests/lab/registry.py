"""A real registry (Debian docker-registry, distribution 2.8) on loopback.

One :class:`LabRegistry` is one ``docker-registry serve`` process with
filesystem storage in a temp dir, deletes enabled, bound to 127.0.0.1 on a
free port. It can run open, behind htpasswd basic auth, or behind bearer
token auth (the token issuer lives in ``tests.lab.token_issuer``). The
registry's HTTP API helpers (manifests, tags, blobs, OCI index uploads) are
in :mod:`tests.lab.registry_api` and reachable through :attr:`LabRegistry.api`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from pathlib import Path
from typing import Literal

import httpx

from tests.lab.procs import (
    LOOPBACK,
    Daemon,
    LabError,
    free_port,
    port_open,
    run,
    short_tmpdir,
    wait_until,
)
from tests.lab.registry_api import RegistryApi

AuthMode = Literal["htpasswd", "token"] | None

REGISTRY_BIN = "/usr/bin/docker-registry"


def bcrypt_hash(password: str) -> str:
    """A bcrypt hash distribution accepts in an htpasswd file.

    Cost 4 (the minimum Go accepts) keeps every authenticated request cheap.
    """
    try:
        import bcrypt
    except ImportError:
        if shutil.which("htpasswd") is None:
            raise LabError(
                "need the bcrypt module (pip install bcrypt) or htpasswd "
                "(apache2-utils) to build the htpasswd file"
            ) from None
        out = run(["htpasswd", "-nbBC", "4", "lab", password], timeout=10)
        return out.stdout.strip().split(":", 1)[1]
    hashed: bytes = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4))
    return hashed.decode()


def _yaml_str(value: str | os.PathLike[str]) -> str:
    # JSON string syntax is valid YAML and escapes anything awkward.
    import json

    return json.dumps(os.fspath(value))


class LabRegistry:
    """A registry process; ``start()`` picks the auth mode."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or short_tmpdir("registry")
        self.storage_dir = self.root / "storage"
        self.config_path = self.root / "config.yml"
        self.log_path = self.root / "registry.log"
        self.port: int = 0
        self.auth: AuthMode = None
        self.username: str | None = None
        self.password: str | None = None
        self._daemon: Daemon | None = None
        self._api: RegistryApi | None = None
        self.start_seconds: float | None = None

    @property
    def host(self) -> str:
        """``127.0.0.1:PORT``, the registry part of image references."""
        return f"{LOOPBACK}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.host}"

    @property
    def is_running(self) -> bool:
        return self._daemon is not None and self._daemon.alive()

    @property
    def api(self) -> RegistryApi:
        """HTTP helpers; they send the htpasswd credentials when set."""
        if self._api is None:
            raise LabError("the registry is not started")
        return self._api

    def ref(self, repo: str, tag: str) -> str:
        """Full image reference, e.g. ``127.0.0.1:5000/demo/app:1.0.0``."""
        return f"{self.host}/{repo}:{tag}"

    def __enter__(self) -> LabRegistry:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(
        self,
        auth: AuthMode = None,
        *,
        username: str = "lab",
        password: str | None = None,
        token_realm: str | None = None,
        token_service: str | None = None,
        token_issuer: str | None = None,
        rootcertbundle: Path | None = None,
        port: int | None = None,
        timeout: float = 20,
        access_log: bool = False,
    ) -> None:
        """Write the config and start serving; a restart keeps the storage.

        ``auth="htpasswd"`` uses ``username`` and ``password`` (random if not
        given), readable afterwards as :attr:`username` / :attr:`password`.

        ``access_log=True`` writes one line per request to :attr:`log_path`
        (benchmarks count registry requests there).

        ``auth="token"`` needs realm, service, issuer and the PEM bundle of the
        certificate that signs the tokens.
        """
        if self.is_running:
            raise LabError(f"registry already running on {self.host}")
        if not Path(REGISTRY_BIN).exists():
            raise LabError(f"{REGISTRY_BIN} missing (install docker-registry)")
        began = time.monotonic()
        self.root.mkdir(parents=True, exist_ok=True)
        self.storage_dir.mkdir(exist_ok=True)
        self.auth = auth
        self.port = port or self.port or free_port()
        auth_yaml = ""
        basic: tuple[str, str] | None = None
        if auth == "htpasswd":
            password = password or secrets.token_urlsafe(12)
            self.username, self.password = username, password
            htpasswd = self.root / "htpasswd"
            htpasswd.write_text(f"{username}:{bcrypt_hash(password)}\n")
            auth_yaml = (
                "auth:\n"
                "  htpasswd:\n"
                "    realm: docksmith-lab\n"
                f"    path: {_yaml_str(htpasswd)}\n"
            )
            basic = (username, password)
        elif auth == "token":
            missing = [
                name
                for name, value in (
                    ("token_realm", token_realm),
                    ("token_service", token_service),
                    ("token_issuer", token_issuer),
                    ("rootcertbundle", rootcertbundle),
                )
                if not value
            ]
            if missing:
                raise LabError(f"auth='token' needs {', '.join(missing)}")
            assert rootcertbundle is not None
            auth_yaml = (
                "auth:\n"
                "  token:\n"
                f"    realm: {_yaml_str(token_realm or '')}\n"
                f"    service: {_yaml_str(token_service or '')}\n"
                f"    issuer: {_yaml_str(token_issuer or '')}\n"
                f"    rootcertbundle: {_yaml_str(rootcertbundle)}\n"
            )
        elif auth is not None:
            raise LabError(f"unknown auth mode {auth!r}")
        self.config_path.write_text(
            "version: 0.1\n"
            "log:\n"
            "  level: warn\n"
            "  accesslog:\n"
            f"    disabled: {'false' if access_log else 'true'}\n"
            "storage:\n"
            "  filesystem:\n"
            f"    rootdirectory: {_yaml_str(self.storage_dir)}\n"
            "  delete:\n"
            "    enabled: true\n"
            "  maintenance:\n"
            "    uploadpurging:\n"
            "      enabled: false\n"
            "http:\n"
            f"  addr: {LOOPBACK}:{self.port}\n"
            "  headers:\n"
            "    X-Content-Type-Options: [nosniff]\n"
            f"{auth_yaml}"
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
        self._daemon = Daemon(
            "docker-registry",
            [REGISTRY_BIN, "serve", self.config_path],
            log=self.log_path,
            env=env,
        )
        wait_until(
            self._answers,
            timeout=timeout,
            what=f"registry on {self.host} did not answer /v2/",
            alive=self._daemon.alive,
            log=self.log_path,
        )
        self._api = RegistryApi(self.url, basic=basic, storage_dir=self.storage_dir)
        self.start_seconds = time.monotonic() - began

    def _answers(self) -> bool:
        if not port_open(self.port):
            return False
        try:
            status = httpx.get(f"{self.url}/v2/", timeout=1).status_code
        except httpx.HTTPError:
            return False
        # 401 is the healthy answer of a registry behind auth.
        return status in (200, 401)

    def stop(self) -> None:
        if self._api is not None:
            self._api.close()
            self._api = None
        if self._daemon is not None:
            self._daemon.stop(timeout=10)
            self._daemon = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
