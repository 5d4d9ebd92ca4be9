from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import scripts
from schema.checks import ChecksMutation
from schema.context import Info
from schema.errors import InvalidInputError, NotFoundError, UpstreamFailureError
from schema.explorer import ExplorerMutation
from schema.lifecycle import LifecycleMutation
from schema.types.scripts import ScriptAssignment, ScriptUnassigned
from schema.updates import UpdatesMutation

AssignScriptResult = Annotated[
    ScriptAssignment | NotFoundError | InvalidInputError | UpstreamFailureError,
    strawberry.union("AssignScriptResult"),
]
UnassignScriptResult = Annotated[
    ScriptUnassigned | NotFoundError, strawberry.union("UnassignScriptResult")
]


@strawberry.type
class Mutation(UpdatesMutation, ChecksMutation, ExplorerMutation, LifecycleMutation):
    @strawberry.mutation(
        description="Assign a pre-update script (inside SCRIPTS_DIR) to a container."
    )
    async def assign_script(
        self, info: Info, container: str, script: str
    ) -> AssignScriptResult:
        row = await scripts.assign_script(
            info.context.app, container=container, script=script, assigned_by="graphql"
        )
        return ScriptAssignment.from_domain(row)

    @strawberry.mutation(description="Remove a container's script assignment.")
    async def unassign_script(self, info: Info, container: str) -> UnassignScriptResult:
        await scripts.unassign_script(info.context.app, container=container)
        return ScriptUnassigned(container_name=container)
