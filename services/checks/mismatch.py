"""Compose mismatch: the compose file says one image, the container runs another.

Both sides are compared as normalised references (`nginx` ==
`docker.io/library/nginx:latest`), never as raw strings, and a container
running a bare digest is a mismatch. Services built from `build:` without
`image:`, and images whose variables cannot be resolved, are not judged.
"""

from __future__ import annotations

import re

from services.checks.model import ContainerFacts
from services.errors import DocksmithError
from services.registry.references import ImageReference, parse_reference

_BARE_DIGEST = re.compile(r"^(sha256:)?[0-9a-f]{64}$")


def _normalised(image: str) -> ImageReference | None:
    try:
        return parse_reference(image)
    except DocksmithError:
        return None


def _same(
    running: ImageReference, spec: ImageReference, repo_digests: tuple[str, ...]
) -> bool:
    if running.name != spec.name:
        return False
    if spec.digest:
        # The compose file pins a digest: the running image must carry it.
        return spec.digest == running.digest or any(
            rd.endswith("@" + spec.digest) for rd in repo_digests
        )
    return running.tag_or_latest == spec.tag_or_latest


def compose_mismatch(facts: ContainerFacts) -> str | None:
    """The seed's error text when running and specified images differ, else None."""
    compose = facts.compose
    if compose is None or compose.image is None:
        return None
    spec_text = compose.image
    if _BARE_DIGEST.match(facts.image):
        return (
            f"Running image ({facts.image}) differs from compose specification "
            f"({spec_text}): the container runs a bare digest"
        )
    running, spec = _normalised(facts.image), _normalised(spec_text)
    if running is None or spec is None:
        return None
    if _same(running, spec, facts.repo_digests):
        return None
    return f"Running image ({facts.image}) differs from compose specification ({spec_text})"
