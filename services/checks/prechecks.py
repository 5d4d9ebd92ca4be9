"""Pre-update checks: the script a container's label or assignment names.

The `docksmith.pre-update-check` label wins over an assignment made through
the scripts API (the original read only the label). Scripts are confined to
SCRIPTS_DIR and run with a timeout; a script that cannot be used blocks the
update with the reason, rather than silently allowing it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from pathlib import Path

from services.checks.model import CheckResult, PreUpdateCheck, PreUpdateSource
from services.errors import InvalidInputError
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.scripts.catalog import ScriptCatalog
from services.scripts.runner import run_script
from services.spawnwatch import SpawnWatch

PRE_UPDATE_LABEL = "docksmith.pre-update-check"
# (container, host) -> the script assigned to it. A container is (host, name):
# a namesake on another host has assignments of its own.
AssignmentLookup = Callable[[str, str], Awaitable[str | None]]
AllAssignments = Callable[[], Awaitable[Mapping[tuple[str, str], str]]]


@frozen
class PreUpdateChecker:
    scripts_dir: Path
    assignment_for: AssignmentLookup
    timeout_seconds: float = 60.0
    all_assignments: AllAssignments | None = None
    watch: SpawnWatch | None = None

    async def for_run(self) -> PreUpdateChecker:
        """This checker with every assignment read at once: a check of
        hundreds of containers asks the store one question, not one each."""
        if self.all_assignments is None:
            return self
        snapshot = dict(await self.all_assignments())

        async def lookup(name: str, host: str) -> str | None:
            return snapshot.get((host, name))

        return replace(self, assignment_for=lookup, all_assignments=None)

    async def script_for(
        self,
        name: str,
        labels: Mapping[str, str],
        override: str | None = None,
        host: str = DEFAULT_HOST,
    ) -> tuple[str, PreUpdateSource] | None:
        """(script as configured, source) or None when the container has none."""
        if override and override.strip():
            return override.strip(), PreUpdateSource.REQUEST
        label = (labels.get(PRE_UPDATE_LABEL) or "").strip()
        if label:
            return label, PreUpdateSource.LABEL
        assigned = await self.assignment_for(name, host)
        return (assigned, PreUpdateSource.ASSIGNMENT) if assigned else None

    async def run(
        self, result: CheckResult, *, target_version: str | None = None
    ) -> PreUpdateCheck | None:
        return await self.run_for(
            name=result.name,
            container_id=result.id,
            image=result.image,
            labels=result.labels,
            current_version=result.current_version,
            target_version=target_version or result.latest_version,
            stack=result.stack,
            host=result.host,
        )

    async def run_for(
        self,
        *,
        name: str,
        container_id: str,
        image: str,
        labels: Mapping[str, str],
        current_version: str | None,
        target_version: str | None,
        stack: str | None,
        script_override: str | None = None,
        host: str = DEFAULT_HOST,
    ) -> PreUpdateCheck | None:
        found = await self.script_for(name, labels, script_override, host)
        if found is None:
            return None
        script, source = found
        try:
            path = ScriptCatalog(self.scripts_dir).resolve(script)
        except InvalidInputError as exc:
            return PreUpdateCheck(
                script=script, passed=False, output=exc.message, source=source
            )
        outcome = await run_script(
            path,
            args=[container_id, name],
            env={
                "CONTAINER_NAME": name,
                "CONTAINER_ID": container_id,
                "IMAGE": image,
                "CURRENT_VERSION": current_version or "",
                "TARGET_VERSION": target_version or "",
                "STACK": stack or "",
            },
            timeout_seconds=self.timeout_seconds,
            display_name=script,
            watch=self.watch,
        )
        return PreUpdateCheck(
            script=script, passed=outcome.ok, output=outcome.describe(), source=source
        )
