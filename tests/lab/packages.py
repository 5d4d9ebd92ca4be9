"""Debian packages the lab needs, installed with apt when missing (as root).

CI starts from a fresh machine, so ``python -m tests.lab install`` (and the
fixtures, when run as root) install whatever ``dpkg -s`` does not report as
installed: one ``apt-get update`` then one ``apt-get install``. Package
scripts are kept from starting system daemons (dockerd, PostgreSQL) meanwhile:
the lab starts its own, and a system engine is one more thing not to touch.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from tests.lab.procs import LabError, run

REQUIRED = (
    "docker.io",
    "docker-compose",
    "docker-registry",
    "busybox-static",
    "postgresql",
    # The SSH-reached Docker host of tests/lab_tests/test_hosts_ssh.py.
    "openssh-server",
    # Makes the Debian base Docksmith's image is built on (tests/lab/baseimage.py).
    "debootstrap",
    # Debian's build: the browser tests (tests/browser) and the OIDC end-to-end
    # test (tests/auth/test_oidc_browser.py) drive it with Playwright.
    "chromium",
)

# What `make demo` uses: the engine, the registry and compose (no PostgreSQL,
# no SSH host, no image builds, no browser).
DEMO = tuple(
    p
    for p in REQUIRED
    if p not in {"postgresql", "openssh-server", "debootstrap", "chromium"}
)


def is_installed(package: str) -> bool:
    out = run(
        ["dpkg-query", "-W", "-f=${db:Status-Status}", package],
        timeout=30,
        check=False,
    )
    return out.returncode == 0 and out.stdout.strip() == "installed"


def missing(packages: tuple[str, ...] = REQUIRED) -> list[str]:
    return [p for p in packages if not is_installed(p)]


def install_missing(packages: tuple[str, ...] = REQUIRED) -> list[str]:
    """Install what is missing; returns the packages it installed."""
    todo = missing(packages)
    if not todo:
        return []
    if os.geteuid() != 0:
        raise LabError(
            f"missing Debian packages {', '.join(todo)}; run as root to install"
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    with _no_service_starts():
        run(["apt-get", "update"], env=env, timeout=600)
        run(
            ["apt-get", "install", "-y", "--no-install-recommends", *todo],
            env=env,
            timeout=1800,
        )
    return todo


POLICY_RC = Path("/usr/sbin/policy-rc.d")


@contextlib.contextmanager
def _no_service_starts() -> Iterator[None]:
    """Debian's policy-rc.d hook: exit 101 means "do not start services"."""
    if POLICY_RC.exists():
        yield
        return
    POLICY_RC.write_text(
        "#!/bin/sh\n# written by tests.lab during apt-get install\nexit 101\n"
    )
    POLICY_RC.chmod(0o755)
    try:
        yield
    finally:
        POLICY_RC.unlink(missing_ok=True)
