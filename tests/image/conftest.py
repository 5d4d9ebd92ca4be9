"""Image tests: Docksmith's image built from the Dockerfile in the lab.

Collected only under ``make test-image`` (DOCKSMITH_IMAGE_TESTS=1; see
tests/conftest.py): the build takes a minute or two, more on a clean clone
where the Debian base is made first, so the main pytest run leaves them out
and ``make test`` runs them beside it, each in its own lab.
"""

from __future__ import annotations

import pytest

from tests.lab.dockimage import BuiltDocksmith, build_docksmith
from tests.lab.fixtures import unavailable
from tests.lab.procs import LabError

IMAGE = "docksmith:image-test"


@pytest.fixture(scope="session")
def docksmith_image(lab) -> BuiltDocksmith:
    try:
        return build_docksmith(lab.engine, IMAGE)
    except LabError as exc:
        unavailable(f"the Docksmith image did not build: {exc}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The first test pays for the image build (and, on a clean clone, the
    # Debian base) in its fixtures; a loaded CI machine needs the room.
    here = str(__file__).rsplit("/", 1)[0]
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.timeout(1800))
