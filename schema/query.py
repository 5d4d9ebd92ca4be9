from __future__ import annotations

import strawberry

from resolvers import containers, docker_config, health, operations, registry, scripts
from schema.auth import AuthQuery
from schema.autoupdate import AutoUpdateQuery
from schema.checks import ChecksQuery
from schema.context import Info
from schema.errors import or_none
from schema.explorer import ExplorerQuery, HostArg
from schema.hosts import HostsQuery
from schema.lifecycle import LifecycleQuery
from schema.notifications import NotificationsQuery
from schema.types.health import Health
from schema.types.operation import Operation, OperationConnection, OperationFilter
from schema.types.registry import ContainerTagOptions, DockerConfig, RegistryTagList
from schema.types.scripts import Script, ScriptAssignment, ScriptsFolderInfo
from schema.updates import UpdatesQuery


@strawberry.type
class Query(
    UpdatesQuery,
    ChecksQuery,
    ExplorerQuery,
    LifecycleQuery,
    HostsQuery,
    AutoUpdateQuery,
    NotificationsQuery,
    AuthQuery,
):
    @strawberry.field(
        description="Health of Docksmith, the Docker engine and the database."
    )
    async def health(self, info: Info) -> Health:
        return Health.from_domain(await health.get_health(info.context.app))

    @strawberry.field(description="Operations, newest first, paginated.")
    async def operations(
        self,
        info: Info,
        filter: OperationFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> OperationConnection:
        f = filter or OperationFilter()
        page = await operations.list_operations(
            info.context.app,
            container=f.container,
            status=f.status,
            operation_type=f.type,
            batch_group_id=f.batch_group_id,
            started_since=f.started_since,
            started_before=f.started_before,
            limit=first,
            cursor=after,
            host=f.host,
        )
        return OperationConnection.from_domain(page, after=after)

    @strawberry.field(description="One operation with its log; null when unknown.")
    async def operation(self, info: Info, id: str) -> Operation | None:
        found = await or_none(
            operations.get_operation(info.context.app, operation_id=id)
        )
        return Operation.from_detail(found) if found else None

    @strawberry.field(description="Scripts available in SCRIPTS_DIR.")
    async def scripts(self, info: Info) -> list[Script]:
        return [
            Script.from_domain(s) for s in await scripts.list_scripts(info.context.app)
        ]

    @strawberry.field(
        description="SCRIPTS_DIR and its state, to tell an empty folder from a "
        "missing or unreadable one."
    )
    async def scripts_folder(self, info: Info) -> ScriptsFolderInfo:
        folder = await scripts.scripts_folder(info.context.app)
        return ScriptsFolderInfo.from_domain(folder)

    @strawberry.field(description="Pre-update scripts assigned to containers.")
    async def script_assignments(self, info: Info) -> list[ScriptAssignment]:
        rows = await scripts.list_script_assignments(info.context.app)
        return [ScriptAssignment.from_domain(r) for r in rows]

    @strawberry.field(
        description="Tags the registry holds for an image (may include host:port)."
    )
    async def registry_tags(self, info: Info, image: str) -> RegistryTagList:
        result = await registry.list_registry_tags(info.context.app, image=image)
        return RegistryTagList.from_domain(result)

    @strawberry.field(
        description="A container's registry tags, newest first, each allowed or "
        "ruled out by its version labels (with the reason); null when there is "
        "no such container."
    )
    async def container_tag_options(
        self, info: Info, name: str, host: HostArg = None
    ) -> ContainerTagOptions | None:
        # Only the container's absence is null: a registry that does not know
        # the image is an error with its code.
        details = await or_none(
            containers.inspect_container(info.context.app, name=name, host=host)
        )
        if details is None:
            return None
        found = await registry.container_tag_options(info.context.app, details=details)
        return ContainerTagOptions.from_domain(found)

    @strawberry.field(
        description="Docker config location and which registries have credentials."
    )
    async def docker_config(self, info: Info) -> DockerConfig:
        return DockerConfig.from_domain(
            await docker_config.get_docker_config(info.context.app)
        )
