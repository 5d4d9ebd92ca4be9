"""Hiding secrets in what Docksmith shows: environment values by their name,
and credentials inside any URL-shaped value whatever the variable is called
(`DATABASE_URL=postgres://user:pw@db/app`, `UPSTREAM=https://token@host`).
"""

from __future__ import annotations

import re

MASK = "********"
# Env names whose values are hidden whole: people read inspect on a phone.
_SECRET_NAME = re.compile(r"PASS|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE", re.I)
# `scheme://userinfo@`: everything before the last `@` of the authority.
_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#@\s]+@")
# `?password=...`, `&access_token=...` in a query string.
_SECRET_PARAM = re.compile(
    r"(?P<key>[?&;][^=&;#\s]*(?:pass|secret|token|key|auth|sig|credential)"
    r"[^=&;#\s]*=)[^&;#\s]*",
    re.I,
)


def mask_url_credentials(value: str) -> str:
    """`value` with each URL's user info and secret query parameters masked."""
    if "://" not in value:
        return value
    value = _USERINFO.sub(lambda m: f"{m['scheme']}{MASK}@", value)
    return _SECRET_PARAM.sub(lambda m: f"{m['key']}{MASK}", value)


def mask_env(entry: str) -> str:
    """One `NAME=value` entry as inspect shows it."""
    key, sep, value = entry.partition("=")
    if not (sep and value):
        return entry
    if _SECRET_NAME.search(key):
        return f"{key}={MASK}"
    return f"{key}={mask_url_credentials(value)}"
