"""`label_change` operations: edit a service's labels in its compose file,
recreate the container, gate on health, and undo it all on failure.

The compose file is the source of truth for a compose container's labels,
so a change is a file edit (byte-exact, keeping the list or map style; see
`services.compose.plan_labels`) followed by a compose recreate. A change that
fails after the file was written restores the file from its backup and
recreates the container again with its old labels: unlike an image update
there is nothing to download, so this rollback is always on. A completed
change can be rolled back later: the inverse change (previous values put
back, added labels removed) runs as a new operation, refused when the labels
changed since unless forced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import field
from typing import Any

from services.compose import LOCAL, ComposeProject, FileAccess, FileEdit, plan_labels
from services.docker.resources import ContainerDetails
from services.errors import ConflictError, DocksmithError, InvalidInputError
from services.frozen import frozen
from services.lifecycle.dependants import Restarter
from services.lifecycle.labels import LabelChange, managed_values
from services.operations import OperationStatus
from services.operations.recorder import OperationHandle
from services.registry.references import parse_reference
from services.store.records import OperationRecord
from services.updates.compose_io import (
    check_writable,
    file_modes,
    planned,
    write_edits,
)
from services.updates.context import UpdateDeps
from services.updates.engine_lost import defer_if_engine_lost
from services.updates.member import PROJECT, SERVICE, load_project
from services.updates.recovery import restore_files
from services.updates.state import MemberKind, MemberStatus

# A fresh check of containers of one host: (names, host).
Refresh = Callable[[list[str], str], Awaitable[None]]


@frozen
class ContainerLabels:
    container: str
    labels: dict[str, str]
    compose_labels: dict[str, str]  # docksmith.* labels the compose file sets
    compose_file: str | None
    service: str | None
    managed: dict[str, str] = field(default_factory=dict)


async def compose_target(
    deps: UpdateDeps, details: ContainerDetails
) -> tuple[ComposeProject, str]:
    service = details.labels.get(SERVICE)
    if not service or not details.labels.get(PROJECT):
        raise InvalidInputError(
            f"{details.name} is not managed by docker compose; its labels can only "
            "change by recreating it from a compose file"
        )
    return await load_project(deps, details), service


async def describe(deps: UpdateDeps, details: ContainerDetails) -> ContainerLabels:
    compose: dict[str, str] = {}
    path: str | None = None
    service = details.labels.get(SERVICE)
    if service and details.labels.get(PROJECT):
        project = await load_project(deps, details)
        svc = project.service(service)
        compose = {
            k: lab.value for k, lab in svc.labels.items() if k.startswith("docksmith.")
        }
        where = svc.labels_path or (svc.image.path if svc.image else svc.files[0])
        path = str(where)
    return ContainerLabels(
        container=details.name,
        labels=dict(details.labels),
        compose_labels=compose,
        compose_file=path,
        service=service,
        managed=managed_values(details.labels),
    )


async def plan(
    project: ComposeProject,
    service: str,
    change: LabelChange,
    files: FileAccess = LOCAL,
) -> list[FileEdit]:
    def edits() -> list[FileEdit]:
        found = plan_labels(
            project, service, set_labels=change.set, remove=change.remove
        )
        check_writable(found, files)
        return found

    return await planned(edits)


def previous_values(
    project: ComposeProject, service: str, change: LabelChange
) -> dict[str, str | None]:
    labels = project.service(service).labels
    return {
        k: labels[k].value if k in labels else None
        for k in [*change.set, *change.remove]
    }


def inverse(
    original: OperationRecord, force: bool, current: dict[str, str]
) -> LabelChange:
    """The change that undoes `original` (its details hold what it replaced),
    refused when the labels moved since unless forced."""
    if not force:
        refuse_moved(original, current)
    return restoring(original)


def refuse_moved(original: OperationRecord, current: dict[str, str]) -> None:
    """Raise ConflictError when a label `original` changed no longer has the
    value it left (`current` are the service's labels now)."""
    [detail] = original.batch_details or [{}]
    done_set: dict[str, str] = dict(detail.get("set") or {})
    done_remove: list[str] = list(detail.get("remove") or [])
    moved = [k for k, v in done_set.items() if current.get(k) != v]
    moved += [k for k in done_remove if k in current]
    if moved:
        raise ConflictError(
            f"{', '.join(moved)} changed since {original.operation_id}; "
            "roll back with force to restore the old values anyway"
        )


def restoring(original: OperationRecord) -> LabelChange:
    """What undoing `original` sets and removes: the values it replaced put
    back, the labels it added removed. Known from its record alone, so who
    may ask for it is decided before the engine is."""
    [detail] = original.batch_details or [{}]
    done_set: dict[str, str] = dict(detail.get("set") or {})
    done_remove: list[str] = list(detail.get("remove") or [])
    previous: dict[str, str | None] = dict(detail.get("previous") or {})
    undo = LabelChange()
    for key in [*done_set, *done_remove]:
        old = previous.get(key)
        if old is None:
            if key in done_set:
                undo.remove.append(key)
        else:
            undo.set[key] = old
    if undo.empty:
        raise InvalidInputError(f"nothing to roll back in {original.operation_id}")
    return undo


@frozen
class LabelRuns:
    restarter: Restarter
    refresh: Refresh

    async def run_label_change(self, op: OperationHandle, data: dict[str, Any]) -> None:
        deps = self.restarter.deps
        name = str(data["container"])
        change = LabelChange(
            set=dict(data.get("set") or {}), remove=list(data.get("remove") or [])
        )
        no_restart, force = bool(data.get("no_restart")), bool(data.get("force"))
        details = await self.restarter.engine.inspect_container(name)
        project, service = await compose_target(deps, details)
        await op.stage(OperationStatus.VALIDATING, 0, f"{name}: planning label edit")
        if force:
            await op.log(f"{name}: pre-update check skipped (forced)")
        elif not no_restart:
            blocked = await self.restarter.pre_check(details)
            if blocked:
                raise InvalidInputError(f"{blocked} (use force to change anyway)")
        if not no_restart:
            _refuse_another_image(project, service, details)
        previous = previous_values(project, service, change)
        edits = await plan(project, service, change, deps.files)
        detail: dict[str, Any] = {
            "container_name": name,
            "service": service,
            "stack_name": details.labels.get(PROJECT),
            "set": change.set,
            "remove": change.remove,
            "previous": previous,
            "no_restart": no_restart,
            "status": MemberStatus.IN_PROGRESS,
            "written": {},
            # What the update engine's start-up reconciliation needs to put
            # the files back and bring the service up after a crash.
            "kind": MemberKind.COMPOSE,
            "compose_labels": {
                k: v
                for k, v in details.labels.items()
                if k.startswith("com.docker.compose.")
            },
        }
        if not edits:
            detail["status"] = MemberStatus.COMPLETE
            await op.complete(
                f"{name}: labels already as requested", batch_details=[detail]
            )
            return
        await op.stage(
            OperationStatus.BACKING_UP, 10, f"{name}: backing up compose files"
        )
        modes = await file_modes(edits, deps.files)
        for edit, mode in zip(edits, modes, strict=True):
            await deps.backups.save(
                op.operation_id,
                str(edit.path),
                edit.old_bytes,
                mode,
                host=deps.host,
            )
        detail["written"] = {
            str(e.path): hashlib.sha256(e.new_bytes).hexdigest() for e in edits
        }
        await op.set(batch_details=[detail])
        await op.stage(OperationStatus.UPDATING_COMPOSE, 20, f"{name}: editing labels")
        await write_edits(edits, deps.files)
        for edit in edits:
            await op.log(f"edited {edit.path}:\n{edit.diff()}")
        if no_restart:
            detail["status"] = MemberStatus.COMPLETE
            await op.complete(
                f"{name}: labels written; the container keeps its old labels until "
                "it is recreated",
                batch_details=[detail],
            )
            await _mark_original(op)
            await self.refresh([name], deps.host)
            return
        # Recorded before the recreate: should the engine go away or the
        # server die after it, settling restarts these after the container.
        planned = await self.restarter.dependants([name])
        await op.set(dependents_affected=[d.name for d in planned])
        try:
            await op.stage(OperationStatus.RECREATING, 40, f"{name}: recreating")
            message = await self.restarter.restart(details, recreate=True)
            await op.stage(OperationStatus.HEALTH_CHECK, 80, message)
        except DocksmithError as exc:
            await defer_if_engine_lost(deps.updater, op, name, exc)
            await self._undo(op, details, exc, detail)
            return
        await op.stage(
            OperationStatus.RESTARTING_DEPENDENTS, 90, f"{name}: restarting dependants"
        )

        async def log_to(text: str, level: str) -> None:
            await op.log(text, level)

        try:
            done = await self.restarter.restart_dependants(
                [name], force=force, log_to=log_to
            )
        except DocksmithError as exc:
            # Raised only when the engine went away: reconciliation judges
            # the change once it answers again.
            await defer_if_engine_lost(deps.updater, op, name, exc)
            raise
        detail["status"] = MemberStatus.COMPLETE
        await op.complete(
            f"{name}: labels changed and container recreated",
            batch_details=[detail],
            dependents_affected=done,
        )
        await _mark_original(op)
        await self.refresh([name], self.restarter.deps.host)

    async def _undo(
        self,
        op: OperationHandle,
        details: ContainerDetails,
        error: DocksmithError,
        detail: dict[str, Any],
    ) -> None:
        await op.stage(
            OperationStatus.ROLLING_BACK,
            90,
            f"{details.name}: {error.message}; rolling back",
        )
        restored = await restore_files(self.restarter.deps, op.operation_id)
        message = error.message
        try:
            await self.restarter.restart(details, recreate=True)
            message += f"; restored {', '.join(restored) or 'nothing'} and recreated with the old labels"
        except DocksmithError as again:
            await defer_if_engine_lost(
                self.restarter.deps.updater, op, details.name, again
            )
            message += f"; restored {', '.join(restored)}, but recreating failed too: {again.message}"
        detail["status"] = MemberStatus.ROLLED_BACK
        await op.fail(
            message,
            batch_details=[detail],
            rollback_occurred=True,
            dependents_affected=[],
        )


def _refuse_another_image(
    project: ComposeProject, service: str, details: ContainerDetails
) -> None:
    """Refuse to recreate a container whose compose file now names another
    image than it runs (edited by hand since, without `up`): the recreate
    would switch the image too, with no check, pull or health rollback of an
    update. Without a recreate (`no_restart`) nothing runs it."""
    in_file = project.resolved_image(service)
    if not in_file:
        return  # built, not pulled: the recreate runs what compose builds
    try:
        named, running = parse_reference(in_file), parse_reference(details.image)
    except DocksmithError:
        return  # a bare digest or an unparsable name: not comparable
    if (named.name, named.tag_or_latest, named.digest) != (
        running.name,
        running.tag_or_latest,
        running.digest,
    ):
        raise ConflictError(
            f"the compose file now names {in_file} for service {service}, but "
            f"{details.name} runs {details.image}: recreating it for the labels "
            "would change its image too; update it or fix the mismatch first, "
            "or write the labels without a restart"
        )


async def _mark_original(op: OperationHandle) -> None:
    """A completed label rollback marks the change it undid, so a failed one
    leaves it rollbackable."""
    if op.record.rollback_of:
        await op.update_other(op.record.rollback_of, rollback_occurred=True)
