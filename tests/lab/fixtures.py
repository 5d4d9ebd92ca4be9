"""pytest plugin: session-scoped fixtures for the real test lab.

Load it with ``pytest_plugins = ["tests.lab.fixtures"]``. Nothing starts until
a test asks for a fixture, so unit tests stay fast. A part that cannot start
makes the asking test fail under ``CI=true`` and skip elsewhere, with the
reason (and the daemon's last log lines) in the message; the failure is
remembered so later tests do not retry it. Tests asking for any lab fixture
get the ``lab`` marker (``postgres`` for the PostgreSQL ones), so
``-m "not lab"`` selects the fast tests.
"""

from __future__ import annotations

import itertools
import os
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NoReturn, TypeVar

import pytest

from tests.lab.engine import LabEngine
from tests.lab.images import ImageBuilder
from tests.lab.packages import install_missing
from tests.lab.postgres import LabPostgres
from tests.lab.procs import LabError, short_tmpdir
from tests.lab.registry import LabRegistry
from tests.lab.stacks import StackFactory

T = TypeVar("T")

LAB_FIXTURES = frozenset(
    {
        "lab",
        "lab_session",
        "lab_engine",
        "lab_registry",
        "lab_auth_registry",
        "lab_images",
        "lab_stack_factory",
    }
)
POSTGRES_FIXTURES = frozenset({"lab_postgres", "lab_postgres_url"})


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def unavailable(reason: str) -> NoReturn:
    """Fail under CI, skip elsewhere; never xfail."""
    message = f"test lab unavailable: {reason}"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass(slots=True)
class Lab:
    """The bundle behind the ``lab`` fixture."""

    engine: LabEngine
    registry: LabRegistry
    images: ImageBuilder
    stacks: StackFactory  # session-wide; every stack is downed at session end

    def ref(self, repo: str, tag: str) -> str:
        return self.registry.ref(repo, tag)


class LabSession:
    """Lab parts for one pytest session, each started on first use."""

    def __init__(self) -> None:
        self._parts: dict[str, object] = {}
        self._failures: dict[str, str] = {}
        self._closers: list[Callable[[], None]] = []
        self._packages_checked = False

    def _get(self, name: str, build: Callable[[], T], close: Callable[[T], None]) -> T:
        if name in self._failures:
            unavailable(self._failures[name])
        if name not in self._parts:
            try:
                self._ensure_packages()
                part = build()
            except (LabError, OSError) as exc:
                self._failures[name] = f"{name}: {exc}"
                unavailable(self._failures[name])
            self._parts[name] = part
            self._closers.append(lambda: close(part))
        return self._parts[name]  # type: ignore[return-value]

    def _ensure_packages(self) -> None:
        if not self._packages_checked:
            self._packages_checked = True
            if os.geteuid() == 0:
                install_missing()

    def engine(self) -> LabEngine:
        def build() -> LabEngine:
            engine = LabEngine()
            try:
                engine.start()
            except LabError:
                engine.close()
                raise
            return engine

        engine = self._get("engine", build, LabEngine.close)
        if not engine.is_running:
            # A test that took the engine away and failed to bring it back.
            engine.start()
        return engine

    def running_engine(self) -> LabEngine | None:
        """The shared engine if it is up already; never starts it."""
        engine = self._parts.get("engine")
        if isinstance(engine, LabEngine) and engine.is_running:
            return engine
        return None

    def registry(self) -> LabRegistry:
        return self._get("registry", lambda: _started(LabRegistry()), LabRegistry.close)

    def auth_registry(self) -> LabRegistry:
        return self._get(
            "auth_registry",
            lambda: _started(LabRegistry(), auth="htpasswd"),
            LabRegistry.close,
        )

    def postgres(self) -> LabPostgres:
        return self._get("postgres", lambda: _started(LabPostgres()), LabPostgres.close)

    def images(self) -> ImageBuilder:
        return ImageBuilder(self.engine(), self.registry())

    def lab(self) -> Lab:
        engine, registry = self.engine(), self.registry()
        stacks = self._get(
            "stacks",
            lambda: StackFactory(engine, short_tmpdir("stacks")),
            StackFactory.close,
        )
        return Lab(engine, registry, ImageBuilder(engine, registry), stacks)

    def close(self) -> None:
        errors: list[str] = []
        for closer in reversed(self._closers):
            try:
                closer()
            except (LabError, OSError) as exc:
                errors.append(str(exc))
        self._closers.clear()
        self._parts.clear()
        if errors:
            raise LabError("lab teardown: " + "; ".join(errors))


