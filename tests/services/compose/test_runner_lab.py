"""The compose layer against the real compose CLI and the lab's private engine.

Every stack runs with ``network_mode: none``. The flow mirrors an update:
read the project from a running container's compose labels, edit the image
in the file, ``up`` the service through :class:`ComposeRunner`, inspect.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from services.compose import (
    ComposeProject,
    ComposeRunError,
    ComposeRunner,
    ComposeTimeoutError,
    apply_edits,
    load_project_from_labels,
    plan_image_tag,
    plan_labels,
    read_snapshot,
    restore,
)
from services.errors import DockerEngineError
from tests.lab.engine import LabEngine
from tests.lab.images import BuiltImage, ImageBuilder
from tests.lab.stacks import Stack, StackContainer, StackFactory

COMPOSE = """\
# Lab stack for the compose layer (comments must survive)
services:
  app:
    image: {image}   # the image under test
    network_mode: none
    labels:
      - docksmith.ignore=false
  side:   # untouched neighbour
    image: '{image}'
    network_mode: none
"""


@pytest.fixture(scope="module")
def app_images(lab_images: ImageBuilder) -> tuple[BuiltImage, BuiltImage]:
    return lab_images.build("compose/app", "1.0"), lab_images.build(
        "compose/app", "2.0"
    )


@pytest.fixture
def runner(lab_engine: LabEngine) -> ComposeRunner:
    env = {k: v for k, v in lab_engine.env.items() if k != "DOCKER_HOST"}
    return ComposeRunner(lab_engine.docker_host, env)


def labels_of(lab_engine: LabEngine, container_id: str) -> dict[str, str]:
    labels: dict[str, str] = lab_engine.inspect(container_id)[0]["Config"]["Labels"]
    return labels


def up_and_load(
    factory: StackFactory,
    engine: LabEngine,
    runner: ComposeRunner,
    name: str,
    image: str,
) -> tuple[Stack, StackContainer, ComposeProject]:
    """A running stack made by the real CLI, and its project loaded from the labels."""
    stack = factory.create(name, compose_text=COMPOSE.format(image=image))
    stack.up()
    app = stack.container("app")
    project = load_project_from_labels(
        labels_of(engine, app.id), environ=runner.environ
    )
    return stack, app, project


async def test_update_from_container_labels(
    lab_stack_factory: StackFactory,
    lab_engine: LabEngine,
    app_images: tuple[BuiltImage, BuiltImage],
    runner: ComposeRunner,
) -> None:
    # given a running stack made by the real CLI
    old, new = app_images
    stack = lab_stack_factory.create(
        "cmpupd", compose_text=COMPOSE.format(image=old.ref)
    )
    stack.up()
    before = stack.container("app")
    side_before = stack.container("side")
    labels = labels_of(lab_engine, before.id)
    # when the project is loaded from its labels and the tag edited
    project = load_project_from_labels(labels, environ=runner.environ)
    assert project.name == "cmpupd"
    assert project.config_files == (stack.compose_path,)
    plan = plan_image_tag(project, "app", "2.0")
    assert len(plan.edits) == 1
    apply_edits(plan.edits)
    expected = stack.text.replace(
        f"image: {old.ref}   #", f"image: {new.ref}   #"
    ).encode()
    assert stack.compose_path.read_bytes() == expected
    lines: list[str] = []
    runner.on_line = lines.append
    result = await runner.up(
        project.name or "",
        project.config_files,
        project.working_dir,
        ["app"],
        timeout=120,
    )
    # then the service runs the new image, its neighbour is untouched
    after = stack.container("app")
    assert after.id != before.id
    info = lab_engine.inspect(after.id)[0]
    assert info["Config"]["Image"] == new.ref
    assert info["Image"] == new.image_id
    assert info["State"]["Running"] is True
    assert stack.container("side").id == side_before.id
    assert list(result.lines) == lines
    assert any("app" in line for line in lines)
    ids = await runner.ps(project.name or "", project.config_files, project.working_dir)
    assert after.id in ids
    assert side_before.id in ids


def test_v1_writes_relative_config_files(
    lab_stack_factory: StackFactory,
    lab_engine: LabEngine,
    app_images: tuple[BuiltImage, BuiltImage],
    runner: ComposeRunner,
) -> None:
    stack = lab_stack_factory.create(
        "cmprel", compose_text=COMPOSE.format(image=app_images[0].ref)
    )
    stack.up()
    labels = labels_of(lab_engine, stack.container("app").id)
    raw = labels["com.docker.compose.project.config_files"]
    project = load_project_from_labels(labels, environ=runner.environ)
    assert project.config_files == (stack.compose_path,)
    # compose v1 writes the name relative to the working dir, v2 absolute
    assert raw in ("docker-compose.yml", str(stack.compose_path))


async def test_dotenv_controlled_image_update(
    lab_stack_factory: StackFactory,
    lab_engine: LabEngine,
    app_images: tuple[BuiltImage, BuiltImage],
    runner: ComposeRunner,
) -> None:
    old, new = app_images
    repo = old.ref.rsplit(":", 1)[0]
    text = (
        "services:\n  app:\n    image: ${APP_REPO}:${APP_TAG}\n    network_mode: none\n"
    )
    stack = lab_stack_factory.create(
        "cmpenv", compose_text=text, env_file={"APP_REPO": repo, "APP_TAG": "1.0"}
    )
    stack.up()
    labels = labels_of(lab_engine, stack.container("app").id)
    project = load_project_from_labels(labels, environ=runner.environ)
    plan = plan_image_tag(project, "app", "2.0")
    assert plan.variable == "APP_TAG"
    apply_edits(plan.edits)
    assert stack.env_path is not None
    assert stack.env_path.read_text() == f"APP_REPO={repo}\nAPP_TAG=2.0\n"
    assert stack.compose_path.read_text() == text
    await runner.up(
        project.name or "",
        project.config_files,
        project.working_dir,
        ["app"],
        timeout=120,
    )
    assert lab_engine.inspect(stack.container("app").id)[0]["Image"] == new.image_id


async def test_failing_up_reports_cli_output_and_files_restore(
    lab_stack_factory: StackFactory,
    lab_engine: LabEngine,
    app_images: tuple[BuiltImage, BuiltImage],
    runner: ComposeRunner,
) -> None:
    stack, before, project = up_and_load(
        lab_stack_factory, lab_engine, runner, "cmpfail", app_images[0].ref
    )
    plan = plan_image_tag(project, "app", "0.0-does-not-exist")
    backup = read_snapshot([e.path for e in plan.edits])
    apply_edits(plan.edits)
    with pytest.raises(ComposeRunError) as info:
        await runner.up(
            project.name or "",
            project.config_files,
            project.working_dir,
            ["app"],
            timeout=120,
        )
    assert isinstance(info.value, DockerEngineError)
    message = str(info.value)
    assert "compose up for project cmpfail failed (exit" in message
    assert "0.0-does-not-exist" in message  # the CLI's own words are quoted
    restore(backup)
    assert stack.compose_path.read_text() == stack.text
    # the old container was never touched: pulling failed before recreation
    assert stack.container("app").id == before.id


@pytest.fixture
def silent_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A unix socket that accepts connections and never answers: a hung engine."""
    path = tmp_path_factory.mktemp("hang") / "d.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"unix://{path}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


