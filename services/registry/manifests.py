"""Manifest media types, the Accept list, platform choice and config labels.

Owns the knowledge of what Docker and OCI manifests look like: which media
types are indexes, how to pick the manifest for a platform out of an index,
and where an image config keeps its labels. Pure functions over decoded JSON;
no I/O.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from services.errors import InvalidInputError
from services.frozen import frozen
from services.registry.references import is_digest

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"

INDEX_TYPES = frozenset({OCI_INDEX, DOCKER_MANIFEST_LIST})
IMAGE_TYPES = frozenset({OCI_MANIFEST, DOCKER_MANIFEST})
# Indexes first so a multi-arch tag answers with the digest `docker pull` records.
ACCEPT = ", ".join([OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST])

# Labels the update checker reads, when an image carries them.
VERSION_LABELS = ("org.opencontainers.image.version", "build_version")
SOURCE_LABEL = "org.opencontainers.image.source"


@frozen
class Platform:
    """An OS/architecture pair as Docker names it (`linux/arm64/v8`)."""

    os: str = "linux"
    architecture: str = "amd64"
    variant: str | None = None

    @classmethod
    def parse(cls, text: str) -> Platform:
        parts = text.strip().lower().split("/")
        if len(parts) not in (2, 3) or not all(parts):
            raise InvalidInputError(
                f"{text!r} is not a platform (expected os/arch or os/arch/variant)"
            )
        return cls(parts[0], parts[1], parts[2] if len(parts) == 3 else None)

    def normalised(self) -> Platform:
        arch = {"x86_64": "amd64", "aarch64": "arm64", "armhf": "arm"}.get(
            self.architecture, self.architecture
        )
        variant = self.variant
        # containerd's platforms.Normalize: arm64 defaults to v8, arm to v7.
        if arch == "arm64" and variant in (None, "8", "v8"):
            variant = "v8"
        elif arch == "arm" and variant in (None, "7", "v7"):
            variant = "v7"
        return Platform(self.os, arch, variant)

    def __str__(self) -> str:
        base = f"{self.os}/{self.architecture}"
        return f"{base}/{self.variant}" if self.variant else base


def is_index(media_type: str | None) -> bool:
    return media_type in INDEX_TYPES


def media_type_of(manifest: dict[str, Any], header: str | None) -> str | None:
    """The manifest's media type: its own field wins over the response header."""
    declared = manifest.get("mediaType")
    if isinstance(declared, str) and declared:
        return declared
    if header:
        return header.split(";")[0].strip()
    if "manifests" in manifest:
        return OCI_INDEX
    return OCI_MANIFEST if "config" in manifest else None


def index_entries(index: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(platform, digest) of each well-formed entry of an image index; an
    entry of another shape or without a sha256 digest is left out, so a
    registry's garbage cannot name what is fetched next."""
    entries = index.get("manifests")
    if not isinstance(entries, list):
        return []
    found: list[tuple[dict[str, Any], str]] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        digest, plat = entry.get("digest"), entry.get("platform")
        if isinstance(digest, str) and is_digest(digest):
            found.append((plat if isinstance(plat, dict) else {}, digest))
    return found


def choose_platform(index: dict[str, Any], wanted: Platform) -> str | None:
    """Digest of the index entry for `wanted`, or None if the index lacks it."""
    want = wanted.normalised()
    for plat, digest in index_entries(index):
        candidate = Platform(
            str(plat.get("os", "")),
            str(plat.get("architecture", "")),
            str(plat.get("variant") or "") or None,
        ).normalised()
        if candidate == want:
            return digest
    return None


def config_digest(manifest: dict[str, Any]) -> str | None:
    config = manifest.get("config")
    if isinstance(config, dict) and isinstance(config.get("digest"), str):
        return str(config["digest"])
    return None


def config_labels(config_blob: dict[str, Any]) -> dict[str, str]:
    """Labels from an image config blob (`config.Labels`), as strings."""
    config = config_blob.get("config") or config_blob.get("container_config") or {}
    labels = config.get("Labels") if isinstance(config, dict) else None
    if not isinstance(labels, dict):
        return {}
    return {str(k): str(v) for k, v in labels.items() if v is not None}


def config_created(value: str) -> datetime | None:
    """An image config's `created` (RFC 3339, often with nanoseconds), as an
    aware datetime; None when missing, unreadable, or the zero time some
    reproducible builds write (1970 or year 1)."""
    text = value.strip()
    if not text:
        return None
    text = re.sub(r"(\.\d{6})\d+", r"\1", text.replace("Z", "+00:00"))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment if moment.year > 1970 else None
