from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from services.compose.errors import (
    ComposeFileNotFoundError,
    ComposeSyntaxError,
    UnknownServiceError,
)
from services.compose.paths import PathMapper
from services.compose.project import load_project, load_project_from_labels
from services.errors import InvalidInputError, NotFoundError

CopyFixture = Callable[[str], Path]


def test_homelab_services_and_fields(copy_fixture: CopyFixture) -> None:
    folder = copy_fixture("homelab")
    project = load_project(["docker-compose.yml"], working_dir=folder, environ={})
    assert project.service_names == ["jellyfin", "db", "cache", "proxy", "tools"]
    jf = project.service("jellyfin")
    assert jf.image is not None
    assert jf.image.raw == "lscr.io/linuxserver/jellyfin:10.8.13"
    assert jf.image.path == folder / "docker-compose.yml"
    assert (jf.image.span.line, jf.image.span.column) == (20, 12)
    assert jf.image.style is None
    assert jf.labels_style == "list"
    assert jf.label_values == {
        "docksmith.allow-latest": "false",
        "docksmith.pre-update-check": "/scripts/check.sh",
        "traefik.enable": "true",
    }
    assert jf.depends_on == ("db",)
    assert (jf.container_name, jf.network_mode) == ("jellyfin", "none")
    db = project.service("db")
    assert db.image is not None
    assert (db.image.raw, db.image.style) == ("postgres:16.2-alpine", "'")
    assert db.labels_style == "map"
    assert db.label_values["docksmith.ignore"] == "false"
    cache = project.service("cache")
    assert cache.depends_on == ("db",)
    assert cache.network_mode == "service:db"
    assert cache.image is not None
    assert cache.image.style == '"'
    assert project.service("proxy").image is not None
    tools = project.service("tools")
    assert (tools.image, tools.has_build) == (None, True)


def test_find_by_container_name(copy_fixture: CopyFixture) -> None:
    folder = copy_fixture("override")
    project = load_project(
        ["docker-compose.yml", "docker-compose.override.yml"],
        working_dir=folder,
        environ={},
    )
    assert project.find("acme-api").name == "api"
    assert project.find("web").name == "web"
    with pytest.raises(UnknownServiceError, match="'nope' is not defined"):
        project.find("nope")


def test_override_files_merge_per_service(copy_fixture: CopyFixture) -> None:
    folder = copy_fixture("override")
    project = load_project(
        [folder / "docker-compose.yml", "docker-compose.override.yml"],
        working_dir=folder,
        environ={},
    )
    web = project.service("web")
    assert web.image is not None
    assert web.image.raw == "ghcr.io/acme/web:1.1.0-rc1"
    assert web.image.path == folder / "docker-compose.override.yml"
    assert web.label_values == {
        "docksmith.ignore": "false",
        "docksmith.allow-latest": "true",
    }
    assert web.labels["docksmith.ignore"].path == folder / "docker-compose.yml"
    assert web.labels_path == folder / "docker-compose.override.yml"
    assert web.files == (
        folder / "docker-compose.yml",
        folder / "docker-compose.override.yml",
    )
    api = project.service("api")
    assert api.image is not None
    assert api.image.path == folder / "docker-compose.yml"
    assert api.container_name == "acme-api"


def test_include_string_and_path_entries(copy_fixture: CopyFixture) -> None:
    folder = copy_fixture("include")
    project = load_project([folder / "compose.yaml"], environ={})
    assert sorted(project.service_names) == ["app", "grafana", "worker"]
    grafana = project.service("grafana")
    assert grafana.image is not None
    assert grafana.image.path == folder / "sub" / "monitoring.yaml"
    assert grafana.label_values == {"docksmith.restart-after": "app"}
    worker = project.service("worker")
    assert worker.image is not None
    env = project.file(worker.image.path).env
    assert env.interpolate(worker.image.raw) == "ghcr.io/acme/worker:1.4.0"
    assert project.service("app").depends_on == ("grafana",)


def test_labels_of_v1_container_relative_config_files(
    copy_fixture: CopyFixture,
) -> None:
    folder = copy_fixture("override")
    labels = {
        "com.docker.compose.project": "acme",
        "com.docker.compose.project.working_dir": str(folder),
        "com.docker.compose.project.config_files": (
            "docker-compose.yml,docker-compose.override.yml"
        ),
    }
    project = load_project_from_labels(labels, environ={})
    assert project.name == "acme"
    assert project.working_dir == folder
    assert project.config_files == (
        folder / "docker-compose.yml",
        folder / "docker-compose.override.yml",
    )
    image = project.service("web").image
    assert image is not None
    assert image.raw.endswith("1.1.0-rc1")


def test_labels_of_v2_container_absolute_config_files(
    copy_fixture: CopyFixture,
) -> None:
    folder = copy_fixture("homelab")
    labels = {
        "com.docker.compose.project": "homelab",
        "com.docker.compose.project.working_dir": str(folder),
        "com.docker.compose.project.config_files": str(folder / "docker-compose.yml"),
    }
    assert "db" in load_project_from_labels(labels, environ={}).services


