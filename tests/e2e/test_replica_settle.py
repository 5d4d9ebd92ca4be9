"""A compose update of one replica of a scaled service, its server killed
with the compose child mid-`up`: `compose up <service>` recreates every
replica, so after the restart every replica ends where the member ends. All
on the new image when the update is complete, all on the old one when it
failed; each is one container under its name, running, and never a
`<id>_<name>` copy left behind. The operation's log names each replica.

Kill points as in `test_crash_matrix`: the containers ignore SIGTERM, so each
stop takes the whole stop timeout and the kill lands at a known offset into
compose's recreate (stopping, renamed aside, new one created)."""

from __future__ import annotations

import asyncio
import hashlib
import re
from datetime import UTC, datetime

import pytest

from resolvers.context import open_app_context
from services.store.records import OperationRecord
from services.updates.state import MemberState, MemberStatus
from tests.e2e.test_crash_matrix import (
    SLOW_STOP,
    drop,
    image_line,
    post_op,
    restart_mid_up,
    started_server,
    wait_no_compose,
)
from tests.support.process_server import wait_status

pytestmark = pytest.mark.lab

STOP_SECONDS = 2


@pytest.fixture(scope="module")
def images(lab_images):
    return lab_images.build_many("crashr/app", ["1.0.0", "1.1.0"], cmd=SLOW_STOP)


@pytest.fixture(scope="module")
def registry(images, lab_registry):
    return lab_registry.host


def scaled(registry: str, replicas: int = 3) -> str:
    return f"""\
services:
  app:
    image: {registry}/crashr/app:1.0.0
    network_mode: none
    stop_grace_period: {STOP_SECONDS}s
    scale: {replicas}
"""


# Past the stop timeout the kill's moment is a race with compose's own pace
# (on a quiet machine its up ended before 4 s), so the late kill waits for
# the stage it means: the old replicas renamed aside, their new ones not
# yet all in place (compose removes the renamed copy only after starting
# its replacement).
RENAMED = "renamed"


def renamed_aside(lab_engine, project: str):
    label = f"com.docker.compose.project={project}"

    async def wait() -> None:
        async with asyncio.timeout(60):
            while not any(
                re.match(r"/[0-9a-f]{12}_", name)
                for row in lab_engine.labelled("containers", label)
                for name in row["Names"]
            ):
                await asyncio.sleep(0.02)

    return wait


def kill_moment(lab_engine, project: str, moment: float | str):
    return renamed_aside(lab_engine, project) if moment == RENAMED else moment


def service_rows(lab_engine, project: str) -> list[dict]:
    """Every container of the project's service, renamed copies included."""
    rows = lab_engine.labelled("containers", f"com.docker.compose.project={project}")
    return lab_engine.inspect(*(r["Id"] for r in rows)) if rows else []


@pytest.mark.parametrize("delay", [0.5, 2.5, RENAMED])
async def test_every_replica_ends_where_the_member_ends(
    registry, lab, lab_engine, tmp_path, delay
):
    project = f"crs{delay if delay == RENAMED else int(delay * 10)}"
    stack = lab.stacks.create(project, compose_text=scaled(registry))
    stack.up()
    names = sorted(c.name for c in stack.ps())
    assert len(names) == 3, names
    member = names[0]
    server, client = await started_server(tmp_path, lab_engine)
    try:
        # given an update of one replica, killed with compose while compose
        # recreates all three
        op_id = await post_op(
            client, "/api/update", {"container": member, "version": "1.1.0"}
        )
        # when the server is killed with compose mid-up, starts again and
        # settles it
        client = await restart_mid_up(
            server, client, op_id, project, kill_moment(lab_engine, project, delay)
        )
        await wait_no_compose(project)
        op = await wait_status(client, op_id, ("complete", "failed"), timeout=120)

        # then every replica is one running container under its own name, on
        # the image of the member's verdict, which the compose file names
        expected = "1.1.0" if op["status"] == "complete" else "1.0.0"
        [image] = lab_engine.inspect(f"{registry}/crashr/app:{expected}")
        log = "\n".join(line["message"] for line in op["log"])
        found = service_rows(lab_engine, project)
        assert sorted(c["Name"].lstrip("/") for c in found) == names, (found, log)
        for info in found:
            assert info["State"]["Running"] is True, (info["Name"], log)
            assert info["Image"] == image["Id"], (info["Name"], op["status"], log)
            assert info["Config"]["Image"].endswith(f"crashr/app:{expected}")
        assert image_line(stack.read_text()).endswith(f"crashr/app:{expected}")
        # and the log says where each of the other replicas ended
        for name in names[1:]:
            assert f"{name}: on {registry}/crashr/app:{expected}" in log, log
    finally:
        server.stop()
        await client.aclose()
        drop(lab_engine, stack)


