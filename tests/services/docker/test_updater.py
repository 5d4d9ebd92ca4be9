"""DockerUpdater against the lab's private engine and registries."""

from __future__ import annotations

import asyncio
import itertools
import json

import pytest

from services.docker.health import HealthOutcome
from services.docker.leftovers import LeftoverAction
from services.docker.pull import PullProgress
from services.docker.swap import NEW_SUFFIX, OLD_SUFFIX
from services.docker.updater import DockerUpdater
from services.errors import (
    ConflictError,
    DockerEngineError,
    InvalidInputError,
    NotFoundError,
)
from tests.lab.images import Healthcheck

pytestmark = pytest.mark.lab

FAILING_HEALTH = (
    "HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD test -f /nonexistent"
)
_names = itertools.count()


@pytest.fixture
async def updater(lab_engine):
    client = DockerUpdater(lab_engine.docker_host)
    yield client
    await client.close()


@pytest.fixture
def names(lab_engine):
    """Unique container names; every one (and its swap leftovers) is removed after."""
    made: list[str] = []

    def make(stem: str) -> str:
        name = f"upd-{stem}-{next(_names)}"
        made.append(name)
        return name

    yield make
    for name in made:
        for suffix in ("", NEW_SUFFIX, OLD_SUFFIX):
            lab_engine.remove_container(name + suffix)


@pytest.fixture(scope="module")
def app_images(lab_images):
    """v1 and v2 of one app; the image ENV changes between them."""
    return {
        tag: lab_images.build(
            "updater/app", tag, env={"APP_VERSION": tag}, labels={"app.tag": tag}
        )
        for tag in ("1.0", "2.0")
    }


def exists(lab_engine, name: str) -> bool:
    return lab_engine.docker("inspect", name, check=False, timeout=20).returncode == 0


# -- pull --------------------------------------------------------------


async def test_pull_reports_monotonic_progress_up_to_100(updater, lab_images):
    built = lab_images.build("updater/pull", "1.0", files={"blob": b"x" * 2_000_000})
    lab_images.remove_local(built.ref)
    reports: list[PullProgress] = []

    async def record(progress: PullProgress) -> None:
        reports.append(progress)

    pulled = await updater.pull(built.ref, on_progress=record)

    assert pulled.id == built.image_id
    assert built.repo_digest_ref in pulled.repo_digests
    percents = [r.percent for r in reports]
    assert percents == sorted(percents)
    assert percents[-1] == 100
    assert reports[-1].layers_total >= 1
    assert reports[-1].layers_done == reports[-1].layers_total
    assert await updater.image_exists(built.ref) == built.image_id


async def test_pull_by_digest_with_a_plain_callback(updater, lab_images):
    built = lab_images.build("updater/digest", "1.0")
    lab_images.remove_local(built.ref)
    seen: list[float] = []

    pulled = await updater.pull(built.repo_digest_ref, lambda p: seen.append(p.percent))

    assert pulled.id == built.image_id
    assert seen[-1] == 100
    assert await updater.image_exists(built.repo_digest_ref) == built.image_id


async def test_pull_of_a_missing_tag_is_not_found(updater, lab_registry):
    ref = lab_registry.ref("updater/pull", "9.9.9")
    with pytest.raises(NotFoundError) as caught:
        await updater.pull(ref)
    assert str(caught.value) == f"image tag does not exist on the registry: {ref}"
    with pytest.raises(InvalidInputError, match="invalid image reference"):
        await updater.pull("Bad Ref::x")


