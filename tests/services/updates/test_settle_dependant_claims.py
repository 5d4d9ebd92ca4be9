"""Settling an interrupted restart restarts the dependants it had planned
(`dependents_affected`), and claims each for that restart as a restart that
was not interrupted does: one that another operation holds is left to it,
with a warning in the log, and the claim is given back afterwards."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from resolvers.context import open_app_context
from services.store.records import OperationRecord
from services.updates.reconcile import reconcile_interrupted

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def image(lab_images):
    return lab_images.build("settledep/app", "1.0.0", push=False)


def started_at(lab_engine, name: str) -> str:
    [info] = lab_engine.inspect(name)
    return str(info["State"]["StartedAt"])


@pytest.mark.parametrize("held_by_another", [True, False])
async def test_a_settled_restart_claims_its_dependants(
    held_by_another, image, lab_engine, settings_factory
):
    main, dep = f"sdep-main-{held_by_another:d}", f"sdep-after-{held_by_another:d}"
    quick = ["--stop-timeout", "1"]
    lab_engine.run_container(main, image.ref, extra_args=quick)
    lab_engine.run_container(
        dep, image.ref, labels={"docksmith.restart-after": main}, extra_args=quick
    )
    before = started_at(lab_engine, dep)
    settings = settings_factory(docker_host=lab_engine.docker_host)
    try:
        async with open_app_context(
            settings,
            background_checks=False,
            background_updates=False,
            background_auto_updates=False,
            notify=False,
        ) as ctx:
            await ctx.repos.policies.set(
                "global",
                "",
                {"health_timeout_seconds": 30, "stability_window_seconds": 0},
            )
            # given a restart of `main` left restarting its dependants
            await ctx.repos.operations.create(
                OperationRecord(
                    operation_id="op_sdep",
                    operation_type="restart",
                    status="restarting_dependents",
                    stage="restarting_dependents",
                    container_name=main,
                    dependents_affected=[dep],
                    started_at=datetime.now(UTC),
                )
            )
            claims = ctx.updates.queue.claims
            if held_by_another:
                claims.take([dep], "op_other")

            # when it is settled
            await reconcile_interrupted(
                ctx.updates.deps,
                ctx.updates.recorder,
                ctx.updates.operations,
                ctx.updates.queued,
                claims=claims,
                only={"op_sdep"},
            )
            op = await ctx.repos.operations.get("op_sdep")
            log = [line.message for line in await ctx.repos.operations.log("op_sdep")]

            # then a dependant another operation holds is left to it, and
            # one nobody holds is restarted under a claim given back after
            assert op.status == "complete", log
            if held_by_another:
                assert started_at(lab_engine, dep) == before, log
                assert any(
                    f"{dep}: not restarted as a dependant" in m and "op_other" in m
                    for m in log
                ), log
                assert claims.holders() == {dep: "op_other"}
            else:
                assert started_at(lab_engine, dep) != before, log
                assert any(m.startswith(f"dependant {dep} restarted") for m in log), log
                assert claims.holders() == {}
    finally:
        for name in (dep, main):
            lab_engine.remove_container(name)
