from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import scripts
from schema.auth import AuthMutation
from schema.autoupdate import AutoUpdateMutation
from schema.checks import ChecksMutation
from schema.context import Info
from schema.errors import UserErrors
from schema.explorer import ExplorerMutation
from schema.hosts import HostsMutation
from schema.lifecycle import LifecycleMutation
from schema.notifications import NotificationsMutation
from schema.types.inputs import AssignScriptInput, UnassignScriptInput
from schema.types.scripts import ScriptAssignment, ScriptUnassigned
from schema.updates import UpdatesMutation

AssignScriptResult = Annotated[
    ScriptAssignment | UserErrors, strawberry.union("AssignScriptResult")
]
UnassignScriptResult = Annotated[
    ScriptUnassigned | UserErrors, strawberry.union("UnassignScriptResult")
]


@strawberry.type
class Mutation(
    UpdatesMutation,
    ChecksMutation,
    ExplorerMutation,
    LifecycleMutation,
    HostsMutation,
    AutoUpdateMutation,
    NotificationsMutation,
    AuthMutation,
):
    @strawberry.mutation(
        description="Assign a pre-update script (inside SCRIPTS_DIR) to a container."
    )
    async def assign_script(
        self, info: Info, input: AssignScriptInput
    ) -> AssignScriptResult:
        row = await scripts.assign_script(
            info.context.app,
            container=input.container,
            script=input.script,
            assigned_by="graphql",
            host=input.host,
        )
        return ScriptAssignment.from_domain(row)

    @strawberry.mutation(description="Remove a container's script assignment.")
    async def unassign_script(
        self, info: Info, input: UnassignScriptInput
    ) -> UnassignScriptResult:
        await scripts.unassign_script(
            info.context.app, container=input.container, host=input.host
        )
        return ScriptUnassigned(container_name=input.container)