async def test_timeout_kills_the_cli(
    lab_engine: LabEngine, silent_engine: str, tmp_path: Path
) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  app:\n    image: busybox\n    network_mode: none\n"
    )
    env = {k: v for k, v in lab_engine.env.items() if k != "DOCKER_HOST"}
    runner = ComposeRunner(silent_engine, env)
    began = time.monotonic()
    with pytest.raises(
        ComposeTimeoutError, match="timed out after 2s and was killed"
    ) as info:
        await runner.up(
            "cmphang", [tmp_path / "docker-compose.yml"], tmp_path, ["app"], timeout=2
        )
    assert time.monotonic() - began < 15
    assert "compose up for project cmphang" in str(info.value)
    leftovers = [
        p for p in psutil.process_iter(["cmdline"])
        if "cmphang" in " ".join(p.info["cmdline"] or [])
    ]  # fmt: skip
    assert leftovers == []


async def test_missing_compose_file_is_a_cli_error(
    lab_engine: LabEngine, runner: ComposeRunner, tmp_path: Path
) -> None:
    with pytest.raises(ComposeRunError, match=r"failed \(exit \d+\)"):
        await runner.ps("cmpnone", [tmp_path / "nope.yml"], tmp_path, timeout=60)


async def test_label_edit_reaches_the_recreated_container(
    lab_stack_factory: StackFactory,
    lab_engine: LabEngine,
    app_images: tuple[BuiltImage, BuiltImage],
    runner: ComposeRunner,
) -> None:
    stack, _app, project = up_and_load(
        lab_stack_factory, lab_engine, runner, "cmplbl", app_images[0].ref
    )
    edits = plan_labels(
        project,
        "app",
        set_labels={"docksmith.allow-latest": "true"},
        remove=["docksmith.ignore"],
    )
    apply_edits(edits)
    assert stack.compose_path.read_text() == stack.text.replace(
        "      - docksmith.ignore=false\n", "      - docksmith.allow-latest=true\n"
    )
    await runner.up(
        project.name or "",
        project.config_files,
        project.working_dir,
        ["app"],
        timeout=120,
    )
    labels = labels_of(lab_engine, stack.container("app").id)
    assert labels["docksmith.allow-latest"] == "true"
    assert "docksmith.ignore" not in labels
    # restart keeps the container (same id) and it is running again
    after = stack.container("app")
    started = lab_engine.inspect(after.id)[0]["State"]["StartedAt"]
    await runner.restart(
        project.name or "",
        project.config_files,
        project.working_dir,
        ["app"],
        timeout=120,
    )
    again = lab_engine.inspect(after.id)[0]
    assert again["State"]["Running"] is True
    assert again["State"]["StartedAt"] != started