async def test_pull_from_an_htpasswd_registry(
    lab_engine, lab_auth_registry, lab_images
):
    from tests.lab.images import ImageBuilder

    builder = ImageBuilder(lab_engine, lab_auth_registry)
    host = lab_auth_registry.host
    lab_engine.docker(
        "login", host, "-u", lab_auth_registry.username, "--password-stdin",
        input=lab_auth_registry.password, timeout=30,
    )  # fmt: skip
    try:
        built = builder.build("updater/private", "1.0")
    finally:
        lab_engine.docker("logout", host, timeout=30, check=False)
    builder.remove_local(built.ref)
    asked: list[str] = []

    async def credentials(registry: str) -> dict[str, str] | None:
        asked.append(registry)
        return {
            "username": lab_auth_registry.username,
            "password": lab_auth_registry.password,
        }

    anonymous = DockerUpdater(lab_engine.docker_host)
    authed = DockerUpdater(lab_engine.docker_host, registry_auth=credentials)
    try:
        with pytest.raises(DockerEngineError, match=f"registry {host} refused access"):
            await anonymous.pull(built.ref)
        pulled = await authed.pull(built.ref)
    finally:
        await anonymous.close()
        await authed.close()
    assert pulled.id == built.image_id
    assert asked == [host]


async def test_tag_and_image_exists(updater, lab_images):
    built = lab_images.build("updater/tag", "1.0", push=False)
    target = "local/updater-tag:rollback"
    assert await updater.image_exists(target) is None

    await updater.tag(built.image_id, target)

    assert await updater.image_exists(target) == built.image_id
    with pytest.raises(NotFoundError):
        await updater.tag("sha256:" + "0" * 64, "local/updater-tag:nope")
    with pytest.raises(InvalidInputError):
        await updater.tag(built.image_id, "local/x@sha256:" + "0" * 64)


# -- wait_healthy ------------------------------------------------------


async def test_waits_for_a_healthcheck_to_pass(updater, lab_engine, lab_images, names):
    image = lab_images.build(
        "updater/healthy", "1.0", push=False, healthcheck=Healthcheck()
    )
    name = names("healthy")
    lab_engine.run_container(name, image.ref)

    outcome = await updater.wait_healthy(
        name, timeout_seconds=15, stability_seconds=1, poll_seconds=0.2
    )

    assert outcome == HealthOutcome(True, "healthy", f"{name} is healthy")


async def test_unhealthy_fails_fast_with_the_probe_output(
    updater, lab_engine, lab_images, names
):
    image = lab_images.build(
        "updater/unhealthy",
        "1.0",
        push=False,
        healthcheck="HEALTHCHECK --interval=1s --timeout=1s --retries=1 "
        "CMD echo probe-says-no && false",
    )
    name = names("unhealthy")
    lab_engine.run_container(name, image.ref)

    outcome = await updater.wait_healthy(
        name, timeout_seconds=20, stability_seconds=1, poll_seconds=0.2
    )

    assert not outcome.ok
    assert outcome.status == "unhealthy"
    assert "probe-says-no" in outcome.message
    assert "exit code 1" in outcome.message


async def test_health_timeout_says_how_long_it_waited(
    updater, lab_engine, lab_images, names
):
    image = lab_images.build(
        "updater/slowhealth", "1.0", push=False, healthcheck=Healthcheck(interval="60s")
    )
    name = names("slow")
    lab_engine.run_container(name, image.ref)

    outcome = await updater.wait_healthy(
        name, timeout_seconds=1, stability_seconds=1, poll_seconds=0.2
    )

    assert not outcome.ok
    assert outcome.status == "timeout"
    assert "still 'starting' after 1s" in outcome.message


async def test_without_healthcheck_a_stable_container_passes(
    updater, lab_engine, app_images, names
):
    name = names("stable")
    lab_engine.run_container(name, app_images["1.0"].ref)

    outcome = await updater.wait_healthy(
        name, timeout_seconds=5, stability_seconds=1, poll_seconds=0.2
    )

    assert outcome.ok
    assert outcome.status == "stable"


async def test_an_exited_container_fails_with_its_exit_code(
    updater, lab_engine, lab_images, names
):
    image = lab_images.build(
        "updater/crash", "1.0", push=False, cmd=["sh", "-c", "exit 3"]
    )
    name = names("exited")
    lab_engine.run_container(name, image.ref)
    lab_engine.docker("wait", name, timeout=20)

    outcome = await updater.wait_healthy(
        name, timeout_seconds=5, stability_seconds=1, poll_seconds=0.2
    )

    assert not outcome.ok
    assert outcome.status == "exited"
    assert "exit code 3" in outcome.message


