"""Python 3.13: `pip install .` and the fast test suite in the trixie image.

The run (tests/image/python313.py) starts as soon as the image is built and
goes on beside the other image tests (tests/image/conftest.py); this test,
collected last, judges its result.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.lab


def test_pip_install_and_fast_suite_under_python_313(docksmith_image, python313_run):
    assert docksmith_image.python == "3.13"
    code, out = python313_run.result(timeout=1500)
    lines = out.strip().splitlines()
    assert code == 0, out[-6000:]
    assert out.startswith("Python 3.13."), out[-6000:]
    assert " passed" in lines[-1], out[-6000:]
