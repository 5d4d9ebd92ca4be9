"""Which containers an operation on a compose container must hold besides
it (`OperationQueue.replicas`), found on the lab engine by name and by
compose project rather than from a listing of every container."""

from __future__ import annotations

import pytest

from resolvers.context import open_app_context

pytestmark = pytest.mark.lab

PROJECT = "com.docker.compose.project"
SERVICE = "com.docker.compose.service"


async def test_replicas_are_the_other_containers_of_the_same_project_and_service(
    settings_factory, lab_engine, lab_images
):
    image = lab_images.build("replicas/lookup", "1.0.0", push=False)
    made = {
        "rpl-app-1": {PROJECT: "rpl", SERVICE: "app"},
        "rpl-app-2": {PROJECT: "rpl", SERVICE: "app"},
        "rpl-app-3": {PROJECT: "rpl", SERVICE: "app"},
        # `compose run`: compose up leaves it alone
        "rpl-app-run-1": {
            PROJECT: "rpl",
            SERVICE: "app",
            "com.docker.compose.oneoff": "True",
        },
        "rpl-db-1": {PROJECT: "rpl", SERVICE: "db"},
        # the same service name in another project
        "rpl2-app-1": {PROJECT: "rpl2", SERVICE: "app"},
        "rpl2-web-1": {PROJECT: "rpl2", SERVICE: "web"},
        "rpl-loner": {},
    }
    for name, labels in made.items():
        args = [a for k, v in labels.items() for a in ("--label", f"{k}={v}")]
        lab_engine.docker(
            "create", "--network", "none", "--name", name, *args, image.ref
        )
    settings = settings_factory(docker_host=lab_engine.docker_host)
    try:
        async with open_app_context(
            settings,
            background_updates=False,
            background_checks=False,
            background_auto_updates=False,
            notify=False,
        ) as ctx:
            queue = ctx.updates.queue

            async def details(*names: str):
                return [await queue.inspect(n) for n in names]

            asked = await details("rpl-app-2", "rpl-db-1", "rpl2-web-1", "rpl-loner")
            assert await queue.replicas(asked) == {
                "rpl-app-2": ("rpl-app-1", "rpl-app-3"),
                "rpl-db-1": (),
                "rpl2-web-1": (),
            }
            assert await queue.with_replicas(
                await details("rpl2-app-1", "rpl-app-1")
            ) == ["rpl2-app-1", "rpl-app-1", "rpl-app-2", "rpl-app-3"]
            assert await queue.replicas(await details("rpl-loner")) == {}
    finally:
        for name in made:
            lab_engine.remove_container(name)
