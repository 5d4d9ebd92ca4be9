"""Putting things back: compose files from backups, and the previous image."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path

from services.docker.updater import HealthOutcome
from services.errors import ConflictError, DockerEngineError, NotFoundError
from services.operations import OperationStatus
from services.operations.recorder import OperationHandle
from services.registry.references import parse_reference
from services.updates.compose_io import read_file, write_file
from services.updates.context import UpdateDeps
from services.updates.policies import effective_policy
from services.updates.state import MemberKind, MemberState

# Moves an operation to a stage (and with it, where given, the member it
# concerns: a rollback's containers show their own stage as updates' do).
StageStep = Callable[[OperationStatus, int, str], Awaitable[None]]


async def restore_files(deps: UpdateDeps, operation_id: str) -> list[str]:
    """Put every file an operation backed up back as it was before the
    operation (the earliest backup per file; atomic, mode kept). For
    single-container operations: a batch restores per member instead."""
    earliest: dict[str, tuple[bytes, int | None]] = {}
    for backup in await deps.backups.for_operation(operation_id):
        earliest.setdefault(backup.file_path, (backup.content, backup.mode))
    restored: list[str] = []
    for file_path, (content, mode) in earliest.items():
        path = Path(file_path)
        if await read_file(path, deps.files) != content:
            await write_file(path, content, mode, deps.files)
            restored.append(file_path)
    return restored


async def restore_member_files(
    deps: UpdateDeps, operation_id: str, state: MemberState
) -> list[str]:
    """Undo one member's compose edit after a crash: each file it wrote goes
    back to the newest backup of it in the operation (members run in turn, so
    that backup is the one this member took), unless someone changed the file
    since the member wrote it."""
    latest: dict[str, tuple[bytes, int | None]] = {}
    for backup in await deps.backups.for_operation(operation_id):
        if backup.file_path in state.written:
            latest[backup.file_path] = (backup.content, backup.mode)
    restored: list[str] = []
    for file_path, (content, mode) in latest.items():
        path = Path(file_path)
        current = await read_file(path, deps.files) or b""
        if current == content:
            continue
        if hashlib.sha256(current).hexdigest() != state.written[file_path]:
            raise ConflictError(
                f"{path} changed since Docksmith wrote it; left as it is (restore "
                "the image line by hand if needed)"
            )
        await write_file(path, content, mode, deps.files)
        restored.append(file_path)
    return restored


async def ensure_old_image(deps: UpdateDeps, s: MemberState) -> None:
    """Make `s.old_ref` name exactly the image the container ran before: its
    image id when still present, else pulled by digest."""
    if not (s.old_ref and s.old_image_id):
        return
    if "@" in s.old_ref:
        # Pinned by digest: the reference names that content for good, so
        # there is no tag to re-point (nor can one be set on it); only
        # fetched when the engine no longer has it.
        if await deps.updater.image_exists(s.old_ref) is None:
            await deps.updater.pull(s.old_ref)
        return
    if await deps.updater.image_exists(s.old_image_id) is None:
        if not s.old_digest:
            raise_missing(s)
        repo = parse_reference(s.old_ref).repository_only()
        await deps.updater.pull(f"{repo}@{s.old_digest}")
        await deps.updater.tag(f"{repo}@{s.old_digest}", s.old_ref)
    else:
        # Re-point the old tag at the old image so compose reuses it as is.
        await deps.updater.tag(s.old_image_id, s.old_ref)


async def bring_back_old_image(
    deps: UpdateDeps,
    op: OperationHandle,
    s: MemberState,
    stage: StageStep | None = None,
) -> None:
    """Recreate the service on exactly the image it ran before (by image id),
    and hold it to the same health gate as an update. `stage` records the
    health gate's stage (the operation's alone when left out)."""
    await ensure_old_image(deps, s)
    await recreate_service(deps, op, s)
    await (stage or op.stage)(
        OperationStatus.HEALTH_CHECK, 85, f"{s.container_name}: waiting for health"
    )
    outcome = await wait_healthy_by_policy(deps, s)
    await op.log(f"{s.container_name} after rollback: {outcome.message}")
    if not outcome.ok:
        raise DockerEngineError(
            f"{s.container_name} is back on {s.old_ref} but not healthy: {outcome.message}"
        )


async def recreate_service(
    deps: UpdateDeps, op: OperationHandle, s: MemberState
) -> None:
    """`compose up` the member's service from its compose files as they are."""
    project = await deps.load_project(s.compose_labels)
    lines: list[str] = []
    try:
        await deps.compose_runner(lines).up(
            project.name or s.stack_name or "",
            [str(p) for p in project.config_files],
            str(project.host_working_dir or project.working_dir),
            [s.service or ""],
            timeout=deps.compose_timeout_seconds,
        )
    finally:
        if lines:
            await op.log("\n".join(lines[-200:]))
    await follow_service(deps, op, s)


async def follow_service(deps: UpdateDeps, op: OperationHandle, s: MemberState) -> None:
    """Point a compose member at its service's container when compose gave
    that a new name: v2 recreates v1's ``app_web_1`` as ``app-web-1``, and
    every later step (health gate, history, rollback) must find it. Only
    when the old name is gone: a container that still has it is the one."""
    if s.kind is not MemberKind.COMPOSE or not s.compose_labels:
        return
    if any(not c.renamed for c in await deps.updater.copies(s.container_name)):
        return
    name = await deps.updater.service_container(s.compose_labels)
    if name is None or name == s.container_name:
        return
    await op.log(f"{s.container_name}: compose named its new container {name}")
    if deps.claims is not None:
        # Nothing else may act on the container under its new name either.
        deps.claims.follow(s.container_name, name, op.operation_id, host=deps.host)
    s.container_name = name


async def wait_healthy_by_policy(deps: UpdateDeps, s: MemberState) -> HealthOutcome:
    policy = await effective_policy(
        deps.policies,
        host=deps.host,
        container=s.container_name,
        stack=s.stack_name,
        labels={},
    )
    return await deps.updater.wait_healthy(
        s.container_name,
        timeout_seconds=policy.health_timeout_seconds,
        stability_seconds=policy.stability_window_seconds,
    )


def raise_missing(s: MemberState) -> None:
    raise NotFoundError(
        f"the previous image of {s.container_name} ({s.old_image_id}) is gone and "
        "its digest is unknown"
    )
