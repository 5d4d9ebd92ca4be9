"""Self-update: the recreate of Docksmith's own container, done by a helper.

The update of Docksmith's own container runs like any other (claims, queue,
compose edit, pull) up to the recreate, which would kill the process doing
it. There the member hands a `Plan` to a helper container started from the
new image (`services.docker.selfhelper`) and waits to be replaced. The
helper (``python -m services.updates.selfupdate``, the new version's code)
recreates the container (compose: ``up -d --no-deps --force-recreate`` of
the service; standalone: the update engine's Engine API swap), waits for the
new container's health, and when it does not pass, puts the old one back
(compose: the original files, recreated; the swap restores by itself). It is
the only actor during the swap: the Docksmith that starts meanwhile defers
the operation until the helper has exited, then settles it by the usual
reconciliation, with the helper's log in the operation's log.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import sys
from dataclasses import asdict, field
from pathlib import Path

from services.compose import ComposeRunner
from services.docker.health import HealthOutcome
from services.docker.selfhelper import SelfHelpers
from services.docker.updater import DockerUpdater
from services.errors import DocksmithError
from services.frozen import frozen
from services.updates.compose_io import write_file
from services.updates.state import MemberKind

log = logging.getLogger(__name__)


@frozen
class Plan:
    operation_id: str
    kind: MemberKind
    container: str
    new_ref: str
    health_timeout_seconds: float
    stability_seconds: float
    project: str = ""
    config_files: list[str] = field(default_factory=list)
    working_dir: str = ""
    service: str = ""
    # The container's compose labels: the helper finds the recreated
    # container by them (compose v2 renames v1's `app_web_1` to `app-web-1`).
    compose_labels: dict[str, str] = field(default_factory=dict)
    # Compose files as they were before the edit, base64: put back when the
    # new version does not become healthy.
    originals: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Plan:
        values = json.loads(text)
        return cls(**{**values, "kind": MemberKind(values["kind"])})


def say(message: str) -> None:
    """The helper's log is its stdout, read into the operation afterwards."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


async def run_plan(plan: Plan, updater: DockerUpdater, runner: ComposeRunner) -> int:
    """Recreate, judge health, restore on failure; 0 only when the new
    version runs healthy."""
    if plan.kind is MemberKind.STANDALONE:

        async def health(container_id: str) -> HealthOutcome:
            return await updater.wait_healthy(
                container_id,
                timeout_seconds=plan.health_timeout_seconds,
                stability_seconds=plan.stability_seconds,
            )

        async def step(message: str) -> None:
            say(f"{plan.container}: {message}")

        try:
            swapped = await updater.recreate_standalone(
                plan.container, plan.new_ref, on_step=step, health=health
            )
        except DocksmithError as exc:
            say(f"self-update rolled back: {exc.message}")
            return 1
        say(f"{plan.container}: now {swapped.new_id[:12]} on {plan.new_ref}")
        return 0

    async def up() -> None:
        await runner.up(
            plan.project, plan.config_files, plan.working_dir, [plan.service]
        )

    say(f"{plan.container}: recreating service {plan.service} on {plan.new_ref}")
    try:
        await up()
        name = await updater.service_container(plan.compose_labels) or plan.container
        outcome = await updater.wait_healthy(
            name,
            timeout_seconds=plan.health_timeout_seconds,
            stability_seconds=plan.stability_seconds,
        )
        if outcome.ok:
            say(f"{plan.container}: {outcome.message}")
            return 0
        reason = outcome.message
    except DocksmithError as exc:
        reason = exc.message
    say(f"self-update rolled back: the new Docksmith failed: {reason}")
    for path, original in plan.originals.items():
        await write_file(Path(path), base64.b64decode(original), None)
        say(f"restored {path}")
    await up()
    say(f"{plan.container}: recreated on the previous version")
    return 1


def read_plan(path: str) -> Plan:
    """The plan the starting Docksmith put in this container, removed once
    read (it holds the compose files' bytes)."""
    file = Path(path)
    plan = Plan.from_json(file.read_text())
    file.unlink(missing_ok=True)
    return plan


async def _main() -> int:
    plan = read_plan(sys.argv[1])
    host = os.environ.get("DOCKER_HOST")
    updater = DockerUpdater(host)
    runner = ComposeRunner(host, env=dict(os.environ), on_line=say)
    try:
        return await run_plan(plan, updater, runner)
    finally:
        await updater.close()


async def wait_for_helper(
    helpers: SelfHelpers, operation_id: str, timeout_seconds: float
) -> tuple[int | None, str]:
    """Wait until the operation's helper exits; (exit code, its log). The
    helper containers are removed once read."""
    deadline = asyncio.get_running_loop().time() + timeout_seconds
    while True:
        states = await helpers.of_operation(operation_id)
        if not any(s.running for s in states):
            break
        if asyncio.get_running_loop().time() > deadline:
            return None, "the self-update helper is still running"
        await asyncio.sleep(1)
    code: int | None = None
    logs: list[str] = []
    for state in states:
        logs.append(await helpers.logs(state.id))
        code = state.exit_code
        await helpers.remove(state.id)
    return code, "".join(logs).strip()


if __name__ == "__main__":
    sys.exit(asyncio.run(_main()))