@pytest.mark.parametrize("delay", [2.5, RENAMED])
async def test_a_rollback_killed_mid_up_brings_back_every_replica(
    registry, lab, lab_engine, tmp_path, delay
):
    project = f"crsr{delay if delay == RENAMED else int(delay * 10)}"
    stack = lab.stacks.create(project, compose_text=scaled(registry))
    stack.up()
    names = sorted(c.name for c in stack.ps())
    member = names[0]
    server, client = await started_server(tmp_path, lab_engine)
    try:
        # given a finished update (all three on the new image) whose
        # rollback is killed with compose while compose recreates them
        update_id = await post_op(
            client, "/api/update", {"container": member, "version": "1.1.0"}
        )
        done = await wait_status(client, update_id, ("complete", "failed"), timeout=120)
        assert done["status"] == "complete", done
        rollback_id = await post_op(
            client, "/api/rollback", {"operation_id": update_id}
        )
        # when the server is killed with compose mid-up, starts again and
        # finishes the rollback
        client = await restart_mid_up(
            server,
            client,
            rollback_id,
            project,
            kill_moment(lab_engine, project, delay),
        )
        await wait_no_compose(project)
        op = await wait_status(client, rollback_id, ("complete", "failed"), timeout=120)
        log = "\n".join(line["message"] for line in op["log"])
        assert op["status"] == "complete", log

        # then every replica is back on the old image, one container each
        [image] = lab_engine.inspect(f"{registry}/crashr/app:1.0.0")
        found = service_rows(lab_engine, project)
        assert sorted(c["Name"].lstrip("/") for c in found) == names, (found, log)
        for info in found:
            assert info["State"]["Running"] is True, (info["Name"], log)
            assert info["Image"] == image["Id"], (info["Name"], log)
        for name in names[1:]:
            assert f"{name}: on {registry}/crashr/app:1.0.0" in log, log
    finally:
        server.stop()
        await client.aclose()
        drop(lab_engine, stack)


# -- the states a killed `compose up` can leave, made by hand -----------------

QUIET = {"background_checks": False, "background_auto_updates": False}


async def settled_after_restart(settings, records: list[OperationRecord]):
    """Leave `records` as a killed server would, start again, and return the
    first one once settled, with its log as one string."""
    async with open_app_context(
        settings, background_updates=False, notify=False, **QUIET
    ) as ctx:
        await ctx.repos.policies.set(
            "global", "", {"health_timeout_seconds": 30, "stability_window_seconds": 1}
        )
        for record in records:
            await ctx.repos.operations.create(record)
    async with open_app_context(settings, notify=False, **QUIET) as ctx:
        async with asyncio.timeout(120):
            while (
                op := await ctx.repos.operations.get(records[0].operation_id)
            ).status not in ("complete", "failed"):
                await asyncio.sleep(0.2)
        lines = await ctx.repos.operations.log(op.operation_id)
    return op, " ".join(line.message for line in lines)


