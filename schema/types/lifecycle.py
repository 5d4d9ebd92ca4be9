from __future__ import annotations

import strawberry

from schema.types.common import Label, labels_of
from services.lifecycle.label_ops import ContainerLabels as DomainLabels


@strawberry.type(
    description="A container's labels and where docksmith.* ones come from."
)
class ContainerLabels:
    container: str = strawberry.field(description="Container name.")
    labels: list[Label] = strawberry.field(
        description="Every label the container has, by key."
    )
    compose_labels: list[Label] = strawberry.field(
        description="The docksmith.* labels its compose file sets, by key."
    )
    compose_file: str | None = strawberry.field(
        description="The compose file label changes are written to."
    )
    service: str | None = strawberry.field(description="Compose service name.")

    @classmethod
    def from_domain(cls, found: DomainLabels) -> ContainerLabels:
        return cls(
            container=found.container,
            labels=labels_of(found.labels),
            compose_labels=labels_of(found.compose_labels),
            compose_file=found.compose_file,
            service=found.service,
        )


@strawberry.input(description="One label to set.")
class LabelInput:
    key: str
    value: str


@strawberry.input(
    description="The original's typed label fields; false or an empty string deletes."
)
class TypedLabelsInput:
    ignore: bool | None = None
    allow_latest: bool | None = None
    allow_prerelease: bool | None = None
    version_pin_major: bool | None = None
    version_pin_minor: bool | None = None
    version_pin_patch: bool | None = None
    tag_regex: str | None = None
    version_min: str | None = None
    version_max: str | None = None
    script: str | None = None
    restart_after: str | None = None
