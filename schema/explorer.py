"""Explorer, container operations and prune: root-field mixins.

The root `Query`, `Mutation` and `Subscription` inherit these, so the fields
sit at the root while their code stays with the feature.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Annotated

import strawberry

from resolvers import containers, explorer, prune
from schema.context import Info
from schema.errors import UserErrors, or_none
from schema.types.explorer import (
    ContainerActionSuccess,
    ContainerInspection,
    ContainerLogLine,
    ContainerLogOutput,
    ContainerStatsSample,
    DockerImage,
    DockerNetwork,
    DockerVolume,
    ExplorerView,
    ImageRemoved,
    Pruned,
    ResourceRemoved,
    SystemPruned,
)
from schema.types.inputs import (
    PruneImagesInput,
    PruneInput,
    PruneSystemInput,
    RemoveContainerInput,
    RemoveImageInput,
    RemoveNetworkInput,
    RemoveVolumeInput,
    RestartContainerInput,
    StartContainerInput,
    StopContainerInput,
)

ContainerActionResult = Annotated[
    ContainerActionSuccess | UserErrors, strawberry.union("ContainerActionResult")
]
RemoveImageResult = Annotated[
    ImageRemoved | UserErrors, strawberry.union("RemoveImageResult")
]
RemoveResourceResult = Annotated[
    ResourceRemoved | UserErrors, strawberry.union("RemoveResourceResult")
]
PruneResult = Annotated[Pruned | UserErrors, strawberry.union("PruneResult")]
SystemPruneResult = Annotated[
    SystemPruned | UserErrors, strawberry.union("SystemPruneResult")
]

HostArg = Annotated[
    str | None,
    strawberry.argument(description="The Docker host (hosts; default `local`)."),
]


@strawberry.type
class ExplorerQuery:
    @strawberry.field(description="Containers, images, networks and volumes at once.")
    async def explorer(self, info: Info, host: HostArg = None) -> ExplorerView:
        found = await explorer.get_explorer(info.context.app, host=host)
        return ExplorerView.from_domain(found)

    @strawberry.field(description="Local images, with the containers using them.")
    async def images(self, info: Info, host: HostArg = None) -> list[DockerImage]:
        found = await explorer.list_images(info.context.app, host=host)
        return [DockerImage.from_domain(i) for i in found]

    @strawberry.field(description="Networks, with the containers using them.")
    async def networks(self, info: Info, host: HostArg = None) -> list[DockerNetwork]:
        found = await explorer.list_networks(info.context.app, host=host)
        return [DockerNetwork.from_domain(n) for n in found]

    @strawberry.field(description="Volumes, with users and (optionally) sizes.")
    async def volumes(
        self, info: Info, with_sizes: bool = True, host: HostArg = None
    ) -> list[DockerVolume]:
        found = await explorer.list_volumes(
            info.context.app, with_sizes=with_sizes, host=host
        )
        return [DockerVolume.from_domain(v) for v in found]

    @strawberry.field(
        description="The end of a container's log; null when there is no such "
        "container."
    )
    async def container_logs(
        self,
        info: Info,
        name: str,
        tail: int | None = 100,
        since: Annotated[
            str | None,
            strawberry.argument(
                description="RFC 3339 time, Unix seconds or a duration back (10m)."
            ),
        ] = None,
        timestamps: bool = False,
        host: HostArg = None,
    ) -> ContainerLogOutput | None:
        logs = await or_none(
            containers.get_logs(
                info.context.app,
                name=name,
                tail=tail,
                since=since,
                timestamps=timestamps,
                host=host,
            )
        )
        return ContainerLogOutput.from_domain(logs) if logs else None

    @strawberry.field(
        description="A readable view of a container's inspect data; null when "
        "there is no such container."
    )
    async def container_inspect(
        self, info: Info, name: str, host: HostArg = None
    ) -> ContainerInspection | None:
        details = await or_none(
            containers.inspect_container(info.context.app, name=name, host=host)
        )
        return ContainerInspection.from_domain(details) if details else None

    @strawberry.field(
        description="One resource sample of a running container; null when there "
        "is no such container."
    )
    async def container_stats(
        self, info: Info, name: str, host: HostArg = None
    ) -> ContainerStatsSample | None:
        stats = await or_none(
            containers.get_stats(info.context.app, name=name, host=host)
        )
        return ContainerStatsSample.from_domain(stats) if stats else None


@strawberry.type
class ExplorerMutation:
    @strawberry.mutation(
        description="Stop a container (Docksmith's own only with force)."
    )
    async def stop_container(
        self, info: Info, input: StopContainerInput
    ) -> ContainerActionResult:
        done = await containers.stop_container(
            info.context.app,
            host=input.host,
            name=input.container,
            grace_seconds=input.timeout,
            force=input.force,
        )
        return ContainerActionSuccess.from_domain(done)

    @strawberry.mutation(description="Start a container.")
    async def start_container(
        self, info: Info, input: StartContainerInput
    ) -> ContainerActionResult:
        done = await containers.start_container(
            info.context.app, host=input.host, name=input.container
        )
        return ContainerActionSuccess.from_domain(done)

    @strawberry.mutation(description="Restart a container.")
    async def restart_container(
        self, info: Info, input: RestartContainerInput
    ) -> ContainerActionResult:
        done = await containers.restart_container(
            info.context.app,
            host=input.host,
            name=input.container,
            grace_seconds=input.timeout,
        )
        return ContainerActionSuccess.from_domain(done)

    @strawberry.mutation(
        description="Remove a container (a running one, or Docksmith, only with force)."
    )
    async def remove_container(
        self, info: Info, input: RemoveContainerInput
    ) -> ContainerActionResult:
        done = await containers.remove_container(
            info.context.app,
            host=input.host,
            name=input.container,
            force=input.force,
            volumes=input.volumes,
        )
        return ContainerActionSuccess.from_domain(done)

    @strawberry.mutation(description="Remove an image; one in use only with force.")
    async def remove_image(
        self, info: Info, input: RemoveImageInput
    ) -> RemoveImageResult:
        removed = await explorer.remove_image(
            info.context.app, host=input.host, image=input.image, force=input.force
        )
        return ImageRemoved.from_domain(removed)

    @strawberry.mutation(
        description="Remove a network; force disconnects its containers first."
    )
    async def remove_network(
        self, info: Info, input: RemoveNetworkInput
    ) -> RemoveResourceResult:
        name = await explorer.remove_network(
            info.context.app, host=input.host, network=input.network, force=input.force
        )
        return ResourceRemoved(name=name, message=f"Network {name} removed")

    @strawberry.mutation(description="Remove a volume no container uses.")
    async def remove_volume(
        self, info: Info, input: RemoveVolumeInput
    ) -> RemoveResourceResult:
        removed = await explorer.remove_volume(
            info.context.app, host=input.host, name=input.volume, force=input.force
        )
        return ResourceRemoved(name=removed, message=f"Volume {removed} removed")

    @strawberry.mutation(description="Remove stopped containers.")
    async def prune_containers(
        self, info: Info, input: PruneInput | None = None
    ) -> PruneResult:
        options = input or PruneInput()
        report = await prune.prune_containers(
            info.context.app, host=options.host, include_stacks=options.include_stacks
        )
        return Pruned.from_domain(report)

    @strawberry.mutation(description="Remove dangling (or, with all, unused) images.")
    async def prune_images(
        self, info: Info, input: PruneImagesInput | None = None
    ) -> PruneResult:
        options = input or PruneImagesInput()
        report = await prune.prune_images(
            info.context.app,
            host=options.host,
            all_unused=options.all,
            include_stacks=options.include_stacks,
        )
        return Pruned.from_domain(report)

    @strawberry.mutation(description="Remove networks no container uses.")
    async def prune_networks(
        self, info: Info, input: PruneInput | None = None
    ) -> PruneResult:
        options = input or PruneInput()
        report = await prune.prune_networks(
            info.context.app, host=options.host, include_stacks=options.include_stacks
        )
        return Pruned.from_domain(report)

    @strawberry.mutation(description="Remove volumes no container uses.")
    async def prune_volumes(
        self, info: Info, input: PruneInput | None = None
    ) -> PruneResult:
        options = input or PruneInput()
        report = await prune.prune_volumes(
            info.context.app, host=options.host, include_stacks=options.include_stacks
        )
        return Pruned.from_domain(report)

    @strawberry.mutation(
        description="Prune containers, networks, images and (optionally) volumes."
    )
    async def prune_system(
        self, info: Info, input: PruneSystemInput | None = None
    ) -> SystemPruneResult:
        options = input or PruneSystemInput()
        report = await prune.prune_system(
            info.context.app,
            host=options.host,
            all_images=options.all,
            volumes=options.volumes,
            include_stacks=options.include_stacks,
        )
        return SystemPruned.from_domain(report)


@strawberry.type
class ExplorerSubscription:
    @strawberry.subscription(
        description="Follow a container's log; ends when it stops."
    )
    async def container_logs(
        self, info: Info, name: str, tail: int = 100, host: HostArg = None
    ) -> AsyncGenerator[ContainerLogLine, None]:
        stream = containers.stream_logs(
            info.context.app, name=name, tail=tail, host=host
        )
        async with aclosing(stream) as lines:
            async for line in lines:
                yield ContainerLogLine.from_domain(line)

    @strawberry.subscription(
        description="One resource sample per second while the container runs."
    )
    async def container_stats(
        self, info: Info, name: str, host: HostArg = None
    ) -> AsyncGenerator[ContainerStatsSample, None]:
        stream = containers.stream_stats(info.context.app, name=name, host=host)
        async with aclosing(stream) as samples:
            async for sample in samples:
                yield ContainerStatsSample.from_domain(sample)
