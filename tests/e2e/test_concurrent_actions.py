"""Every action that changes a container, fired while an update holds it.

The update is held at a stage deterministically: in its pre-update check by
a script that waits for a file, in its pull by a registry proxy that holds
the image's blobs until the test lets them through, in its health gate by a
new image whose
HEALTHCHECK (with a long start period) waits for a file on a bind mount, and
whose command exits when another file appears (to make the gate fail and
roll back). Meanwhile every container action, prune and removal is fired at
the container, its temporary `-docksmith-old` name and its images and
volume: each must be refused with 409 (400 where it never applied) or, for
prunes, succeed while sparing what the update holds. Then the update is
released and must end exactly as it would alone.

It runs on a private engine: prunes on the shared one would take other
tests' images and containers with them.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.lab.fault_proxy import Fault, FaultProxy
from tests.lab.images import Healthcheck, ImageBuilder
from tests.lab.procs import short_tmpdir
from tests.lab.stacks import StackFactory
from tests.support.api import lab_api, wait_done
from tests.support.gate import wait_for_file, write_gate

pytestmark = pytest.mark.lab

REPO = "conc/app"
# The new version's container runs until /ctl/exit appears, then fails.
EXIT_ON_FILE = [
    "/bin/sh",
    "-c",
    "trap 'exit 0' TERM INT; while [ ! -f /ctl/exit ]; do sleep 0.2; done; exit 1",
]
# Failed probes in the start period do not count: "starting" until the file.
WAIT_FOR_FILE = Healthcheck(
    test="test -f /ctl/healthy", interval="1s", retries=1, start_period="300s"
)
STOP_GQL = """
mutation($n: String!) {
  stopContainer(input: {container: $n}) {
    __typename ... on UserError { message code }
  }
}"""


@dataclass
class Images:
    old_ref: str
    old_id: str
    new_ref: str


@pytest.fixture(scope="module")
def engine(private_lab_engine):
    return private_lab_engine


@pytest.fixture(scope="module")
def images(engine, lab_registry):
    builder = ImageBuilder(engine, lab_registry)
    old = builder.build(REPO, "1.0.0")
    new = builder.build(REPO, "2.0.0", healthcheck=WAIT_FOR_FILE, cmd=EXIT_ON_FILE)
    return Images(old_ref=old.ref, old_id=old.image_id, new_ref=new.ref)


@dataclass
class Pull:
    images: Images
    proxy: FaultProxy


@pytest.fixture(scope="module")
def pulled(engine, lab_registry) -> Iterator[Pull]:
    """The same two versions reached through a proxy; the new one is removed
    from the engine after its push, so an update has to fetch its blobs."""
    builder = ImageBuilder(engine, lab_registry)
    builder.build("concpull/app", "1.0.0", version="pull-1")
    new = builder.build(
        "concpull/app", "2.0.0", version="pull-2", healthcheck=WAIT_FOR_FILE,
        cmd=EXIT_ON_FILE,
    )  # fmt: skip
    engine.docker("rmi", new.ref)
    with FaultProxy(lab_registry.url) as proxy:
        old_ref = f"{proxy.host}/concpull/app:1.0.0"
        engine.docker("pull", "--quiet", old_ref, timeout=120)
        [old] = engine.inspect(old_ref)
        yield Pull(
            Images(old_ref, old["Id"], f"{proxy.host}/concpull/app:2.0.0"), proxy
        )


@pytest.fixture
def stacks(engine):
    factory = StackFactory(engine, short_tmpdir("conc-st"))
    yield factory
    factory.close()


@pytest.fixture(scope="module")
async def api(engine, images, tmp_path_factory):
    root = tmp_path_factory.mktemp("conc")
    async with lab_api(
        root, engine.docker_host, script_timeout=timedelta(minutes=5)
    ) as client:
        # The gate is held by the test, not by a timer: give it room.
        response = await client.put(
            "/api/policies",
            json={"entity_type": "global", "health_timeout_seconds": 300},
        )
        assert response.status_code == 200, response.text
        scripts = root / "scripts"
        scripts.mkdir(exist_ok=True)
        yield client, scripts


@dataclass
class Subject:
    name: str
    kind: str
    ctl: Path
    volume: str
    compose_path: Path | None = None

    def file(self) -> str | None:
        return self.compose_path.read_text() if self.compose_path else None


def start_subject(engine, stacks, images, kind: str, label: str) -> Subject:
    ctl = short_tmpdir("conc-ctl")
    ctl.chmod(0o777)
    volume = f"conc-{label}-data"
    engine.docker("volume", "create", volume)
    if kind == "standalone":
        name = f"conc-{label}"
        engine.run_container(
            name,
            images.old_ref,
            labels={"docksmith.auto_rollback": "true"},
            extra_args=[
                "--stop-timeout", "1", "-v", f"{ctl}:/ctl", "-v", f"{volume}:/data",
            ],
        )  # fmt: skip
        return Subject(name=name, kind=kind, ctl=ctl, volume=volume)
    stack = stacks.create(
        f"conc{label.replace('-', '')}",
        compose_text=f"""\