async def test_a_crash_looping_container_fails(updater, lab_engine, lab_images, names):
    image = lab_images.build(
        "updater/crashloop", "1.0", push=False, cmd=["sh", "-c", "sleep 0.3; exit 3"]
    )
    name = names("loop")
    lab_engine.run_container(name, image.ref, extra_args=["--restart", "always"])

    outcome = await updater.wait_healthy(
        name, timeout_seconds=5, stability_seconds=2, poll_seconds=0.1
    )

    assert not outcome.ok
    assert outcome.status == "restarting"
    assert "exit code 3" in outcome.message or "restarted" in outcome.message


async def test_a_missing_container_is_not_healthy(updater):
    outcome = await updater.wait_healthy(
        "upd-never-existed", timeout_seconds=1, stability_seconds=1
    )
    assert (outcome.ok, outcome.status) == (False, "missing")


# -- recreate_standalone -------------------------------------------------


async def test_recreate_keeps_the_configuration_and_data(
    updater, lab_engine, app_images, names, tmp_path
):
    name = names("swap")
    volume = f"{name}-data"
    (tmp_path / "host.txt").write_text("from the host")
    old_id = lab_engine.run_container(
        name,
        app_images["1.0"].ref,
        labels={"team": "ops"},
        env={"USER_SETTING": "kept"},
        extra_args=[
            "--restart", "unless-stopped",
            "-v", f"{volume}:/data",
            "-v", "/scratch",
            "-v", f"{tmp_path}:/host:ro",
            "--memory", "64m",
            "--stop-signal", "SIGINT",
        ],
    )  # fmt: skip
    lab_engine.docker(
        "exec", name, "sh", "-c", "echo named > /data/f; echo anon > /scratch/f"
    )
    steps: list[str] = []

    async def healthy(container_id: str) -> HealthOutcome:
        return await updater.wait_healthy(
            container_id, timeout_seconds=5, stability_seconds=1, poll_seconds=0.2
        )

    try:
        outcome = await updater.recreate_standalone(
            name, app_images["2.0"].ref, on_step=steps.append, health=healthy
        )
        [new] = lab_engine.inspect(name)
        assert outcome.old_id == old_id
        assert new["Id"] == outcome.new_id != old_id
        assert new["State"]["Running"]
        assert new["Image"] == app_images["2.0"].image_id
        env = new["Config"]["Env"]
        assert "USER_SETTING=kept" in env
        assert "APP_VERSION=2.0" in env  # the new image's default, not pinned
        assert new["Config"]["Labels"]["team"] == "ops"
        assert new["Config"]["Labels"]["app.tag"] == "2.0"
        assert new["Config"]["StopSignal"] == "SIGINT"
        assert new["Config"]["Hostname"] == new["Id"][:12]
        assert new["HostConfig"]["RestartPolicy"]["Name"] == "unless-stopped"
        assert new["HostConfig"]["Memory"] == 64 * 1024 * 1024
        assert new["HostConfig"]["NetworkMode"] == "none"
        out = lab_engine.docker(
            "exec", name, "cat", "/data/f", "/scratch/f", "/host/host.txt"
        )
        assert out.stdout.split("\n")[:3] == ["named", "anon", "from the host"]
        assert not exists(lab_engine, old_id)
        assert not exists(lab_engine, name + NEW_SUFFIX)
        assert not exists(lab_engine, name + OLD_SUFFIX)
        assert any("stopping the old container" in s for s in steps)
        assert steps[-1].startswith("removing the old container")
    finally:
        lab_engine.remove_container(name)
        lab_engine.docker("volume", "rm", "-f", volume, check=False)


