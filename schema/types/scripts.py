from __future__ import annotations

from datetime import datetime

import strawberry

from services.scripts.catalog import ScriptInfo, ScriptsFolder, ScriptsFolderState
from services.store.records import ScriptAssignmentRecord


@strawberry.type(description="A script in SCRIPTS_DIR.")
class Script:
    name: str = strawberry.field(description="File name.")
    path: str = strawberry.field(description="Full path.")
    relative_path: str = strawberry.field(description="Path inside SCRIPTS_DIR.")
    executable: bool = strawberry.field(description="Whether it can run.")
    size: int = strawberry.field(description="Size in bytes.")
    modified: datetime = strawberry.field(description="Last modification.")

    @classmethod
    def from_domain(cls, info: ScriptInfo) -> Script:
        return cls(
            name=info.name,
            path=info.path,
            relative_path=info.relative_path,
            executable=info.executable,
            size=info.size,
            modified=info.modified,
        )


@strawberry.type(
    name="ScriptsFolder", description="SCRIPTS_DIR, and whether Docksmith can list it."
)
class ScriptsFolderInfo:
    path: str = strawberry.field(description="The folder (SCRIPTS_DIR).")
    state: ScriptsFolderState = strawberry.field(
        description="READY when it can be listed (it may hold no script)."
    )

    @classmethod
    def from_domain(cls, folder: ScriptsFolder) -> ScriptsFolderInfo:
        return cls(path=folder.path, state=folder.state)


@strawberry.type(description="A pre-update script assigned to a container.")
class ScriptAssignment:
    container_name: str = strawberry.field(description="The container.")
    host: str = strawberry.field(description="The container's Docker host.")
    script_path: str = strawberry.field(description="Path inside SCRIPTS_DIR.")
    enabled: bool = strawberry.field(description="Whether it is used.")
    assigned_by: str | None = strawberry.field(description="Who assigned it.")
    assigned_at: datetime | None = strawberry.field(description="When.")

    @classmethod
    def from_domain(cls, row: ScriptAssignmentRecord) -> ScriptAssignment:
        return cls(
            container_name=row.container_name,
            host=row.host,
            script_path=row.script_path,
            enabled=row.enabled,
            assigned_by=row.assigned_by,
            assigned_at=row.assigned_at,
        )


@strawberry.type(description="The assignment was removed.")
class ScriptUnassigned:
    container_name: str = strawberry.field(description="The container.")
