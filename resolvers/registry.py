"""Registry use cases: what tags an image's repository has."""

from __future__ import annotations

from typing import Protocol

from resolvers.access import requires
from services.auth.principal import Scope
from services.docker.resources import ContainerDetails
from services.frozen import frozen
from services.registry.client import RegistryClient
from services.registry.references import parse_reference
from services.updates.targets import tag_of
from services.versioning import TagOption, parse_constraints, sort_key, tag_options
from services.versioning.constraints import (
    BOOLEAN_LABELS,
    LABEL_IGNORE,
    LABEL_TAG_REGEX,
    LABEL_VERSION_MAX,
    LABEL_VERSION_MIN,
)

# The labels that decide which tags a container may move to.
CONSTRAINT_LABELS = (
    *(label for label in BOOLEAN_LABELS if label != LABEL_IGNORE),
    LABEL_VERSION_MIN,
    LABEL_VERSION_MAX,
    LABEL_TAG_REGEX,
)


class HasRegistry(Protocol):
    """The part of AppContext this needs (the CLI builds just this)."""

    @property
    def registry(self) -> RegistryClient: ...


@frozen
class RegistryTags:
    image_ref: str
    tags: list[str]
    count: int


@requires(Scope.READ)
async def list_registry_tags(ctx: HasRegistry, *, image: str) -> RegistryTags:
    ref = parse_reference(image)
    tags = await ctx.registry.list_tags(ref.repository_only())
    # Registries list tags in storage order; people want the newest first,
    # with meta and odd tags after the versions (as the seed shows).
    ordered = sorted(tags, key=sort_key, reverse=True)
    return RegistryTags(image_ref=image, tags=ordered, count=len(ordered))


@frozen
class ContainerTagOptions:
    container: str
    image: str
    current_tag: str
    constraints: dict[str, str]
    options: list[TagOption]


@requires(Scope.READ)
async def container_tag_options(
    ctx: HasRegistry, *, details: ContainerDetails
) -> ContainerTagOptions:
    """The tags a container's registry holds (newest first), each allowed or
    ruled out by the container's version labels, for picking a target. The
    caller looks the container up (its absence is not the registry's)."""
    constraints = parse_constraints(details.labels)
    current = tag_of(details.image)
    listing = await list_registry_tags(ctx, image=details.image)
    return ContainerTagOptions(
        container=details.name,
        image=details.image,
        current_tag=current,
        constraints={
            k: details.labels[k] for k in CONSTRAINT_LABELS if details.labels.get(k)
        },
        options=tag_options(current, listing.tags, constraints),
    )