async def test_an_output_line_longer_than_the_pipe_buffer_is_cut_not_fatal(
    runner: ComposeRunner, tmp_path: Path
) -> None:
    # compose names the unset variable in its warning: a 70,000-byte line,
    # past asyncio's 64 KiB line buffer (which raised ValueError and killed
    # the CLI mid-run).
    name = "V" * 70_000
    (tmp_path / "docker-compose.yml").write_text(
        f'services:\n  app:\n    image: "busybox:1${{{name}}}"\n'
        "    network_mode: none\n"
    )
    heard: list[str] = []
    runner.on_line = heard.append
    result = await runner.run(
        "cmplong", [tmp_path / "docker-compose.yml"], tmp_path, ["config"], timeout=60
    )
    [long] = [line for line in result.lines if "VVVV" in line]
    assert len(long) < 4100
    assert long.endswith(" more bytes)")
    assert any("image: busybox:1" in line for line in result.lines)
    assert long in heard


# `.env` files as editors write them: the compose CLI is the judge of what
# each means (image `app:${TAG}`), and Docksmith must read the same value.
ODD_DOTENVS = {
    "bom": b"\xef\xbb\xbfTAG=1.5\n",
    "bom-crlf": b"\xef\xbb\xbfTAG=1.5\r\nX=1\r\n",
    "crlf-quoted": b'TAG="1.5"\r\n',
    "export-comment": b"export TAG=1.5 # pinned\n",
    "spaces-tab": b"TAG = \t1.5   \n",
    "repeated": b"TAG=1.4\nTAG=1.5\n",
    "no-final-newline": b"TAG='1.5'",
}


@pytest.mark.parametrize("dotenv", ODD_DOTENVS.values(), ids=ODD_DOTENVS)
async def test_odd_dotenvs_read_as_the_compose_cli_reads_them(
    runner: ComposeRunner, tmp_path: Path, dotenv: bytes
) -> None:
    compose = tmp_path / "docker-compose.yml"
    compose.write_text('services:\n  app:\n    image: "app:${TAG}"\n')
    (tmp_path / ".env").write_bytes(dotenv)
    result = await runner.run("cmpenv", [compose], tmp_path, ["config"], timeout=60)
    [line] = [line.strip() for line in result.lines if "image:" in line]
    project = load_project_from_labels(
        {
            "com.docker.compose.project": "cmpenv",
            "com.docker.compose.project.config_files": str(compose),
            "com.docker.compose.project.working_dir": str(tmp_path),
        },
        environ=runner.environ,
    )
    assert line == f"image: {project.resolved_image('app')}"


async def test_label_values_yaml_1_1_would_retype_reach_compose_as_written(
    runner: ComposeRunner, tmp_path: Path
) -> None:
    # Debian's compose v1 reads YAML 1.1: written plain, `yes` was the label
    # "True" and `12:30` the label "750".
    compose = tmp_path / "docker-compose.yml"
    compose.write_text("services:\n  app:\n    image: app:1\n    labels:\n      j: x\n")
    project = load_project_from_labels(
        {
            "com.docker.compose.project": "cmplbl",
            "com.docker.compose.project.config_files": str(compose),
            "com.docker.compose.project.working_dir": str(tmp_path),
        },
        environ=runner.environ,
    )
    apply_edits(plan_labels(project, "app", set_labels={"k": "yes", "t": "12:30"}))
    result = await runner.run("cmplbl", [compose], tmp_path, ["config"], timeout=60)
    said = {
        key.strip(): value.strip().strip("'\"")
        for key, _, value in (
            line.partition(":")
            for line in result.lines
            if line.strip()[:2] in ("k:", "t:")
        )
    }
    assert said == {"k": "yes", "t": "12:30"}
