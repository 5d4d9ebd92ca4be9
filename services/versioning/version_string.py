"""Versions written outside tags: image labels and constraint bounds.

Owns `parse_version_string` for `org.opencontainers.image.version`,
`version`/`VERSION` and LinuxServer's `build_version`
(`Linuxserver.io version:- 1.40.0.7998-f5c1d59-ls280 Build-date:- ...`).
Only plain versions count: meta words, hashes and prefixed forms are not.
"""

from __future__ import annotations

import re

from services.versioning.cache import parse_tag
from services.versioning.model import ParsedTag, TagKind

_LINUXSERVER = re.compile(r"version:-\s*(\S+)", re.IGNORECASE)
_VERSION_WORD = re.compile(r"(?:version|ver)[\s:=]+", re.IGNORECASE)


def parse_version_string(text: str) -> ParsedTag | None:
    """The version in `text`, or None when it holds none we can order.

    `v1.2.3`, `2024.6.4`, `2025-01-08` and LinuxServer build strings parse;
    `latest`, `main`, `sha-abc1234` and empty text give None.
    """
    text = text.strip()
    if m := _LINUXSERVER.search(text):
        text = m[1]
    else:
        text = _VERSION_WORD.sub("", text, count=1).strip()
    if not text:
        return None
    parsed = parse_tag(text.split()[0])
    return parsed if parsed.kind is TagKind.VERSION else None
