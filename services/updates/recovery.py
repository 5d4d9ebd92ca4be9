"""Putting things back: compose files from backups, and the previous image."""

from __future__ import annotations

from pathlib import Path

from services.compose import atomic_write, load_project_from_labels
from services.errors import NotFoundError
from services.operations import OperationHandle
from services.registry.references import parse_reference
from services.updates.context import UpdateDeps
from services.updates.state import MemberState


async def restore_files(deps: UpdateDeps, operation_id: str) -> list[str]:
    """Put back every file this operation backed up (atomic, mode kept)."""
    restored: list[str] = []
    for backup in await deps.backups.for_operation(operation_id):
        path = Path(backup.file_path)
        current = path.read_bytes() if path.exists() else None
        if current != backup.content:
            atomic_write(path, backup.content, mode=backup.mode)
            restored.append(str(path))
    return restored


async def bring_back_old_image(
    deps: UpdateDeps, op: OperationHandle, s: MemberState
) -> None:
    """Recreate the service on exactly the image it ran before (by image id)."""
    if s.old_ref and s.old_image_id:
        if await deps.updater.image_exists(s.old_image_id) is None:
            if not s.old_digest:
                raise_missing(s)
            repo = parse_reference(s.old_ref).repository_only()
            await deps.updater.pull(f"{repo}@{s.old_digest}")
            await deps.updater.tag(f"{repo}@{s.old_digest}", s.old_ref)
        else:
            # Re-point the old tag at the old image so compose reuses it as is.
            await deps.updater.tag(s.old_image_id, s.old_ref)
    project = load_project_from_labels(s.compose_labels, environ=deps.compose_env)
    lines: list[str] = []
    await deps.compose_runner(lines).up(
        project.name or s.stack_name or "",
        [str(p) for p in project.config_files],
        str(project.host_working_dir or project.working_dir),
        [s.service or ""],
        timeout=deps.compose_timeout_seconds,
    )
    if lines:
        await op.log("\n".join(lines[-200:]))
    outcome = await deps.updater.wait_healthy(
        s.container_name, timeout_seconds=60, stability_seconds=3
    )
    await op.log(f"{s.container_name} after rollback: {outcome.message}")


def raise_missing(s: MemberState) -> None:
    raise NotFoundError(
        f"the previous image of {s.container_name} ({s.old_image_id}) is gone and "
        "its digest is unknown"
    )
