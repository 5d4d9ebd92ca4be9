from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from resolvers.docker_config import DockerConfigReport
from resolvers.registry import ContainerTagOptions as DomainTagOptions
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


@strawberry.type(description="A registry the containers pull from (never a secret).")
class RegistryInUse:
    registry: str = strawberry.field(description="Registry host (docker.io for Hub).")
    containers: list[str] = strawberry.field(description="Containers pulling from it.")
    credentials_found: bool = strawberry.field(
        description="Pulls are authenticated (else anonymous)."
    )
    credential_source: str | None = strawberry.field(
        description="config, helper:NAME or GITHUB_TOKEN; null when anonymous."
    )


@strawberry.type(
    description="A tag a container may move to, or why its labels rule it out."
)
class TagOption:
    tag: str = strawberry.field(description="The tag.")
    allowed: bool = strawberry.field(description="The container's labels allow it.")
    excluded_by: str | None = strawberry.field(
        description="Which label rules it out, and why (null when allowed)."
    )
    current: bool = strawberry.field(description="The tag the container runs.")


@strawberry.type(
    description="The tags a container could move to, under its version labels."
)
class ContainerTagOptions:
    container: str = strawberry.field(description="Container name.")
    image: str = strawberry.field(description="Image as configured.")
    current_tag: str = strawberry.field(description="Tag in use.")
    constraints: list[Label] = strawberry.field(
        description="The version labels in effect, by key."
    )
    tags: list[TagOption] = strawberry.field(
        description="Every tag of the repository, newest first."
    )

    @classmethod
    def from_domain(cls, found: DomainTagOptions) -> ContainerTagOptions:
        return cls(
            container=found.container,
            image=found.image,
            current_tag=found.current_tag,
            constraints=labels_of(found.constraints),
            tags=[
                TagOption(
                    tag=o.tag,
                    allowed=o.allowed,
                    excluded_by=o.excluded_by,
                    current=o.current,
                )
                for o in found.options
            ],
        )


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
    registries_in_use: list[RegistryInUse] = strawberry.field(
        description="The registries the checked containers pull from, with "
        "where their credentials come from."
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
            registries_in_use=[
                RegistryInUse(
                    registry=u.registry,
                    containers=list(u.containers),
                    credentials_found=u.credentials_found,
                    credential_source=u.credential_source,
                )
                for u in report.registries_in_use
            ],
        )
