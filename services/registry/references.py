"""Image references: parsing, Docker's normalisation rules and formatting.

Owns the one place that turns what a user wrote (`nginx`, `user/app:1`,
`host:5000/team/app@sha256:...`) into a canonical `ImageReference` and back.
It follows `github.com/distribution/reference`: the first path component is a
registry only when it contains `.` or `:` or is `localhost`; Docker Hub names
with a single component live under `library/`. It performs no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from services.errors import InvalidInputError
from services.frozen import frozen

DOCKER_HUB = "docker.io"
_HUB_ALIASES = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})
DEFAULT_TAG = "latest"

# Grammar from distribution/reference/regexp.go.
_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_DOMAIN = re.compile(
    r"(?:localhost|\[[0-9a-fA-F:]+\]|"
    r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)"
    r"(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*)"
    r"(?::[0-9]+)?"
)
_TAG = re.compile(r"[\w][\w.-]{0,127}", flags=re.ASCII)
_DIGEST = re.compile(
    r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}", flags=re.ASCII
)
_SHA256 = re.compile(r"sha256:[a-f0-9]{64}")
_MAX_NAME = 255
# name, tag and digest together
_MAX_TEXT = 512
# More than the distinct references of a few thousand containers.
REFERENCE_CACHE_SIZE = 8192


@frozen
class ImageReference:
    """A normalised image reference; `registry` is `docker.io` for Docker Hub."""

    registry: str
    repository: str
    tag: str | None = None
    digest: str | None = None

    @classmethod
    def parse(cls, text: str) -> ImageReference:
        return parse_reference(text)

    @property
    def name(self) -> str:
        """`registry/repository`, the key registries and caches use."""
        return f"{self.registry}/{self.repository}"

    @property
    def is_docker_hub(self) -> bool:
        return self.registry == DOCKER_HUB

    @property
    def tag_or_latest(self) -> str:
        return self.tag or DEFAULT_TAG

    @property
    def manifest_reference(self) -> str:
        """What goes after `/manifests/`: the digest when pinned, else the tag."""
        return self.digest or self.tag_or_latest

    def with_tag(self, tag: str) -> ImageReference:
        if not _TAG.fullmatch(tag):
            raise InvalidInputError(f"{tag!r} is not a valid image tag")
        return replace(self, tag=tag, digest=None)

    def repository_only(self) -> ImageReference:
        return replace(self, tag=None, digest=None)

    def familiar(self) -> str:
        """The short form `docker` prints: `nginx:1.25`, `user/app`, `ghcr.io/o/a`."""
        name = self.name
        if self.is_docker_hub:
            path = self.repository
            rest = path.removeprefix("library/")
            if "/" not in rest:
                path = rest
            first = path.split("/", 1)[0]
            # Keep `docker.io/` where dropping it would make the path look like a host.
            if "/" not in path or not ("." in first or first == "localhost"):
                name = path
        return name + self._suffix()

    def _suffix(self) -> str:
        out = f":{self.tag}" if self.tag else ""
        return out + (f"@{self.digest}" if self.digest else "")

    def __str__(self) -> str:
        return self.name + self._suffix()


@lru_cache(maxsize=REFERENCE_CACHE_SIZE)
def parse_reference(text: str) -> ImageReference:
    """Parse and normalise `text`; raise `InvalidInputError` saying what is wrong.

    Memoised (references are immutable and a check parses each container's
    several times; errors are not cached)."""
    if len(text) > _MAX_TEXT:  # before any message quotes it
        raise InvalidInputError(
            f"image reference is too long: {len(text)} characters, at most {_MAX_TEXT}"
        )
    raw = text.strip()
    if not raw:
        raise InvalidInputError("image reference is empty")
    remainder, digest = _split_digest(raw)
    remainder, tag = _split_tag(remainder)
    registry, path = _split_domain(remainder)
    _check_path(raw, path)
    if registry in _HUB_ALIASES:
        registry = DOCKER_HUB
        if "/" not in path:
            path = f"library/{path}"
    if len(registry) + 1 + len(path) > _MAX_NAME:
        raise InvalidInputError(
            f"image reference {raw!r} is too long (names are at most {_MAX_NAME} characters)"
        )
    return ImageReference(registry=registry, repository=path, tag=tag, digest=digest)


def is_digest(value: str) -> bool:
    return bool(_SHA256.fullmatch(value))


def _split_digest(raw: str) -> tuple[str, str | None]:
    if "@" not in raw:
        return raw, None
    remainder, digest = raw.split("@", 1)
    if not _DIGEST.fullmatch(digest):
        raise InvalidInputError(
            f"image reference {raw!r} has an invalid digest {digest!r} "
            "(expected algorithm:hex, e.g. sha256:<64 hex digits>)"
        )
    if digest.startswith("sha256:") and not _SHA256.fullmatch(digest):
        raise InvalidInputError(
            f"image reference {raw!r} has an invalid sha256 digest "
            "(expected 64 lowercase hex digits)"
        )
    return remainder, digest


def _split_tag(remainder: str) -> tuple[str, str | None]:
    # A `:` after the last `/` separates the tag; one before it is a port.
    colon = remainder.rfind(":")
    if colon <= remainder.rfind("/"):
        return remainder, None
    tag = remainder[colon + 1 :]
    if not _TAG.fullmatch(tag):
        raise InvalidInputError(
            f"{tag!r} is not a valid tag (letters, digits, '_', '.', '-'; "
            "at most 128 characters, not starting with '.' or '-')"
        )
    return remainder[:colon], tag


def _split_domain(remainder: str) -> tuple[str, str]:
    first, sep, rest = remainder.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        if not _DOMAIN.fullmatch(first):
            raise InvalidInputError(f"{first!r} is not a valid registry host")
        return first.lower() if first.lower() in _HUB_ALIASES else first, rest
    return DOCKER_HUB, remainder


def _check_path(raw: str, path: str) -> None:
    if not path:
        raise InvalidInputError(f"image reference {raw!r} has no repository name")
    for component in path.split("/"):
        if _COMPONENT.fullmatch(component):
            continue
        if _COMPONENT.fullmatch(component.lower()):
            raise InvalidInputError(f"repository name in {raw!r} must be lowercase")
        raise InvalidInputError(
            f"image reference {raw!r} has an invalid path component {component!r} "
            "(lowercase letters, digits and single separators . _ __ -)"
        )


def digest_in(repo_digests: Iterable[str], ref: ImageReference) -> str | None:
    """The digest among an image's RepoDigests that belongs to `ref`'s
    repository (an image pulled from several registries has several)."""
    for repo_digest in repo_digests:
        try:
            parsed = parse_reference(repo_digest)
        except InvalidInputError:
            continue
        if parsed.name == ref.name and parsed.digest:
            return parsed.digest
    return None
