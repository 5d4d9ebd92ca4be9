"""Image tests: Docksmith's image built from the Dockerfile in the lab.

Collected only under ``make test-image`` (DOCKSMITH_IMAGE_TESTS=1; see
tests/conftest.py): the build takes a minute or two, more on a clean clone
where the Debian base is made first, so the main pytest run leaves them out
and ``make test`` runs them beside it, each in its own lab.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.image.python313 import Python313Run, start_python313_suite
from tests.lab.dockimage import BuiltDocksmith, build_docksmith
from tests.lab.fixtures import unavailable
from tests.lab.procs import LabError

IMAGE = "docksmith:image-test"
PY313 = "test_python313.py::"


@pytest.fixture(scope="session")
def docksmith_image(lab) -> BuiltDocksmith:
    try:
        return build_docksmith(lab.engine, IMAGE)
    except LabError as exc:
        unavailable(f"the Docksmith image did not build: {exc}")


@pytest.fixture(scope="session")
def python313_run(lab, docksmith_image) -> Iterator[Python313Run]:
    run = start_python313_suite(lab.engine, docksmith_image)
    try:
        yield run
    finally:
        run.stop()


@pytest.fixture(scope="session", autouse=True)
def _python313_in_the_background(request: pytest.FixtureRequest) -> None:
    """Start the Python 3.13 suite before the first image test when it is
    selected, so it overlaps the others (it is collected last)."""
    if any(PY313 in item.nodeid for item in request.session.items):
        request.getfixturevalue("python313_run")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The first test pays for the image build (and, on a clean clone, the
    # Debian base) in its fixtures; a loaded CI machine needs the room.
    here = str(__file__).rsplit("/", 1)[0]
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.timeout(1800))
    items.sort(key=lambda item: PY313 in item.nodeid)
