"""Split and rebuild image reference strings without normalising them.

``registry.local:5000/app:1.0@sha256:...`` keeps its registry port, a Docker
Hub short name stays short: only the tag and digest parts change. Validation
follows the distribution reference grammar for tags and digests.
"""

from __future__ import annotations

import re

from services.errors import InvalidInputError
from services.frozen import frozen

_TAG = re.compile(r"[\w][\w.-]{0,127}")
_DIGEST = re.compile(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}")


@frozen
class Reference:
    """``name[:tag][@digest]``; ``tag_start`` indexes the first tag character."""

    name: str
    tag: str | None
    digest: str | None

    def __str__(self) -> str:
        tag = f":{self.tag}" if self.tag is not None else ""
        digest = f"@{self.digest}" if self.digest is not None else ""
        return f"{self.name}{tag}{digest}"


def parse_reference(ref: str) -> Reference:
    """Split ``ref``; the tag is after the last ``:`` of the last path part."""
    body, at, digest = ref.partition("@")
    slash = body.rfind("/")
    colon = body.rfind(":")
    if colon > slash:
        return Reference(body[:colon], body[colon + 1 :], digest if at else None)
    return Reference(body, None, digest if at else None)


def with_tag(ref: str, tag: str, digest: str | None = None) -> str:
    """``ref`` with its tag set to ``tag`` and its digest replaced or dropped."""
    if not _TAG.fullmatch(tag):
        raise InvalidInputError(f"invalid image tag {tag!r}")
    if digest is not None and not _DIGEST.fullmatch(digest):
        raise InvalidInputError(f"invalid image digest {digest!r}")
    parsed = parse_reference(ref)
    if not parsed.name:
        raise InvalidInputError(f"invalid image reference {ref!r}")
    return str(Reference(parsed.name, tag, digest))


def tag_region(ref: str) -> int:
    """Offset where a tag edit starts: the tag's first character, or the end
    of the name when there is no tag (the ``:tag`` is inserted there)."""
    parsed = parse_reference(ref)
    if parsed.tag is not None:
        return len(parsed.name) + 1
    return len(parsed.name)