def test_missing_file_error(tmp_path: Path) -> None:
    with pytest.raises(
        ComposeFileNotFoundError, match="compose file not found"
    ) as info:
        load_project(["docker-compose.yml"], working_dir=tmp_path, environ={})
    assert isinstance(info.value, NotFoundError)
    assert str(tmp_path / "docker-compose.yml") in str(info.value)


def test_missing_include_names_the_including_file(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("include:\n  - other.yaml\n")
    with pytest.raises(
        ComposeFileNotFoundError, match=r"included from .*compose\.yaml"
    ):
        load_project(["compose.yaml"], working_dir=tmp_path, environ={})


def test_include_cycle_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("include: [b.yaml]\n")
    (tmp_path / "b.yaml").write_text("include: [a.yaml]\n")
    with pytest.raises(ComposeSyntaxError, match="include cycle"):
        load_project(["a.yaml"], working_dir=tmp_path, environ={})


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: nginx\n   bad: [unclosed\n"
    )
    with pytest.raises(
        ComposeSyntaxError, match=r"YAML error at line \d+, column \d+"
    ) as info:
        load_project(["docker-compose.yml"], working_dir=tmp_path, environ={})
    assert isinstance(info.value, InvalidInputError)
    assert "docker-compose.yml" in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("services: [a]\n", "'services' must be a mapping"),
        ("services:\n  web: nginx\n", "service 'web' must be a mapping"),
        ("services:\n  web:\n    image: a\n    image: b\n", "duplicate key 'image'"),
        ("services:\n  web:\n    labels: 3\n", "labels must be a list or map"),
    ],
)
def test_shape_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "c.yml").write_text(text)
    with pytest.raises(ComposeSyntaxError, match=message):
        load_project(["c.yml"], working_dir=tmp_path, environ={})


def test_unknown_service_lists_known_ones(copy_fixture: CopyFixture) -> None:
    folder = copy_fixture("override")
    project = load_project(["docker-compose.yml"], working_dir=folder, environ={})
    with pytest.raises(UnknownServiceError, match=r"services: web, api"):
        project.service("nope")


def test_labels_are_interpolated_and_raw_kept(tmp_path: Path) -> None:
    (tmp_path / "c.yml").write_text(
        "services:\n  web:\n    image: x\n    labels:\n      - a=${V}\n      - b\n"
    )
    project = load_project(["c.yml"], working_dir=tmp_path, environ={"V": "1"})
    labels = project.service("web").labels
    assert (labels["a"].raw, labels["a"].value, labels["b"].value) == ("${V}", "1", "")


def test_env_file_label_is_used(tmp_path: Path) -> None:
    (tmp_path / "c.yml").write_text("services:\n  web:\n    image: app:${T}\n")
    (tmp_path / "custom.env").write_text("T=9\n")
    labels = {
        "com.docker.compose.project.working_dir": str(tmp_path),
        "com.docker.compose.project.config_files": "c.yml",
        "com.docker.compose.project.environment_file": str(tmp_path / "custom.env"),
    }
    project = load_project_from_labels(labels, environ={})
    assert project.env.interpolate("app:${T}") == "app:9"


def test_find_by_generated_container_name(copy_fixture: CopyFixture) -> None:
    folder = copy_fixture("override")
    project = load_project(
        ["docker-compose.yml"], working_dir=folder, environ={}, name="acme"
    )
    assert project.find("acme-web-1").name == "web"
    assert project.find("acme_api_2").name == "api"
    with pytest.raises(UnknownServiceError):
        project.find("other-web-1")


def test_resolved_image(copy_fixture: CopyFixture) -> None:
    folder = copy_fixture("envimages")
    project = load_project(["docker-compose.yml"], working_dir=folder, environ={})
    assert project.resolved_image("web") == "nginx:1.25.3"
    assert project.resolved_image("cache") == "redis:7.0.15"


def test_labels_with_path_mapper(copy_fixture: CopyFixture) -> None:
    # the host saw the stack under /srv/stacks; we see it at the fixture copy
    folder = copy_fixture("override")
    (folder / "docker-compose.yml").rename(folder / "docker-compose.yaml")
    mapper = PathMapper([("/srv/stacks", str(folder.parent))])
    labels = {
        "com.docker.compose.project": "acme",
        "com.docker.compose.project.working_dir": "/srv/stacks/override",
        "com.docker.compose.project.config_files": (
            "/srv/stacks/override/docker-compose.yml,docker-compose.override.yml"
        ),
    }
    project = load_project_from_labels(labels, environ={}, mapper=mapper)
    assert project.working_dir == folder
    assert project.host_working_dir == Path("/srv/stacks/override")
    assert project.config_files == (
        folder / "docker-compose.yaml",
        folder / "docker-compose.override.yml",
    )