async def test_failed_health_restores_the_old_container(
    updater, lab_engine, app_images, lab_images, names
):
    broken = lab_images.build("updater/app", "3.0-broken", healthcheck=FAILING_HEALTH)
    name = names("rollback")
    old_id = lab_engine.run_container(name, app_images["1.0"].ref, env={"K": "v"})
    steps: list[str] = []

    async def healthy(container_id: str) -> HealthOutcome:
        return await updater.wait_healthy(
            container_id, timeout_seconds=10, stability_seconds=1, poll_seconds=0.2
        )

    with pytest.raises(DockerEngineError) as caught:
        await updater.recreate_standalone(
            name, broken.ref, on_step=steps.append, health=healthy
        )

    message = str(caught.value)
    assert "waiting for the new container to be healthy" in message
    assert "unhealthy" in message
    assert message.endswith("the old container was restored and running again")
    [old] = lab_engine.inspect(name)
    assert old["Id"] == old_id
    assert old["State"]["Running"]
    assert old["Image"] == app_images["1.0"].image_id
    assert not exists(lab_engine, name + NEW_SUFFIX)
    assert not exists(lab_engine, name + OLD_SUFFIX)
    leftovers = lab_engine.docker(
        "ps", "-aq", "--filter", f"ancestor={broken.ref}", timeout=20
    ).stdout.split()
    assert leftovers == []
    assert steps[-1] == f"the old container {name} is back and running again"


async def test_a_stopped_container_stays_stopped_after_a_failed_start(
    updater, lab_engine, lab_images, app_images, names
):
    crashing = lab_images.build(
        "updater/app", "4.0-crash", push=False, cmd=["sh", "-c", "exit 3"]
    )
    name = names("stopped")
    old_id = lab_engine.run_container(name, app_images["1.0"].ref)
    lab_engine.docker("stop", name, timeout=30)

    async def stable(container_id: str) -> HealthOutcome:
        return await updater.wait_healthy(
            container_id, timeout_seconds=5, stability_seconds=1, poll_seconds=0.2
        )

    with pytest.raises(DockerEngineError, match=r"exit code 3.*was restored$"):
        await updater.recreate_standalone(name, crashing.ref, health=stable)
    [old] = lab_engine.inspect(name)
    assert old["Id"] == old_id
    assert not old["State"]["Running"]


async def test_create_failure_leaves_the_old_container_alone(
    updater, lab_engine, app_images, names
):
    name = names("noimage")
    old_id = lab_engine.run_container(name, app_images["1.0"].ref)
    with pytest.raises(NotFoundError, match="creating the new container"):
        await updater.recreate_standalone(name, "local/not-pulled:1.0")
    [old] = lab_engine.inspect(name)
    assert (old["Id"], old["State"]["Running"]) == (old_id, True)
    assert not exists(lab_engine, name + NEW_SUFFIX)


async def test_recreate_refuses_compose_containers_and_leftovers(
    updater, lab_engine, app_images, names
):
    compose = names("compose")
    lab_engine.run_container(
        compose, app_images["1.0"].ref, labels={"com.docker.compose.project": "demo"}
    )
    with pytest.raises(InvalidInputError, match="compose project demo"):
        await updater.recreate_standalone(compose, app_images["2.0"].ref)

    name = names("leftover")
    lab_engine.run_container(name, app_images["1.0"].ref)
    lab_engine.docker("create", "--network", "none", "--name", name + OLD_SUFFIX,
                      app_images["1.0"].ref)  # fmt: skip
    with pytest.raises(ConflictError, match="restore leftovers"):
        await updater.recreate_standalone(name, app_images["2.0"].ref)
    with pytest.raises(NotFoundError):
        await updater.recreate_standalone(names("absent"), app_images["2.0"].ref)


# -- restore_leftovers ---------------------------------------------------


def create(lab_engine, name: str, image: str) -> str:
    return lab_engine.docker(
        "create", "--network", "none", "--name", name, image, timeout=30
    ).stdout.strip()


def state(lab_engine, name: str) -> dict:
    return json.loads(
        lab_engine.docker("inspect", "--format", "{{json .State}}", name).stdout
    )


async def test_leftovers_nothing_to_do(updater, names):
    outcome = await updater.restore_leftovers(names("clean"))
    assert outcome.action is LeftoverAction.NOTHING


async def test_leftovers_crash_before_the_renames(
    updater, lab_engine, app_images, names
):
    name = names("crash-a")
    old_id = lab_engine.run_container(name, app_images["1.0"].ref)
    create(lab_engine, name + NEW_SUFFIX, app_images["2.0"].ref)
    lab_engine.docker("stop", name, timeout=30)  # the swap had stopped it

    outcome = await updater.restore_leftovers(name)

    assert outcome.action is LeftoverAction.REMOVED_NEW
    assert lab_engine.inspect(name)[0]["Id"] == old_id
    assert state(lab_engine, name)["Running"]
    assert not exists(lab_engine, name + NEW_SUFFIX)


