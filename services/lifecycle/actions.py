"""`docksmith.post-update` actions: what the label means and running it.

`restart:a,b` restarts containers by name through the Engine API;
`compose-restart:s1,s2` runs `compose restart` on services of the updated
container's project; both claim what they restart for as long as it takes
(`ClaimRegistry`), so a container something else holds is not restarted;
`script:path` runs a script confined to SCRIPTS_DIR (arguments `<id> <name>`,
the container's facts as environment, a timeout) with the container's whole
stack claimed, since what it changes is unknown;
`exec:command` runs the command INSIDE the updated container (compose
`exec -T`, i.e. the Engine's exec API), split like a shell would split it but
without a shell, and only when the administrator set ALLOW_EXEC_ACTIONS.
Never a host shell: a label set through the API must not become remote
command execution on the host. A failed action is a warning, not a rollback.
"""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

from services.docker.resources import ContainerDetails
from services.errors import DocksmithError, InvalidInputError
from services.frozen import frozen
from services.lifecycle.dependants import RestartEngine
from services.scripts.catalog import ScriptCatalog
from services.scripts.runner import run_script
from services.updates.claims import ClaimRegistry
from services.updates.context import UpdateDeps
from services.updates.member import PROJECT, SERVICE, load_project

POST_UPDATE = "docksmith.post-update"
KINDS = ("restart", "compose-restart", "script", "exec")
Log = Callable[[str, str], Awaitable[None]]


@frozen
class Action:
    kind: str
    argument: str

    @property
    def names(self) -> list[str]:
        return [n.strip() for n in self.argument.split(",") if n.strip()]


def parse_action(value: str) -> Action:
    kind, sep, argument = value.strip().partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in KINDS or not argument.strip():
        raise InvalidInputError(
            f"{POST_UPDATE} must be one of restart:<containers>, "
            "compose-restart:<services>, script:<path> or exec:<command>, "
            f"not {value!r}"
        )
    action = Action(kind, argument.strip())
    if kind == "exec":
        try:
            if not shlex.split(action.argument):
                raise ValueError("empty command")
        except ValueError as exc:
            raise InvalidInputError(f"exec: command cannot be parsed: {exc}") from exc
    return action


@frozen
class PostUpdateRunner:
    deps: UpdateDeps
    engine: RestartEngine
    claims: ClaimRegistry
    allow_exec: bool
    timeout_seconds: float

    async def run(
        self,
        details: ContainerDetails,
        *,
        log: Log,
        facts: Mapping[str, str],
        owner: str | None = None,
    ) -> bool | None:
        """Run the container's action; None without one, else whether it worked.

        `owner` is the operation that ran the update: the containers it
        holds are restarted under its claim; any other is claimed for its
        restart, and one that something else holds fails the action."""
        raw = (details.labels.get(POST_UPDATE) or "").strip()
        if not raw:
            return None
        try:
            action = parse_action(raw)
            await log(
                f"{details.name}: post-update {action.kind}: {action.argument}", "info"
            )
            await self._run(action, details, log, facts, owner)
        except DocksmithError as exc:
            await log(
                f"{details.name}: post-update action failed: {exc.message}", "warning"
            )
            return False
        return True

    async def _run(
        self,
        action: Action,
        details: ContainerDetails,
        log: Log,
        facts: Mapping[str, str],
        owner: str | None,
    ) -> None:
        if action.kind == "restart":
            for name in action.names:
                with self.claims.held(
                    [name], "post-update restart", within=owner, host=self.deps.host
                ):
                    await self.engine.restart_container(name)
                await log(f"{details.name}: post-update restarted {name}", "info")
        elif action.kind == "compose-restart":
            members = await self._stack_members(details, action.names)
            with self.claims.held(
                members, "post-update restart", within=owner, host=self.deps.host
            ):
                await self._compose(details, ["restart", *action.names], log)
        elif action.kind == "script":
            # What a script changes is unknown; it is told the container and
            # its stack, so it runs with the whole stack held.
            members = await self._stack_members(details)
            with self.claims.held(
                members, "post-update script", within=owner, host=self.deps.host
            ):
                await self._script(action.argument, details, log, facts)
        elif not self.allow_exec:
            raise InvalidInputError(
                "exec: actions are refused unless the administrator sets "
                "ALLOW_EXEC_ACTIONS=true"
            )
        else:
            await self._compose(
                details,
                ["exec", "-T", _service(details), *shlex.split(action.argument)],
                log,
            )

    async def _stack_members(
        self, details: ContainerDetails, services: list[str] | None = None
    ) -> list[str]:
        """The containers of `details`' compose project (of `services` only,
        when given); a standalone container is its own stack."""
        project = details.labels.get(PROJECT)
        if not project:
            return [details.name]
        return [
            c.name
            for c in await self.engine.list_containers(
                include_stopped=True, labels={PROJECT: project}
            )
            if services is None or c.labels.get(SERVICE) in services
        ]

    async def _compose(
        self, details: ContainerDetails, args: list[str], log: Log
    ) -> None:
        _service(details)
        project = await load_project(self.deps, details)
        lines: list[str] = []
        try:
            await self.deps.compose_runner(lines).run(
                project.name or "",
                [str(p) for p in project.config_files],
                str(project.host_working_dir or project.working_dir),
                args,
                timeout=self.timeout_seconds,
            )
        finally:
            if lines:
                await log(f"{details.name}: " + "\n".join(lines[-100:]), "info")

    async def _script(
        self,
        script: str,
        details: ContainerDetails,
        log: Log,
        facts: Mapping[str, str],
    ) -> None:
        path: Path = ScriptCatalog(self.deps.scripts_dir).resolve(script)
        result = await run_script(
            path,
            args=[details.id, details.name],
            env=dict(facts),
            timeout_seconds=self.timeout_seconds,
            display_name=script,
            watch=self.deps.processes,
        )
        if not result.ok:
            raise InvalidInputError(result.describe())
        await log(f"{details.name}: {result.describe()}", "info")


def _service(details: ContainerDetails) -> str:
    service = details.labels.get("com.docker.compose.service")
    if not service:
        raise InvalidInputError(
            f"{details.name} is not a compose service; compose-restart and exec "
            "need one"
        )
    return service
