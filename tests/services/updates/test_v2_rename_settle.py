"""An update a stopped server left while compose v2 recreated a container
compose 1.29 had made: the old container stopped and renamed
``<id>_<project>_web_1``, the new one created as ``<project>-web-1`` (what
v2 does; the lab has only compose 1.29, so docker stop/rename/run stand in
for v2's own calls). Start-up reconciliation settles it to one container,
all new or all old, and leaves no ``<id>_`` copy behind."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime

import pytest

from resolvers.context import open_app_context
from services.errors import ConflictError
from services.store.records import OperationRecord
from services.updates.recovery import follow_service
from services.updates.state import MemberState, MemberStatus

pytestmark = pytest.mark.lab

_OPTIONS = {"background_checks": False, "background_auto_updates": False}


@pytest.fixture(scope="module")
def images(lab_images):
    return {
        tag: lab_images.build("v2left/app", tag, push=False)
        for tag in ("1.0.0", "1.1.0")
    }


def _compose(ref: str) -> str:
    return (
        "services:\n  web:\n"
        f"    image: {ref}\n"
        '    command: ["sleep", "300"]\n'
        "    network_mode: none\n"
    )


@pytest.mark.parametrize("verdict", ["new", "old"])
async def test_an_update_interrupted_mid_v2_rename_leaves_one_container(
    verdict, lab, images, settings_factory
):
    old_image, new_image = images["1.0.0"], images["1.1.0"]
    project = f"v2left{verdict}"
    stack = lab.stacks.create(project, compose_text=_compose(old_image.ref))
    stack.up()
    old = stack.container("web")
    assert old.name == f"{project}_web_1"  # compose 1.29's name
    labels = lab.engine.inspect(old.id)[0]["Config"]["Labels"]
    before = stack.compose_path.read_bytes()
    after = _compose(new_image.ref).encode()
    # what the update wrote ("new"), or died before writing ("old")
    written = {str(stack.compose_path): hashlib.sha256(after).hexdigest()}
    if verdict == "new":
        stack.compose_path.write_bytes(after)
    # compose v2, killed between creating the new container and removing the
    # old: the old one stopped and renamed aside under v1's name
    aside = f"{old.id[:12]}_{old.name}"
    lab.engine.docker("stop", "-t", "1", old.id)
    lab.engine.docker("rename", old.id, aside)
    lab.engine.run_container(
        f"{project}-web-1", new_image.ref, labels=labels, command=["sleep", "300"]
    )
    member = MemberState(
        container_name=old.name,
        stack_name=project,
        service="web",
        old_ref=old_image.ref,
        new_ref=new_image.ref,
        old_image_id=old_image.image_id,
        new_image_id=new_image.image_id,
        status=MemberStatus.IN_PROGRESS,
        written=written if verdict == "new" else {},
        compose_labels=labels,
        recreated=True,
    )
    settings = settings_factory(docker_host=lab.engine.docker_host)
    try:
        async with open_app_context(
            settings, background_updates=False, notify=False, **_OPTIONS
        ) as ctx:
            await ctx.repos.policies.set(
                "global",
                "",
                {"health_timeout_seconds": 30, "stability_window_seconds": 1},
            )
            await ctx.repos.backups.save(
                "op_v2left", str(stack.compose_path), before, 0o644
            )
            await ctx.repos.operations.create(
                OperationRecord(
                    operation_id="op_v2left",
                    operation_type="update",
                    status="recreating",
                    container_name=old.name,
                    stack_name=project,
                    batch_details=[member.as_dict()],
                    started_at=datetime.now(UTC),
                )
            )

        async with open_app_context(settings, notify=False, **_OPTIONS) as ctx:
            claims = ctx.updates.queue.claims
            async with asyncio.timeout(120):
                while True:
                    op = await ctx.repos.operations.get("op_v2left")
                    if op.status in ("complete", "failed"):
                        break
                    await asyncio.sleep(0.2)
            # the claims went back, the one on the new name included
            assert claims.holders() == {}
            lines = await ctx.repos.operations.log("op_v2left")
        log = " ".join(line.message for line in lines)
        assert f"compose named its new container {project}-web-1" in log, log
        rows = stack.ps()
        assert [r.name for r in rows] == [f"{project}-web-1"], rows
        [info] = lab.engine.inspect(f"{project}-web-1")
        assert info["State"]["Running"]
        if verdict == "new":
            assert op.status == "complete", op
            assert info["Image"] == new_image.image_id
            assert stack.compose_path.read_bytes() == after
        else:
            # the original container itself is back (its volumes, settings)
            assert op.status == "failed", op
            assert (info["Id"], info["Image"]) == (old.id, old_image.image_id)
            assert stack.compose_path.read_bytes() == before
    finally:
        lab.engine.remove_container(f"{project}-web-1")
        lab.engine.remove_container(aside)
        stack.down()


async def test_the_claim_follows_the_container_to_its_v2_name(
    lab, images, settings_factory
):
    project = "v2claim"
    stack = lab.stacks.create(project, compose_text=_compose(images["1.0.0"].ref))
    stack.up()
    old = stack.container("web")
    labels = lab.engine.inspect(old.id)[0]["Config"]["Labels"]
    # compose v2 recreated it under its own name
    lab.engine.remove_container(old.id)
    lab.engine.run_container(
        f"{project}-web-1",
        images["1.1.0"].ref,
        labels=labels,
        command=["sleep", "300"],
    )
    settings = settings_factory(docker_host=lab.engine.docker_host)
    try:
        async with open_app_context(
            settings, background_updates=False, notify=False, **_OPTIONS
        ) as ctx:
            claims = ctx.updates.queue.claims
            op = await ctx.updates.recorder.start("update", old.name)
            claims.take([old.name], op.operation_id)
            state = MemberState(container_name=old.name, compose_labels=labels)
            await follow_service(ctx.updates.deps, op, state)
            assert state.container_name == f"{project}-web-1"
            # nothing else may act on it under its new name meanwhile
            with pytest.raises(ConflictError, match=op.operation_id):
                claims.check([f"{project}-web-1"])
            claims.release([old.name], op.operation_id)
            assert claims.holders() == {}
    finally:
        lab.engine.remove_container(f"{project}-web-1")
        stack.down()