async def test_leftovers_old_moved_aside_is_put_back(
    updater, lab_engine, app_images, names
):
    name = names("crash-b")
    old_id = lab_engine.run_container(name + OLD_SUFFIX, app_images["1.0"].ref)
    create(lab_engine, name + NEW_SUFFIX, app_images["2.0"].ref)
    lab_engine.docker("stop", name + OLD_SUFFIX, timeout=30)

    outcome = await updater.restore_leftovers(name)

    assert outcome.action is LeftoverAction.RESTORED_OLD
    assert lab_engine.inspect(name)[0]["Id"] == old_id
    assert state(lab_engine, name)["Running"]
    assert not exists(lab_engine, name + NEW_SUFFIX)
    assert not exists(lab_engine, name + OLD_SUFFIX)


async def test_leftovers_a_never_running_old_is_not_started(
    updater, lab_engine, app_images, names
):
    name = names("crash-b2")
    create(lab_engine, name + OLD_SUFFIX, app_images["1.0"].ref)
    create(lab_engine, name + NEW_SUFFIX, app_images["2.0"].ref)

    outcome = await updater.restore_leftovers(name)

    assert outcome.action is LeftoverAction.RESTORED_OLD
    assert not state(lab_engine, name)["Running"]


async def test_leftovers_running_new_container_is_kept(
    updater, lab_engine, app_images, names
):
    name = names("crash-c")
    create(lab_engine, name + OLD_SUFFIX, app_images["1.0"].ref)
    new_id = lab_engine.run_container(name, app_images["2.0"].ref)

    outcome = await updater.restore_leftovers(name)

    assert outcome.action is LeftoverAction.KEPT_NEW
    assert lab_engine.inspect(name)[0]["Id"] == new_id
    assert not exists(lab_engine, name + OLD_SUFFIX)


async def test_leftovers_unstarted_new_container_is_rolled_back(
    updater, lab_engine, app_images, names
):
    name = names("crash-d")
    old_id = lab_engine.run_container(name + OLD_SUFFIX, app_images["1.0"].ref)
    new_id = create(lab_engine, name, app_images["2.0"].ref)
    lab_engine.docker("stop", name + OLD_SUFFIX, timeout=30)

    outcome = await updater.restore_leftovers(name)

    assert outcome.action is LeftoverAction.RESTORED_OLD
    assert lab_engine.inspect(name)[0]["Id"] == old_id
    assert state(lab_engine, name)["Running"]
    assert not exists(lab_engine, new_id)


async def test_leftovers_lone_new_copy_is_adopted(
    updater, lab_engine, app_images, names
):
    name = names("crash-e")
    new_id = create(lab_engine, name + NEW_SUFFIX, app_images["2.0"].ref)

    outcome = await updater.restore_leftovers(name)

    assert outcome.action is LeftoverAction.ADOPTED_NEW
    assert lab_engine.inspect(name)[0]["Id"] == new_id


async def test_cancelling_mid_swap_restores_the_old_container(
    updater, lab_engine, app_images, names
):
    name = names("cancel")
    old_id = lab_engine.run_container(name, app_images["1.0"].ref)
    waiting = asyncio.Event()

    async def never_healthy(container_id: str) -> HealthOutcome:
        waiting.set()
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    swap = asyncio.create_task(
        updater.recreate_standalone(name, app_images["2.0"].ref, health=never_healthy)
    )
    await asyncio.wait_for(waiting.wait(), timeout=20)
    swap.cancel()
    with pytest.raises(asyncio.CancelledError):
        await swap

    [old] = lab_engine.inspect(name)
    assert (old["Id"], old["State"]["Running"]) == (old_id, True)
    assert not exists(lab_engine, name + NEW_SUFFIX)
    assert not exists(lab_engine, name + OLD_SUFFIX)


