"""The self-update helper container against the lab engine.

The helper image here is a busybox one whose ``python3`` is a shell script
printing what the real helper would read: the plan file named on its
command line, with its mode and owner. The plan holds the compose files'
bytes, so it must reach the helper without showing in ``docker inspect``.
"""

from __future__ import annotations

import json
import os

import pytest

from services.docker.selfhelper import HELPER_LABEL, SelfHelpers
from services.updates.selfupdate import wait_for_helper

pytestmark = pytest.mark.lab

SECRET = "c2VjcmV0LWNvbXBvc2UtYnl0ZXM="
PLAN = json.dumps({"operation_id": "op-helper-1", "originals": {"/x.yaml": SECRET}})
FAKE_PYTHON = (
    "FROM {base}\n"
    'RUN printf \'#!/bin/sh\\nstat -c "plan %%a %%u %%g" "$3"\\ncat "$3"\\n\''
    " > /bin/python3 && chmod 755 /bin/python3\n"
)


@pytest.fixture(scope="module")
def helper_image(lab):
    base = lab.images.build("selfhelper/base", "1.0.0", push=False)
    ref = "selfhelper/fake-python:1"
    lab.engine.docker(
        "build", "-q", "--network", "none", "-t", ref, "-",
        input=FAKE_PYTHON.format(base=base.ref), timeout=300,
    )  # fmt: skip
    return ref


@pytest.fixture
async def own(lab, helper_image):
    """Docksmith's "own" container, run as this process's user as in the image."""
    name = "selfhelper-own"
    user = f"{os.getuid()}:{os.getgid()}"
    cid = lab.engine.run_container(
        name, helper_image, extra_args=["--user", user, "--entrypoint", "sleep"],
        command=["300"],
    )  # fmt: skip
    yield cid
    lab.engine.remove_container(name)


async def test_the_plan_reaches_the_helper_as_a_private_file_not_in_inspect(
    lab, own, helper_image
):
    helpers = SelfHelpers(lab.engine.docker_host)
    try:
        helper = await helpers.start(own, helper_image, "op-helper-1", PLAN)
        inspected = json.dumps(lab.engine.inspect(helper))
        code, log = await wait_for_helper(helpers, "op-helper-1", 120)
    finally:
        await helpers.close()
        for cid in lab.engine.docker(
            "ps", "-aq", "--filter", f"label={HELPER_LABEL}=op-helper-1"
        ).stdout.split():
            lab.engine.remove_container(cid)
    assert SECRET not in inspected
    assert code == 0, log
    assert f"plan 600 {os.getuid()} {os.getgid()}" in log
    assert PLAN in log