@pytest.mark.parametrize("verdict", ["new", "old", "rollback"])
async def test_a_replica_compose_never_reached_is_recreated_with_the_member(
    verdict, images, registry, lab, lab_engine, settings_factory
):
    old, new = images["1.0.0"], images["1.1.0"]
    project = f"crsby{verdict}"
    stack = lab.stacks.create(project, compose_text=scaled(registry, replicas=2))
    stack.up()
    member, other = sorted(c.name for c in stack.ps())
    before = stack.compose_path.read_bytes()
    after = before.replace(b"app:1.0.0", b"app:1.1.0")
    [member_info, other_info] = lab_engine.inspect(member, other)
    if verdict == "new":
        # given the file and the member new (healthy), and the other replica
        # stopped and renamed aside by compose, which died before creating
        # its new container
        stack.compose_path.write_bytes(after)
        lab_engine.remove_container(member)
        lab_engine.run_container(
            member, new.ref, labels=member_info["Config"]["Labels"]
        )
        lab_engine.docker("stop", "-t", "0", other)
        lab_engine.docker("rename", other, f"{other_info['Id'][:12]}_{other}")
    else:
        # given nothing written (or, for a rollback, the file back already)
        # and the member untouched on the old image, and the other replica
        # recreated on the new image (its old container gone)
        lab_engine.remove_container(other)
        lab_engine.run_container(other, new.ref, labels=other_info["Config"]["Labels"])
    state = MemberState(
        container_name=member,
        stack_name=project,
        service="app",
        old_ref=old.ref,
        new_ref=new.ref,
        old_image_id=old.image_id,
        new_image_id=new.image_id,
        status=MemberStatus.IN_PROGRESS,
        written={str(stack.compose_path): hashlib.sha256(after).hexdigest()}
        if verdict == "new"
        else {},
        compose_labels={
            k: v
            for k, v in member_info["Config"]["Labels"].items()
            if k.startswith("com.docker.compose.")
        },
        recreated=True,
    )
    records = [
        OperationRecord(
            operation_id="op_crsby",
            operation_type="rollback" if verdict == "rollback" else "update",
            rollback_of="op_crsby_update" if verdict == "rollback" else None,
            status="recreating",
            container_name=member,
            stack_name=project,
            batch_details=[state.as_dict()],
            held_containers=[member, other],
            started_at=datetime.now(UTC),
        )
    ]
    if verdict == "rollback":
        records.append(
            OperationRecord(
                operation_id="op_crsby_update",
                operation_type="update",
                status="complete",
                container_name=member,
                batch_details=[state.as_dict()],
            )
        )
    try:
        # when the server starts again and settles it
        op, log = await settled_after_restart(
            settings_factory(docker_host=lab_engine.docker_host), records
        )

        # then both replicas run the image of the member's verdict
        target = new if verdict == "new" else old
        assert op.status == ("failed" if verdict == "old" else "complete"), log
        found = service_rows(lab_engine, project)
        assert sorted(c["Name"].lstrip("/") for c in found) == [member, other], log
        for info in found:
            assert info["State"]["Running"] is True, (info["Name"], log)
            assert info["Image"] == target.image_id, (info["Name"], log)
        assert stack.compose_path.read_bytes() == (
            after if verdict == "new" else before
        )
        assert f"{other}: not on {target.ref}; recreating service app" in log, log
        assert f"{other}: on {target.ref}, as {member}" in log, log
    finally:
        drop(lab_engine, stack)


async def test_a_fix_mismatch_leaves_each_replica_one_running_container(
    images, registry, lab, lab_engine, settings_factory
):
    old, new = images["1.0.0"], images["1.1.0"]
    project = "crsbyfix"
    stack = lab.stacks.create(project, compose_text=scaled(registry, replicas=2))
    stack.up()
    member, other = sorted(c.name for c in stack.ps())
    [member_info, other_info] = lab_engine.inspect(member, other)
    # given a fix-mismatch (the file says 1.1.0, the containers run 1.0.0)
    # killed mid-`up`: the member recreated, the other replica stopped and
    # renamed aside
    stack.write_text(stack.read_text().replace("app:1.0.0", "app:1.1.0"))
    lab_engine.remove_container(member)
    lab_engine.run_container(member, new.ref, labels=member_info["Config"]["Labels"])
    lab_engine.docker("stop", "-t", "0", other)
    aside = f"{other_info['Id'][:12]}_{other}"
    lab_engine.docker("rename", other, aside)
    state = MemberState(
        container_name=member,
        stack_name=project,
        service="app",
        old_ref=old.ref,
        old_image_id=old.image_id,
        new_ref=new.ref,
        status=MemberStatus.IN_PROGRESS,
        compose_labels={
            k: v
            for k, v in member_info["Config"]["Labels"].items()
            if k.startswith("com.docker.compose.")
        },
    )
    record = OperationRecord(
        operation_id="op_crsbyfix",
        operation_type="fix_mismatch",
        status="recreating",
        container_name=member,
        stack_name=project,
        batch_details=[state.as_dict()],
        held_containers=[member, other],
        started_at=datetime.now(UTC),
    )
    try:
        # when the server starts again and settles it
        op, log = await settled_after_restart(
            settings_factory(docker_host=lab_engine.docker_host), [record]
        )

        # then nothing is redone, but no replica is left renamed or stopped:
        # each is one container under its name, running as it was, and the
        # log says which one runs another image than the member
        assert op.status == "failed", log
        found = {c["Name"].lstrip("/"): c for c in service_rows(lab_engine, project)}
        assert sorted(found) == [member, other], log
        assert all(c["State"]["Running"] for c in found.values()), log
        assert found[other]["Image"] == old.image_id, log
        assert f"{other}: renamed {aside} back to {other}" in log, log
        assert f"{other}: runs another image than {member}" in log, log
    finally:
        drop(lab_engine, stack)
