"""Compose files are read, parsed and written in worker threads, never on the
event loop, in every operation that touches them (update, rollback, label
change and its rollback, fix-mismatch): a slow disk or a large file must not
freeze every other request. Observed with an audit hook on the real server."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.api import lab_api, wait_done

pytestmark = pytest.mark.lab


class FileWatch:
    """Records which threads opened or renamed files under one folder."""

    def __init__(self) -> None:
        self.root: str | None = None
        self.on_loop: list[str] = []
        self.off_loop: list[str] = []
        self.loop_thread = threading.get_ident()

    def hook(self, event: str, args: tuple[object, ...]) -> None:
        if self.root is None or event not in ("open", "os.rename"):
            return
        path = str(args[0]) if args else ""
        if not path.startswith(self.root):
            return
        if threading.get_ident() == self.loop_thread:
            self.on_loop.append(f"{event} {path}")
        else:
            self.off_loop.append(f"{event} {path}")


_WATCH = FileWatch()
# Audit hooks cannot be removed: one for the session, armed per test.
sys.addaudithook(_WATCH.hook)


@pytest.fixture
def watch(tmp_path) -> Iterator[FileWatch]:
    _WATCH.loop_thread = threading.get_ident()
    _WATCH.on_loop.clear()
    _WATCH.off_loop.clear()
    yield _WATCH
    _WATCH.root = None


@pytest.fixture(scope="module")
def registry(lab_images, lab_registry):
    lab_images.build_many("offloop/app", ["1.0.0", "1.1.0"])
    return lab_registry.host


async def test_no_compose_file_io_on_the_event_loop(
    registry, lab, lab_engine, tmp_path, watch
):
    stack = lab.stacks.create(
        "offloop",
        compose_text=f"""\
services:
  app:
    image: {registry}/offloop/app:1.0.0
    network_mode: none
""",
    )
    stack.up()
    name = stack.container("app").name
    watch.root = str(Path(stack.dir).resolve())
    try:
        async with lab_api(tmp_path, lab_engine.docker_host) as api:
            update = (
                await api.post(
                    "/api/update", json={"container": name, "version": "1.1.0"}
                )
            ).json()["data"]["operation_id"]
            assert (await wait_done(api, update))["status"] == "complete"
            rollback = (
                await api.post("/api/rollback", json={"operation_id": update})
            ).json()["data"]["operation_id"]
            assert (await wait_done(api, rollback))["status"] == "complete"
            label = (
                await api.post(
                    "/api/labels/set",
                    json={"container": name, "labels": {"docksmith.ignore": "true"}},
                )
            ).json()
            assert label["success"], label
            label_op = label["data"]["operation_id"]
            assert (await wait_done(api, label_op))["status"] == "complete"
            undo = (
                await api.post("/api/rollback", json={"operation_id": label_op})
            ).json()["data"]["operation_id"]
            assert (await wait_done(api, undo))["status"] == "complete"
            watch.root = None  # the test's own edit, made on the loop
            stack.write_text(stack.read_text().replace("1.0.0", "1.1.0"))
            watch.root = str(Path(stack.dir).resolve())
            fix = (await api.post(f"/api/fix-compose-mismatch/{name}")).json()
            assert (await wait_done(api, fix["data"]["operation_id"]))[
                "status"
            ] == "complete"
    finally:
        watch.root = None
        stack.down()
    assert watch.off_loop, "the watch saw no compose file access at all"
    assert watch.on_loop == []