def _started(part: T, **start_kw: object) -> T:
    try:
        part.start(**start_kw)  # type: ignore[attr-defined]
    except LabError:
        part.close()  # type: ignore[attr-defined]
        raise
    return part


@pytest.fixture(scope="session")
def lab_session() -> Iterator[LabSession]:
    session = LabSession()
    yield session
    session.close()


class LabLeakWarning(UserWarning):
    """A test module left containers on the shared lab engine."""


@pytest.fixture(scope="module", autouse=True)
def _shared_engine_left_clean(request: pytest.FixtureRequest) -> Iterator[None]:
    """Containers a test module leaves on the shared engine are removed after
    it, and the module is named in a warning.

    The lab session is looked up, not requested: a requested lab fixture
    would mark every test `lab` (pytest_collection_modifyitems) and
    `-m "not lab"` would select nothing.

    Each xdist worker runs its modules one after another on one engine, in an
    order that changes from run to run. A container left running (with an
    update available) turned up in a later module's engine-wide check: a
    notification test counted 3 updates instead of its 2, only in runs where
    the leaking module happened to come first on the same worker."""
    lab_session: LabSession = request.getfixturevalue("lab_session")
    engine = lab_session.running_engine()
    before = set(engine.containers()) if engine else set()
    yield
    engine = lab_session.running_engine()
    if engine is None:
        return
    left = {i: n for i, n in engine.containers().items() if i not in before}
    if not left:
        return
    names = sorted(left.values())
    engine.docker("rm", "-f", *left, timeout=60, check=False)
    warnings.warn(
        LabLeakWarning(
            f"left {len(left)} container(s) on the shared lab engine "
            f"(removed): {', '.join(names)}"
        ),
        stacklevel=1,
    )


@pytest.fixture(scope="session")
def lab_engine(lab_session: LabSession) -> LabEngine:
    return lab_session.engine()


@pytest.fixture(scope="module")
def private_lab_engine(lab_engine: LabEngine) -> Iterator[LabEngine]:
    """An engine of the test module's own, for tests that prune or remove.

    It asks for `lab_engine` first: that installs the lab's packages when
    they are missing and skips (or, under CI, fails) when it cannot start."""
    private = LabEngine()
    private.start()
    yield private
    private.close()


@pytest.fixture(scope="session")
def lab_registry(lab_session: LabSession) -> LabRegistry:
    return lab_session.registry()


@pytest.fixture(scope="session")
def lab_auth_registry(lab_session: LabSession) -> LabRegistry:
    return lab_session.auth_registry()


@pytest.fixture(scope="session")
def lab_images(lab_session: LabSession) -> ImageBuilder:
    return lab_session.images()


@pytest.fixture(scope="session")
def lab(lab_session: LabSession) -> Lab:
    return lab_session.lab()


@pytest.fixture(scope="session")
def lab_postgres(lab_session: LabSession) -> LabPostgres:
    return lab_session.postgres()


@pytest.fixture(scope="session")
def lab_postgres_url(lab_postgres: LabPostgres) -> str:
    return lab_postgres.url


_stack_dirs = itertools.count()


@pytest.fixture
def lab_stack_factory(lab_session: LabSession) -> Iterator[StackFactory]:
    """Stacks for one test; all are downed (and their folders removed) after it."""
    engine = lab_session.engine()
    factory = StackFactory(engine, short_tmpdir(f"st{next(_stack_dirs)}"))
    yield factory
    if not engine.is_running:
        engine.start()
    factory.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & LAB_FIXTURES:
            item.add_marker(pytest.mark.lab)
        if names & POSTGRES_FIXTURES:
            item.add_marker(pytest.mark.postgres)