async def test_service_container_follows_the_compose_labels_not_the_name(lab, updater):
    """Compose v2 gives a v1-created ``svcfollow_web_1`` the name
    ``svcfollow-web-1`` when it recreates it (docker rename stands in for
    v2 here); one-off runs and ``<id>_`` leftovers never count."""
    image = lab.images.build("updater/follow", "1.0.0", push=False)
    stack = lab.stacks.up(
        "svcfollow", {"web": {"image": image.ref, "command": ["sleep", "300"]}}
    )
    row = stack.container("web")
    labels = lab.engine.inspect(row.id)[0]["Config"]["Labels"]
    assert await updater.service_container(labels) == row.name
    lab.engine.docker("rename", row.id, "svcfollow-web-1")
    stack.compose("run", "-d", "--no-deps", "web", "sleep", "300")
    lab.engine.run_container(
        "0123456789ab_svcfollow_web_1",
        image.ref,
        labels=labels,
        command=["sleep", "300"],
    )
    try:
        assert await updater.service_container(labels) == "svcfollow-web-1"
        other = {**labels, "com.docker.compose.container-number": "2"}
        assert await updater.service_container(other) is None
        assert await updater.service_container({"tier": "front"}) is None
    finally:
        lab.engine.remove_container("0123456789ab_svcfollow_web_1")
        stack.down()


async def test_copies_of_a_v1_container_that_v2_recreated_are_found_by_its_labels(
    lab, updater
):
    """What compose v2 leaves when it is stopped while recreating a container
    compose 1.29 made: the old one stopped and renamed ``<id>_<v1 name>``,
    the new one under v2's name. Only the labels say they are one container:
    found by them, the old copy is put back and nothing is left behind."""
    image = lab.images.build("updater/follow", "1.0.0", push=False)
    stack = lab.stacks.up(
        "svcleft", {"web": {"image": image.ref, "command": ["sleep", "300"]}}
    )
    old = stack.container("web")
    assert old.name == "svcleft_web_1"  # compose 1.29's name
    # a one-off run of the service is no copy (run now: 1.29 would remove
    # the v2-named container below as foreign)
    stack.compose("run", "-d", "--no-deps", "web", "sleep", "300")
    labels = lab.engine.inspect(old.id)[0]["Config"]["Labels"]
    aside = f"{old.id[:12]}_{old.name}"
    lab.engine.docker("stop", "-t", "1", old.id)
    lab.engine.docker("rename", old.id, aside)
    lab.engine.run_container(
        "svcleft-web-1", image.ref, labels=labels, command=["sleep", "300"]
    )
    replica = {**labels, "com.docker.compose.container-number": "2"}
    lab.engine.run_container(
        "svcleft-web-2", image.ref, labels=replica, command=["sleep", "300"]
    )
    try:
        # by its name alone the old copy is invisible (what left it behind)
        assert [c.name for c in await updater.copies("svcleft-web-1")] == [
            "svcleft-web-1"
        ]
        found = await updater.copies("svcleft-web-1", labels)
        assert [(c.name, c.renamed, c.running) for c in found] == [
            ("svcleft-web-1", False, True),
            (aside, True, False),
        ]
        # without the container number any replica would count: name only
        partial = {k: v for k, v in labels.items() if "container-number" not in k}
        assert len(await updater.copies("svcleft-web-1", partial)) == 1

        done = await updater.keep_copy("svcleft-web-1", found[1], labels)
        assert done[0].startswith("removed svcleft-web-1")
        [info] = lab.engine.inspect("svcleft-web-1")
        assert (info["Id"], info["State"]["Running"]) == (old.id, True)
        assert not exists(lab.engine, aside)
        names = lab.engine.docker(
            "ps", "-a", "--format", "{{.Names}}", timeout=20
        ).stdout.split()
        # the replica and the one-off run are no copies: they stay
        assert "svcleft-web-2" in names
        assert sum(n.startswith("svcleft_web_run_") for n in names) == 1
    finally:
        lab.engine.remove_container("svcleft-web-1")
        lab.engine.remove_container("svcleft-web-2")
        lab.engine.remove_container(aside)
        stack.down()
