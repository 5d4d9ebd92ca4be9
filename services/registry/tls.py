"""The certificate authorities outbound HTTPS trusts (registries, the webhook).

The system's hashed certificate directory (OpenSSL's capath: Debian's
ca-certificates keeps /etc/ssl/certs so, the image's included) when there is
one, else certifi's bundle, which is what httpx loads by default. From the
directory OpenSSL reads a CA only when a chain needs it, so the context holds
the few CAs of the registries actually used; the bundle is parsed whole up
front (~140 certificates, 1.8 MB resident for the server's lifetime).
"""

from __future__ import annotations

import os
import re
import ssl

import httpx

# How OpenSSL names a CA in a hashed directory: its subject hash, then a
# counter for hash collisions (`openssl rehash`, `update-ca-certificates`).
_HASHED_NAME = re.compile(r"[0-9a-f]{8}\.\d+")


def trusted_context(capath: str | None = None) -> ssl.SSLContext:
    """A client context verifying servers against `capath` (default: the
    system's directory), or certifi's bundle where that has no hashed CAs."""
    directory = capath if capath is not None else ssl.get_default_verify_paths().capath
    if directory and _holds_hashed_cas(directory):
        return ssl.create_default_context(capath=directory)
    return httpx.create_ssl_context(trust_env=False)


def _holds_hashed_cas(directory: str) -> bool:
    try:
        with os.scandir(directory) as entries:
            return any(_HASHED_NAME.fullmatch(entry.name) for entry in entries)
    except OSError:
        return False
