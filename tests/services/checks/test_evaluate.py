"""The per-container decision, with an in-memory tag source standing in for a
registry (the real registry flows are in tests/parity/test_checks.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.checks.evaluate import evaluate
from services.checks.model import ComposeFacts, ContainerFacts, ContainerStatus
from services.errors import RegistryError
from services.registry.references import ImageReference

NOW = datetime(2026, 1, 15, tzinfo=UTC)
REPO = "registry.lan:5000/team/app"


def digest(n: int) -> str:
    return "sha256:" + f"{n:064x}"


class FakeRegistry:
    def __init__(self, tags: dict[str, int], *, error: str | None = None) -> None:
        self.tags = tags
        self.error = error
        self.calls: list[str] = []

    async def list_tags(self, image: ImageReference) -> list[str]:
        self.calls.append(f"tags {image}")
        if self.error:
            raise RegistryError(self.error)
        return list(self.tags)

    async def get_digest(self, image: ImageReference) -> str:
        self.calls.append(f"digest {image}")
        return digest(self.tags[image.tag])

    async def get_tag_digests(self, image, tags) -> dict[str, str]:
        return {t: digest(self.tags[t]) for t in tags if t in self.tags}

    def concurrency_for(self, image: ImageReference) -> int:
        return 4


def facts(
    tag: str,
    *,
    running: int | None = 1,
    labels=None,
    compose=None,
    image=None,
    image_labels=None,
) -> ContainerFacts:
    return ContainerFacts(
        id="c0ffee" * 10 + "abcd",
        name="app",
        image=image or f"{REPO}:{tag}",
        image_id="sha256:" + "e" * 64,
        state="running",
        health=None,
        labels=labels or {},
        repo_digests=(f"{REPO}@{digest(running)}",) if running else (),
        image_labels=image_labels or {},
        compose=compose,
    )


async def test_newer_semver_is_an_update():
    registry = FakeRegistry({"1.0.0": 1, "1.1.0": 2, "2.0.0": 3, "latest": 3})
    result = await evaluate(facts("1.0.0"), registry, NOW)
    assert result.status is ContainerStatus.UPDATE_AVAILABLE
    assert (result.current_version, result.latest_version, result.change_type) == (
        "1.0.0",
        "2.0.0",
        "major",
    )
    assert result.update_available
    assert result.current_digest == digest(1)


async def test_pin_major_label_limits_the_choice():
    registry = FakeRegistry({"1.0.0": 1, "1.1.0": 2, "2.0.0": 3})
    result = await evaluate(
        facts("1.0.0", labels={"docksmith.version-pin-major": "TRUE"}), registry, NOW
    )
    assert (result.status, result.latest_version, result.change_type) == (
        ContainerStatus.UPDATE_AVAILABLE,
        "1.1.0",
        "minor",
    )


async def test_newest_is_up_to_date_and_says_why():
    result = await evaluate(
        facts("2.0.0", running=3), FakeRegistry({"1.0.0": 1, "2.0.0": 3}), NOW
    )
    assert result.status is ContainerStatus.UP_TO_DATE
    assert result.latest_version == "2.0.0"
    assert result.reason


async def test_ignored_containers_ask_no_registry():
    registry = FakeRegistry({"1.0.0": 1})
    result = await evaluate(
        facts("1.0.0", labels={"docksmith.ignore": "yes"}), registry, NOW
    )
    assert result.status is ContainerStatus.IGNORED
    assert registry.calls == []


async def test_local_images_have_no_repo_digest():
    registry = FakeRegistry({"1.0.0": 1})
    result = await evaluate(facts("1.0.0", running=None), registry, NOW)
    assert result.status is ContainerStatus.LOCAL_IMAGE
    assert registry.calls == []


async def test_registry_failure_is_an_error_naming_it():
    registry = FakeRegistry(
        {}, error="registry registry.lan:5000: cannot reach registry.lan:5000"
    )
    result = await evaluate(facts("1.0.0"), registry, NOW)
    assert result.status is ContainerStatus.ERROR
    assert "registry.lan:5000" in result.error


async def test_bad_label_is_an_error_naming_the_label():
    result = await evaluate(
        facts("1.0.0", labels={"docksmith.tag-regex": "("}),
        FakeRegistry({"1.0.0": 1}),
        NOW,
    )
    assert result.status is ContainerStatus.ERROR
    assert "docksmith.tag-regex" in result.error


class TestFloatingTags:
    async def test_current_latest_is_pinnable_to_its_version(self):
        registry = FakeRegistry({"1.0.0": 1, "1.1.0": 2, "latest": 2})
        result = await evaluate(facts("latest", running=2), registry, NOW)
        assert result.status is ContainerStatus.UP_TO_DATE_PINNABLE
        assert result.recommended_tag == "1.1.0"
        assert result.current_version == "1.1.0"

    async def test_allow_latest_keeps_it_plainly_up_to_date(self):
        registry = FakeRegistry({"1.0.0": 1, "1.1.0": 2, "latest": 2})
        result = await evaluate(
            facts("latest", running=2, labels={"docksmith.allow-latest": "1"}),
            registry,
            NOW,
        )
        assert result.status is ContainerStatus.UP_TO_DATE

    async def test_moved_latest_is_an_update_to_the_new_version(self):
        registry = FakeRegistry({"1.0.0": 1, "1.1.0": 2, "latest": 2})
        result = await evaluate(facts("latest", running=1), registry, NOW)
        assert result.status is ContainerStatus.UPDATE_AVAILABLE
        assert (result.current_version, result.latest_version) == ("1.0.0", "1.1.0")
        assert result.latest_digest == digest(2)
        assert result.change_type == "minor"

    async def test_partial_version_resolves_through_digests(self):
        registry = FakeRegistry({"16": 5, "16.3": 4, "16.4": 5, "16.4.1": 5})
        result = await evaluate(facts("16", running=5), registry, NOW)
        assert result.status is ContainerStatus.UP_TO_DATE
        assert result.current_version == "16.4.1"

    async def test_partial_version_that_moved(self):
        registry = FakeRegistry({"16": 5, "16.3": 4, "16.4": 5})
        result = await evaluate(facts("16", running=4), registry, NOW)
        assert result.status is ContainerStatus.UPDATE_AVAILABLE
        assert result.latest_tag == "16"
        assert (result.current_version, result.latest_version) == ("16.3", "16.4")

    async def test_partial_version_sees_a_newer_line(self):
        registry = FakeRegistry({"7.2": 5, "7.2.4": 5, "7.4": 6, "7.4.1": 6})
        result = await evaluate(facts("7.2", running=5), registry, NOW)
        assert result.status is ContainerStatus.UPDATE_AVAILABLE
        assert result.latest_tag == "7.4"


class TestComposeMismatch:
    def compose(self, image: str | None, **kw) -> ComposeFacts:
        return ComposeFacts(
            project="web",
            service="app",
            working_dir="/stacks/web",
            config_files=("/stacks/web/compose.yaml",),
            compose_file="/stacks/web/compose.yaml",
            image_raw=image,
            image=image,
            has_build=kw.get("has_build", False),
            env_var=kw.get("env_var"),
        )

    async def test_edited_compose_file_is_a_mismatch_with_the_seed_text(self):
        result = await evaluate(
            facts("1.0.0", compose=self.compose(f"{REPO}:1.1.0")),
            FakeRegistry({"1.0.0": 1}),
            NOW,
        )
        assert result.status is ContainerStatus.COMPOSE_MISMATCH
        assert result.error == (
            f"Running image ({REPO}:1.0.0) differs from compose "
            f"specification ({REPO}:1.1.0)"
        )
        assert result.compose_image == f"{REPO}:1.1.0"

    @pytest.mark.parametrize(
        "spec",
        [
            "nginx",
            "nginx:latest",
            "docker.io/library/nginx:latest",
            "index.docker.io/library/nginx",
        ],
    )
    async def test_equivalent_spellings_are_not_a_mismatch(self, spec):
        item = facts("latest", image="nginx", compose=self.compose(spec))
        result = await evaluate(item, FakeRegistry({"latest": 1}), NOW)
        assert result.status is not ContainerStatus.COMPOSE_MISMATCH

    async def test_bare_digest_is_a_mismatch(self):
        item = facts(
            "1.0.0", image="sha256:" + "a" * 64, compose=self.compose(f"{REPO}:1.0.0")
        )
        result = await evaluate(item, FakeRegistry({"1.0.0": 1}), NOW)
        assert result.status is ContainerStatus.COMPOSE_MISMATCH

    async def test_build_only_services_are_not_judged(self):
        item = facts("1.0.0", compose=self.compose(None, has_build=True))
        result = await evaluate(item, FakeRegistry({"1.0.0": 1}), NOW)
        assert result.status is ContainerStatus.UP_TO_DATE

    async def test_env_controlled_image_is_reported(self):
        compose = self.compose(f"{REPO}:1.0.0", env_var="APP_TAG")
        result = await evaluate(
            facts("1.0.0", compose=compose), FakeRegistry({"1.0.0": 1}), NOW
        )
        assert result.env_controlled is True
        assert result.env_var_name == "APP_TAG"


async def test_version_label_gives_the_version_of_an_unversioned_tag():
    registry = FakeRegistry({"stable": 1, "main": 2})
    item = facts("stable", image_labels={"org.opencontainers.image.version": "3.4.5"})
    result = await evaluate(item, registry, NOW)
    assert result.status is ContainerStatus.UP_TO_DATE
    assert result.current_version == "3.4.5"


async def test_label_sync_compares_docksmith_labels_only():
    compose = ComposeFacts(
        project="web",
        service="app",
        working_dir="/w",
        config_files=("c.yml",),
        compose_file="/w/c.yml",
        image_raw=f"{REPO}:1.0.0",
        image=f"{REPO}:1.0.0",
        has_build=False,
        env_var=None,
        labels={"docksmith.version-pin-major": "true"},
    )
    synced = facts(
        "1.0.0",
        compose=compose,
        labels={
            "docksmith.version-pin-major": "true",
            "com.docker.compose.project": "web",
        },
    )
    result = await evaluate(synced, FakeRegistry({"1.0.0": 1}), NOW)
    assert result.labels_out_of_sync is False
    drifted = facts(
        "1.0.0", compose=compose, labels={"com.docker.compose.project": "web"}
    )
    result = await evaluate(drifted, FakeRegistry({"1.0.0": 1}), NOW)
    assert result.labels_out_of_sync is True
    assert result.compose_labels == {"docksmith.version-pin-major": "true"}


async def test_containers_of_one_run_share_a_version_decision(monkeypatch):
    """The decision depends only on tag, tag list and constraints: a run
    decides once per distinct set, and every container gets the same verdict
    as when decided alone; other constraints are decided apart."""
    from services.checks import evaluate as module

    calls: list[str] = []
    real = module.choose_update

    def counting(tag, tags, constraints=None):
        calls.append(tag)
        return real(tag, tags, constraints)

    monkeypatch.setattr(module, "choose_update", counting)
    registry = FakeRegistry({"1.0.0": 1, "1.1.0": 2, "2.0.0": 3})
    alone = await evaluate(facts("1.0.0"), registry, NOW)
    decisions = module.Decisions()
    shared = [
        await evaluate(facts("1.0.0"), registry, NOW, decisions) for _ in range(3)
    ]
    pinned = await evaluate(
        facts("1.0.0", labels={"docksmith.version-pin-major": "true"}),
        registry,
        NOW,
        decisions,
    )
    assert calls == ["1.0.0", "1.0.0", "1.0.0"]  # alone, the shared run, pinned
    assert all(r == alone for r in shared)
    assert alone.latest_version == "2.0.0"
    assert pinned.latest_version == "1.1.0"


@pytest.mark.parametrize("tag", ["1.0.0", "latest"])
async def test_a_result_keeps_its_containers_labels_without_a_copy(tag):
    """Results live until the next check and hold every container's labels:
    a copy per result was one more dict per container, all check long."""
    labels = {"docksmith.version-pin-major": "false", "com.example": "x"}
    registry = FakeRegistry({"1.0.0": 1, "2.0.0": 3, "latest": 3})
    result = await evaluate(facts(tag, labels=labels), registry, NOW)
    assert result.status is ContainerStatus.UPDATE_AVAILABLE
    assert result.labels is labels
    assert result.labels == {"docksmith.version-pin-major": "false", "com.example": "x"}


def test_tag_lists_that_join_alike_are_decided_apart(monkeypatch):
    """A run keys its decisions by the tag list as one string; lists that
    would join to the same string (a line break inside a tag) stay apart."""
    from services.checks import evaluate as module
    from services.versioning import parse_constraints

    calls: list[list[str]] = []
    real = module.choose_update

    def counting(tag, tags, constraints=None):
        calls.append(list(tags))
        return real(tag, tags, constraints)

    monkeypatch.setattr(module, "choose_update", counting)
    decisions = module.Decisions()
    none = parse_constraints({})
    lists = [["1.0.0", "2.0.0"], ["1.0.0\n2.0.0"], [""], [], ["1.0.0", "2.0.0"]]
    chosen = [decisions.choose("1.0.0", tags, none) for tags in lists]
    assert calls == lists[:4]  # the last is the first again
    assert chosen[0].chosen is not None
    assert chosen[0].chosen.tag == "2.0.0"
    assert chosen[1].chosen is None
    assert chosen[4] is chosen[0]