services:
  app:
    image: {images.old_ref}
    network_mode: none
    stop_grace_period: 1s
    labels:
      docksmith.auto_rollback: "true"
    volumes:
      - {ctl}:/ctl
      - {volume}:/data
volumes:
  {volume}:
    external: true
""",
    )
    stack.up()
    return Subject(
        name=stack.container("app").name,
        kind=kind,
        ctl=ctl,
        volume=volume,
        compose_path=stack.compose_path,
    )


def exists(engine, kind: str, name: str) -> bool:
    return engine.docker(kind, "inspect", name, check=False).returncode == 0


async def wait_stage(client: httpx.AsyncClient, op_id: str, stage: str) -> None:
    op: dict[str, Any] = {}
    try:
        async with asyncio.timeout(120):
            while True:
                op = (await client.get(f"/api/operations/{op_id}")).json()["data"]
                # A standalone swap runs its health gate inside `recreating`.
                gating = stage == "health_check" and any(
                    "to be healthy" in line["message"] for line in op["log"]
                )
                if op["status"] == stage or gating:
                    return
                assert op["status"] not in ("complete", "failed"), op
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise AssertionError(f"never reached {stage}: {op}") from None


async def fire_everything(
    client: httpx.AsyncClient, engine, images: Images, s: Subject, stage: str
) -> list[str]:
    """Fire every action; return what went wrong (empty when all behaved)."""
    problems: list[str] = []
    refused_for_standalone = 400 if s.kind == "standalone" else 409

    async def expect(what: str, response: httpx.Response, *statuses: int) -> None:
        if response.status_code not in statuses:
            problems.append(f"{what}: {response.status_code} {response.text[:300]}")

    names = [s.name]
    swapped = s.kind == "standalone" and stage == "health_check"
    if swapped:
        names.append(f"{s.name}-docksmith-old")
    # Mid-pull, the new image is not there yet: nothing to remove or spare.
    present = [images.old_id] + ([] if stage == "pulling_image" else [images.new_ref])
    for name in names:
        for verb in ("stop", "start", "restart"):
            await expect(
                f"{verb} {name}",
                await client.post(f"/api/containers/{name}/{verb}"),
                409,
            )
        await expect(
            f"remove {name}",
            await client.delete(f"/api/containers/{name}", params={"force": "true"}),
            409,
        )
    stop = (await client.post("/graphql", json={"query": STOP_GQL,
                                                "variables": {"n": s.name}})).json()  # fmt: skip
    if stop["data"]["stopContainer"]["__typename"] != "ConflictError":
        problems.append(f"GraphQL stopContainer: {stop}")
    await expect(
        "lifecycle restart", await client.post(f"/api/restart/container/{s.name}"), 409
    )
    await expect(
        "label change",
        await client.post(
            "/api/labels/set", json={"container": s.name, "ignore": True}
        ),
        refused_for_standalone,
    )
    await expect(
        "fix mismatch",
        await client.post(f"/api/fix-compose-mismatch/{s.name}"),
        refused_for_standalone,
    )
    await expect(
        "second update",
        await client.post(
            "/api/update", json={"container": s.name, "version": "1.0.0"}
        ),
        409,
    )
    for path, params in (
        ("containers", {}),
        ("images", {"all": "true"}),
        ("networks", {}),
        ("volumes", {}),
        ("system", {"all": "true", "volumes": "true"}),
    ):
        response = await client.post(f"/api/prune/{path}", params=params)
        await expect(f"prune {path}", response, 200)
        for name in names:
            if not exists(engine, "container", name):
                problems.append(f"prune {path} removed container {name}")
        for image in present:
            if not exists(engine, "image", image):
                problems.append(f"prune {path} removed image {image}")
        if not exists(engine, "volume", s.volume):
            problems.append(f"prune {path} removed volume {s.volume}")
    for image in present:
        await expect(
            f"remove image {image}",
            await client.delete(f"/api/images/{image}", params={"force": "true"}),
            409,
        )
    await expect(
        "remove volume",
        await client.delete(f"/api/volumes/{s.volume}", params={"force": "true"}),
        409,
    )
    return problems


CASES = [
    (kind, stage, outcome)
    for kind in ("standalone", "compose")
    for stage, outcome in (
        ("pre_update_check", "complete"),
        ("pulling_image", "complete"),
        ("health_check", "complete"),
        ("health_check", "rolled_back"),
    )
]


@pytest.mark.parametrize(("kind", "stage", "outcome"), CASES)
async def test_actions_during_an_update_are_refused_or_spare_it(
    api, engine, stacks, request, kind, stage, outcome
):
    client, scripts = api
    gate = threading.Event()
    if stage == "pulling_image":
        pull: Pull = request.getfixturevalue("pulled")
        images = pull.images
        # An earlier case may have pulled it: the engine must fetch it again.
        engine.docker("rmi", images.new_ref, check=False)
        pull.proxy.reset_script(Fault.forward())
    else:
        images = request.getfixturevalue("images")
    label = f"{kind[:4]}-{stage[:3]}-{outcome[:4]}"
    s = start_subject(engine, stacks, images, kind, label)
    before = s.file()
    [info] = engine.inspect(s.name)
    update: dict[str, Any] = {"container": s.name, "version": "2.0.0"}
    go = s.ctl / "go"
    if stage == "pre_update_check":
        update["script"] = f"hold-{label}.sh"
        write_gate(scripts, go, name=update["script"])
    if stage != "health_check":
        (s.ctl / "healthy").touch()
    if stage == "pulling_image":
        pull.proxy.reset_script(Fault.hold(gate, match="/blobs/"))
    try:
        # given an update held at the stage
        response = await client.post("/api/update", json=update)
        assert response.status_code == 200, response.text
        op_id = response.json()["data"]["operation_id"]
        await wait_stage(client, op_id, stage)
        if stage == "pulling_image":
            async with asyncio.timeout(60):
                while not pull.proxy.holding:  # the engine is fetching blobs
                    await asyncio.sleep(0.05)

        # when everything else is fired at it
        problems = await fire_everything(client, engine, images, s, stage)

        # then each was refused or spared it, and the update ends as alone
        go.touch()
        gate.set()
        (s.ctl / ("healthy" if outcome == "complete" else "exit")).touch()
        op = await wait_done(client, op_id, timeout=180)
        assert problems == []
        [now] = engine.inspect(s.name)
        assert now["State"]["Running"] is True
        assert not exists(engine, "container", f"{s.name}-docksmith-old")
        if outcome == "complete":
            assert op["status"] == "complete", op
            assert now["Config"]["Image"] == images.new_ref
            if before is not None:
                assert s.file() == before.replace(images.old_ref, images.new_ref)
        else:
            assert op["status"] == "failed", op
            if s.kind == "compose":
                assert op["rollback_occurred"] is True, op
            else:  # the swap itself puts the old container back
                assert "old container was restored" in op["error_message"], op
            assert now["Image"] == info["Image"] == images.old_id
            assert s.file() == before
    finally:
        gate.set()
        engine.docker("rm", "-f", s.name, check=False)
        engine.docker("volume", "rm", "-f", s.volume, check=False)


@pytest.mark.parametrize("kind", ["standalone", "compose"])
async def test_a_prune_during_a_rollback_spares_the_image_it_restores(
    api, engine, stacks, images, kind
):
    client, scripts = api
    s = start_subject(engine, stacks, images, kind, f"{kind[:4]}-rollback")
    before = s.file()
    (s.ctl / "healthy").touch()
    try:
        # given a completed update: the old image is now unused
        started = await client.post(
            "/api/update", json={"container": s.name, "version": "2.0.0"}
        )
        update = await wait_done(client, started.json()["data"]["operation_id"])
        assert update["status"] == "complete", update
        assert engine.inspect(s.name)[0]["Image"] != images.old_id

        # and its rollback held in its pre-update check
        held, go = s.ctl / "held", s.ctl / "go"
        script = f"hold-rollback-{kind}.sh"
        write_gate(scripts, go, held=held, name=script)
        assigned = await client.post(
            "/api/scripts/assign", json={"container": s.name, "script": script}
        )
        assert assigned.status_code == 200, assigned.text
        rollback = await client.post(
            "/api/rollback", json={"operation_id": update["operation_id"]}
        )
        assert rollback.status_code == 200, rollback.text
        await wait_for_file(held)

        # when everything unused is pruned, and the image removed by hand
        pruned = await client.post(
            "/api/prune/system", params={"all": "true", "volumes": "true"}
        )
        removal = await client.delete(
            f"/api/images/{images.old_id}", params={"force": "true"}
        )

        # then the image the rollback restores is still there, and it completes
        assert pruned.status_code == 200, pruned.text
        assert images.old_id not in pruned.json()["data"]["deleted"]["images"]
        assert removal.status_code == 409, removal.text
        assert exists(engine, "image", images.old_id)
        go.touch()
        op = await wait_done(client, rollback.json()["data"]["operation_id"])
        assert op["status"] == "complete", op
        [now] = engine.inspect(s.name)
        assert (now["Image"], now["State"]["Running"]) == (images.old_id, True)
        assert s.file() == before
    finally:
        (s.ctl / "go").touch()
        engine.docker("rm", "-f", s.name, check=False)
        engine.docker("volume", "rm", "-f", s.volume, check=False)
