from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from resolvers.docker_config import DockerConfigReport
from resolvers.registry import RegistryTags
from schema.types.common import Label, labels_of


@strawberry.type(description="Tags a registry holds for an image's repository.")
class RegistryTagList:
    image_ref: str = strawberry.field(description="The image as asked.")
    tags: list[str] = strawberry.field(description="Every tag, all pages.")
    count: int = strawberry.field(description="Number of tags.")

    @classmethod
    def from_domain(cls, result: RegistryTags) -> RegistryTagList:
        return cls(image_ref=result.image_ref, tags=result.tags, count=result.count)


@strawberry.type(
    description="Docker config and registry credentials (names only, never secrets)."
)
class DockerConfig:
    config_path: str = strawberry.field(description="The config.json Docksmith reads.")
    config_found: bool = strawberry.field(description="Whether it exists.")
    registries: list[str] = strawberry.field(description="Registries with credentials.")
    cred_helpers: list[Label] = strawberry.field(
        description="Credential helper (value) per registry (key)."
    )
    creds_store: str | None = strawberry.field(description="Default credential store.")
    github_token: bool = strawberry.field(description="Whether GITHUB_TOKEN is set.")
    error: str | None = strawberry.field(
        description="Why the config could not be read."
    )
    docker_host: str = strawberry.field(
        description="The Docker engine Docksmith manages."
    )
    insecure_registries: list[str] = strawberry.field(
        description="Plain-HTTP registries."
    )
    rate_limits: JSON = strawberry.field(
        description="Docker Hub pull budget as last seen."
    )

    @classmethod
    def from_domain(cls, report: DockerConfigReport) -> DockerConfig:
        return cls(
            config_path=report.config_path,
            config_found=report.config_found,
            registries=report.registries,
            cred_helpers=labels_of(report.cred_helpers),
            creds_store=report.creds_store,
            github_token=report.github_token,
            error=report.error,
            docker_host=report.docker_host,
            insecure_registries=report.insecure_registries,
            rate_limits=cast(JSON, report.rate_limits),
        )
