"""The `input:` object of every mutation that takes arguments.

One input per mutation (`<Mutation>Input`), so a mutation can gain a field
without breaking a client. A field that names a container is `container`,
one that names an operation `operationId` (docs/graphql.md, "Conventions").
"""

from __future__ import annotations

import strawberry

from schema.types.enums import PolicyEntityType
from schema.types.lifecycle import LabelInput, TypedLabelsInput
from schema.types.update import BatchUpdateItem

HOST = "The Docker host it acts on (hosts; default `local`)."
FORCE = "Go ahead despite a protection (see the mutation's description)."
GRACE = "Seconds before SIGKILL (0 to 600)."
STACKS = "Also prune what compose stacks still reference."


@strawberry.input(description="Which container to update, and to what.")
class UpdateContainerInput:
    container: str = strawberry.field(description="Name or id prefix.")
    version: str | None = strawberry.field(
        default=None, description="Tag to move to (default: the latest allowed)."
    )
    script: str | None = strawberry.field(
        default=None, description="Pre-update script for this update only."
    )
    force: bool = strawberry.field(
        default=False, description="Skip the pre-update check and version labels."
    )
    host: str | None = strawberry.field(
        default=None, description="The container's Docker host (default `local`)."
    )


@strawberry.input(description="Several containers to update in dependency order.")
class UpdateContainersInput:
    containers: list[BatchUpdateItem] = strawberry.field(
        description="The containers and (optionally) their versions."
    )
    force: bool = strawberry.field(
        default=False, description="Skip pre-update checks and version labels."
    )


@strawberry.input(description="Which update to roll back.")
class RollbackOperationInput:
    operation_id: str = strawberry.field(description="The update's operation.")
    containers: list[str] | None = strawberry.field(
        default=None, description="Only these of its containers (default: all)."
    )
    force: bool = strawberry.field(
        default=False, description="Roll back even if it no longer stands."
    )


@strawberry.input(description="A container whose compose file names another image.")
class FixComposeMismatchInput:
    container: str = strawberry.field(description="Name or id prefix.")
    host: str | None = strawberry.field(
        default=None, description="The container's Docker host (default `local`)."
    )


@strawberry.input(
    description="An auto-rollback policy; unset fields keep their value "
    "(give at least one)."
)
class SetRollbackPolicyInput:
    entity_type: PolicyEntityType = strawberry.field(
        description="What the policy applies to."
    )
    entity_id: str = strawberry.field(
        default="", description="Stack or container name (empty for GLOBAL)."
    )
    auto_rollback: bool | None = strawberry.field(
        default=None, description="Roll back a failed update by itself."
    )
    health_timeout_seconds: int | None = strawberry.field(
        default=None, description="How long to wait for healthy (1-3600)."
    )
    stability_window_seconds: int | None = strawberry.field(
        default=None,
        description="Without a healthcheck: how long it must keep running (0-600).",
    )
    host: str | None = strawberry.field(
        default=None,
        description="The Docker host of the stack or container (default `local`).",
    )


@strawberry.input(description="A stack's or a container's rollback policy to remove.")
class RemoveRollbackPolicyInput:
    entity_type: PolicyEntityType = strawberry.field(
        description="What the policy applies to (STACK or CONTAINER)."
    )
    entity_id: str = strawberry.field(description="Stack or container name.")
    host: str | None = strawberry.field(
        default=None,
        description="The Docker host of the stack or container (default `local`).",
    )


