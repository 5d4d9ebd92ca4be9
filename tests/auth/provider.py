"""What the OIDC tests share: a real provider (oidc-provider-mock) served on
127.0.0.1, and the settings of a Docksmith that signs in with it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import werkzeug.serving
from oidc_provider_mock import app as provider_app

from services.auth.modes import AuthMode
from services.config import Settings
from tests.support.server import no_engine_settings

CLIENT_ID = "docksmith"


@contextmanager
def serving(**options: Any) -> Iterator[str]:
    """A provider (`options` go to its app: users, require_nonce...) on a free
    loopback port while the block runs; its URL, the issuer."""
    server = werkzeug.serving.make_server(
        "127.0.0.1", 0, provider_app(**options), threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def oidc_settings(root: Path, issuer: str, **overrides: Any) -> Settings:
    """A Docksmith that signs in with OIDC at `issuer` as client `docksmith`,
    its state under `root` and no Docker engine; `overrides` add or replace
    settings (a client secret, allowed groups, trusted proxies...)."""
    values: dict[str, Any] = {
        "auth": AuthMode.OIDC,
        "oidc_issuer": issuer,
        "oidc_client_id": CLIENT_ID,
    }
    return no_engine_settings(root, **(values | overrides))
