"""Registry use cases: what tags an image's repository has."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from services.registry.client import RegistryClient
from services.registry.references import parse_reference
from services.versioning import sort_key


class HasRegistry(Protocol):
    """The part of AppContext this needs (the CLI builds just this)."""

    @property
    def registry(self) -> RegistryClient: ...


@dataclass(frozen=True, slots=True)
class RegistryTags:
    image_ref: str
    tags: list[str]
    count: int


async def list_registry_tags(ctx: HasRegistry, *, image: str) -> RegistryTags:
    ref = parse_reference(image)
    tags = await ctx.registry.list_tags(ref.repository_only())
    # Registries list tags in storage order; people want the newest first,
    # with meta and odd tags after the versions (as the seed shows).
    ordered = sorted(tags, key=sort_key, reverse=True)
    return RegistryTags(image_ref=image, tags=ordered, count=len(ordered))
