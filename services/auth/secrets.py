"""Random secrets and how they are kept: only a SHA-256 of each.

Tokens, session ids and CSRF tokens carry 256 random bits, so a fast hash is
enough to make a stolen database useless; passwords, which people choose,
get argon2id instead (services/auth/passwords.py).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "dsk_"  # noqa: S105 - marks a token in logs and scanners


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
