from __future__ import annotations

from typing import Any

import strawberry

from schema.types.common import Label, labels_of
from schema.types.enums import AutoRollbackLabel, AutoUpdateLabel
from services.lifecycle.label_ops import ContainerLabels as DomainLabels
from services.lifecycle.labels import LabelProblem as DomainProblem


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
    key: str = strawberry.field(description="The label's name.")
    value: str = strawberry.field(description="Its value.")


def _typed(description: str) -> Any:
    return strawberry.field(default=None, description=description)


@strawberry.input(
    description="The original's typed label fields; false or an empty string deletes."
)
class TypedLabelsInput:
    ignore: bool | None = _typed("docksmith.ignore: never check or update it.")
    allow_latest: bool | None = _typed("docksmith.allow-latest: follow `latest`.")
    allow_prerelease: bool | None = _typed(
        "docksmith.allow-prerelease: offer prereleases."
    )
    version_pin_major: bool | None = _typed(
        "docksmith.version-pin-major: stay on this major version."
    )
    version_pin_minor: bool | None = _typed(
        "docksmith.version-pin-minor: stay on this minor version."
    )
    version_pin_patch: bool | None = _typed(
        "docksmith.version-pin-patch: stay on this patch version."
    )
    tag_regex: str | None = _typed("docksmith.tag-regex: tags must match it.")
    version_min: str | None = _typed("docksmith.version-min: lowest version.")
    version_max: str | None = _typed("docksmith.version-max: highest version.")
    script: str | None = _typed("docksmith.pre-update-check: script path.")
    restart_after: str | None = _typed(
        "docksmith.restart-after: containers to restart after this one."
    )
    auto_rollback: AutoRollbackLabel | None = _typed(
        "docksmith.auto-rollback: whether a failed update rolls back; POLICIES "
        "removes the label so the rollback policies decide."
    )
    post_update: str | None = _typed(
        "docksmith.post-update: restart:<containers>, compose-restart:<services>, "
        "script:<path> or exec:<command>."
    )
    auto_update: AutoUpdateLabel | None = _typed(
        "docksmith.auto-update: how far unattended updates may go; POLICIES "
        "removes the label so the auto-update policies decide."
    )
    min_age: str | None = _typed(
        "docksmith.min-age: how old a candidate image must be (3d, 12h, 1w, "
        "1d12h, 0); empty follows the policies."
    )
    maintenance_window: str | None = _typed(
        "docksmith.maintenance-window: when unattended updates may happen "
        "(`sat,sun 02:00-06:00; fri 22:00-02:00`); empty follows the policies."
    )


@strawberry.type(description="Why a label change would be refused.")
class LabelProblem:
    label: str | None = strawberry.field(
        description="The label to blame; null when the change as a whole is refused."
    )
    message: str = strawberry.field(description="What is wrong, for a person.")


@strawberry.type(
    description="What setLabels would say about a change, before it is made."
)
class LabelValidation:
    valid: bool = strawberry.field(description="setLabels would accept it.")
    problems: list[LabelProblem] = strawberry.field(description="Why not.")

    @classmethod
    def from_domain(cls, problems: list[DomainProblem]) -> LabelValidation:
        return cls(
            valid=not problems,
            problems=[LabelProblem(label=p.label, message=p.message) for p in problems],
        )