@strawberry.input(description="A container to check now.")
class RecheckContainerInput:
    container: str = strawberry.field(description="Name or id prefix.")
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="A container to stop.")
class StopContainerInput:
    container: str = strawberry.field(description="Name or id prefix.")
    timeout: int = strawberry.field(default=10, description=GRACE)
    force: bool = strawberry.field(
        default=False, description="Also stop Docksmith's own container."
    )
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="A container to start.")
class StartContainerInput:
    container: str = strawberry.field(description="Name or id prefix.")
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="A container to restart.")
class RestartContainerInput:
    container: str = strawberry.field(description="Name or id prefix.")
    timeout: int = strawberry.field(default=10, description=GRACE)
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="A container to remove.")
class RemoveContainerInput:
    container: str = strawberry.field(description="Name or id prefix.")
    force: bool = strawberry.field(
        default=False,
        description="Remove it even if it runs (or is Docksmith's own).",
    )
    volumes: bool = strawberry.field(
        default=False, description="Also remove its anonymous volumes."
    )
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="An image to remove or untag.")
class RemoveImageInput:
    image: str = strawberry.field(description="Id, id prefix or repo:tag.")
    force: bool = strawberry.field(
        default=False, description="Remove it even if a container uses it."
    )
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="A network to remove.")
class RemoveNetworkInput:
    network: str = strawberry.field(description="Name or id.")
    force: bool = strawberry.field(
        default=False, description="Disconnect its containers first."
    )
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="A volume to remove.")
class RemoveVolumeInput:
    volume: str = strawberry.field(description="Name.")
    force: bool = strawberry.field(default=False, description=FORCE)
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="What a prune may touch.")
class PruneInput:
    include_stacks: bool = strawberry.field(default=False, description=STACKS)
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="Which images a prune removes.")
class PruneImagesInput:
    all: bool = strawberry.field(
        default=False, description="Every unused image, not only dangling ones."
    )
    include_stacks: bool = strawberry.field(default=False, description=STACKS)
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="What a system prune removes.")
class PruneSystemInput:
    all: bool = strawberry.field(
        default=False, description="Every unused image, not only dangling ones."
    )
    volumes: bool = strawberry.field(
        default=False, description="Also prune unused volumes."
    )
    include_stacks: bool = strawberry.field(default=False, description=STACKS)
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="Labels to set in a container's compose file.")
class SetLabelsInput:
    container: str = strawberry.field(description="Name or id prefix.")
    labels: list[LabelInput] | None = strawberry.field(
        default=None, description="Any labels, by key."
    )
    typed: TypedLabelsInput | None = strawberry.field(
        default=None, description="The docksmith.* labels by meaning."
    )
    no_restart: bool = strawberry.field(
        default=False, description="Write the file but do not recreate."
    )
    force: bool = strawberry.field(
        default=False, description="Skip the pre-update check."
    )
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="Labels to check as setLabels would, changing nothing.")
class ValidateLabelsInput:
    container: str = strawberry.field(description="Name or id prefix.")
    labels: list[LabelInput] | None = strawberry.field(
        default=None, description="Any labels, by key."
    )
    typed: TypedLabelsInput | None = strawberry.field(
        default=None, description="The docksmith.* labels by meaning."
    )
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="Labels to remove from a container's compose file.")
class RemoveLabelsInput:
    container: str = strawberry.field(description="Name or id prefix.")
    labels: list[str] = strawberry.field(description="Label keys.")
    no_restart: bool = strawberry.field(
        default=False, description="Write the file but do not recreate."
    )
    force: bool = strawberry.field(
        default=False, description="Skip the pre-update check."
    )
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="A container to restart with its dependants.")
class RestartWithDependantsInput:
    container: str = strawberry.field(description="Name or id prefix.")
    force: bool = strawberry.field(
        default=False, description="Skip the pre-update check."
    )
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="A compose stack to restart.")
class RestartStackInput:
    stack: str = strawberry.field(description="Compose project name.")
    force: bool = strawberry.field(default=False, description="Skip pre-update checks.")
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="A pre-update script for a container.")
class AssignScriptInput:
    container: str = strawberry.field(description="Container name.")
    script: str = strawberry.field(description="Path inside SCRIPTS_DIR.")
    host: str | None = strawberry.field(default=None, description=HOST)


@strawberry.input(description="A container whose script assignment to remove.")
class UnassignScriptInput:
    container: str = strawberry.field(description="Container name.")
    host: str | None = strawberry.field(default=None, description=HOST)
