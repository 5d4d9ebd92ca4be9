"""Image tag edits: the new file is the old one with exactly one fragment changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from services.compose.editor import image_control, plan_image_tag
from services.compose.errors import ComposeSyntaxError, UnsupportedEditError
from services.compose.files import apply_edits
from services.compose.project import load_project
from services.errors import InvalidInputError

CopyFixture = Callable[[str], Path]
DIGEST = "sha256:" + "f" * 64


def replaced_once(text: str, old: str, new: str) -> bytes:
    assert text.count(old) == 1, f"fragment {old!r} must occur exactly once"
    return text.replace(old, new).encode()


def single_edit(project, service: str, tag: str, **kw):
    plan = plan_image_tag(project, service, tag, **kw)
    assert len(plan.edits) == 1
    return plan, plan.edits[0]


@pytest.mark.parametrize(
    ("service", "tag", "kw", "old", "new", "new_image"),
    [
        (
            "jellyfin", "10.9.0", {},
            "image: lscr.io/linuxserver/jellyfin:10.8.13   # pinned",
            "image: lscr.io/linuxserver/jellyfin:10.9.0   # pinned",
            "lscr.io/linuxserver/jellyfin:10.9.0",
        ),
        (
            "db", "16.3-alpine", {},
            "image: 'postgres:16.2-alpine'    # quoted",
            "image: 'postgres:16.3-alpine'    # quoted",
            "postgres:16.3-alpine",
        ),
        (
            "cache", "7.4", {},
            '"registry.local:5000/infra/redis:7.2@sha256:0123456789abcdef'
            '0123456789abcdef0123456789abcdef0123456789abcdef"',
            '"registry.local:5000/infra/redis:7.4"',
            "registry.local:5000/infra/redis:7.4",
        ),
        (
            "cache", "7.4", {"digest": DIGEST},
            ":7.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            f":7.4@{DIGEST}",
            f"registry.local:5000/infra/redis:7.4@{DIGEST}",
        ),
        (
            "proxy", "1.25", {},
            "{image: nginx, network_mode: none}",
            "{image: nginx:1.25, network_mode: none}",
            "nginx:1.25",
        ),
    ],
)  # fmt: skip
def test_plain_image_edits_are_byte_exact(
    copy_fixture: CopyFixture, service, tag, kw, old, new, new_image
) -> None:
    folder = copy_fixture("homelab")
    path = folder / "docker-compose.yml"
    text = path.read_text()
    project = load_project([path], environ={})
    plan, edit = single_edit(project, service, tag, **kw)
    assert edit.path == path
    assert edit.old_bytes == text.encode()
    assert edit.new_bytes == replaced_once(text, old, new)
    assert plan.new_image == new_image
    assert plan.variable is None
    # nothing is written until the plan is applied
    assert path.read_text() == text
    apply_edits(plan.edits)
    assert path.read_bytes() == edit.new_bytes
    reloaded = load_project([path], environ={}).service(service).image
    assert reloaded is not None
    assert reloaded.raw == new_image


def test_same_tag_plans_nothing(copy_fixture: CopyFixture) -> None:
    folder = copy_fixture("homelab")
    project = load_project([folder / "docker-compose.yml"], environ={})
    plan = plan_image_tag(project, "jellyfin", "10.8.13")
    assert plan.edits == ()


def test_build_only_service_is_refused(copy_fixture: CopyFixture) -> None:
    folder = copy_fixture("homelab")
    project = load_project([folder / "docker-compose.yml"], environ={})
    with pytest.raises(UnsupportedEditError, match=r"builds its image \(build:\)"):
        plan_image_tag(project, "tools", "1")


@pytest.mark.parametrize("tag", ["", "bad tag", "-x", "a" * 129, "x/y"])
def test_invalid_tags_are_refused(copy_fixture: CopyFixture, tag: str) -> None:
    folder = copy_fixture("homelab")
    project = load_project([folder / "docker-compose.yml"], environ={})
    with pytest.raises(InvalidInputError, match="invalid image tag"):
        plan_image_tag(project, "jellyfin", tag)


def test_override_file_that_defines_the_image_is_edited(
    copy_fixture: CopyFixture,
) -> None:
    folder = copy_fixture("override")
    base, override = (
        folder / "docker-compose.yml",
        folder / "docker-compose.override.yml",
    )
    project = load_project([base, override], environ={})
    _, edit = single_edit(project, "web", "1.1.0")
    assert edit.path == override
    assert edit.new_bytes == replaced_once(
        override.read_text(), "web:1.1.0-rc1  # testing", "web:1.1.0  # testing"
    )
    _, edit = single_edit(project, "api", "2.1.0")
    assert edit.path == base


def test_included_file_is_edited(copy_fixture: CopyFixture) -> None:
    folder = copy_fixture("include")
    project = load_project([folder / "compose.yaml"], environ={})
    _, edit = single_edit(project, "grafana", "10.4.1")
    sub = folder / "sub" / "monitoring.yaml"
    assert edit.path == sub
    assert edit.new_bytes == replaced_once(
        sub.read_text(), "grafana:10.2.0", "grafana:10.4.1"
    )


def test_included_env_file_is_edited(copy_fixture: CopyFixture) -> None:
    folder = copy_fixture("include")
    project = load_project([folder / "compose.yaml"], environ={})
    plan, edit = single_edit(project, "worker", "1.5.0")
    assert edit.path == folder / "extra.env"
    assert edit.new_bytes == b"WORKER_TAG=1.5.0\n"
    assert plan.variable == "WORKER_TAG"


class TestEnvImages:
    @pytest.fixture
    def folder(self, copy_fixture: CopyFixture) -> Path:
        return copy_fixture("envimages")

    def test_whole_ref_in_dotenv_keeps_quotes_and_comment(self, folder: Path) -> None:
        project = load_project(["docker-compose.yml"], working_dir=folder, environ={})
        plan, edit = single_edit(project, "app", "3.2.0")
        dotenv = folder / ".env"
        assert edit.path == dotenv
        assert edit.new_bytes == replaced_once(
            dotenv.read_text(),
            'export APP_IMAGE="ghcr.io/acme/app:3.1.0"   # whole ref',
            'export APP_IMAGE="ghcr.io/acme/app:3.2.0"   # whole ref',
        )
        assert (plan.old_image, plan.new_image) == (
            "ghcr.io/acme/app:3.1.0",
            "ghcr.io/acme/app:3.2.0",
        )
        assert plan.variable == "APP_IMAGE"

    def test_tag_only_variable_single_quoted(self, folder: Path) -> None:
        project = load_project(["docker-compose.yml"], working_dir=folder, environ={})
        _, edit = single_edit(project, "web", "1.27.0")
        assert edit.new_bytes == replaced_once(
            (folder / ".env").read_text(), "NGINX_TAG='1.25.3'", "NGINX_TAG='1.27.0'"
        )

    def test_default_inside_expression_when_unset(self, folder: Path) -> None:
        compose = folder / "docker-compose.yml"
        project = load_project([compose], environ={})
        plan, edit = single_edit(project, "cache", "7.2.5")
        assert edit.path == compose
        assert edit.new_bytes == replaced_once(
            compose.read_text(),
            '"redis:${REDIS_TAG:-7.0.15}"',
            '"redis:${REDIS_TAG:-7.2.5}"',
        )
        assert plan.variable == "REDIS_TAG"
        _, edit = single_edit(project, "db", "16.3")
        assert edit.new_bytes == replaced_once(
            compose.read_text(), "${PG_TAG-16.1}", "${PG_TAG-16.3}"
        )

    def test_dotenv_value_wins_over_default(self, folder: Path) -> None:
        with (folder / ".env").open("a") as fh:
            fh.write("REDIS_TAG=7.0.20\n")
        project = load_project(["docker-compose.yml"], working_dir=folder, environ={})
        plan, edit = single_edit(project, "cache", "7.2.5")
        assert edit.path == folder / ".env"
        assert edit.new_bytes.endswith(b"REDIS_TAG=7.2.5\n")
        assert plan.old_image == "redis:7.0.20"

    def test_literal_tag_after_variable_registry(self, folder: Path) -> None:
        compose = folder / "docker-compose.yml"
        project = load_project([compose], environ={})
        plan, edit = single_edit(project, "shared", "1.1")
        assert edit.path == compose
        assert edit.new_bytes == replaced_once(
            compose.read_text(), "$REGISTRY/tool:1.0", "$REGISTRY/tool:1.1"
        )
        assert plan.new_image == "registry.local:5000/tool:1.1"

    def test_dollar_escape_survives(self, folder: Path) -> None:
        compose = folder / "docker-compose.yml"
        project = load_project([compose], environ={})
        plan, edit = single_edit(project, "cost", "2")
        assert edit.new_bytes == replaced_once(
            compose.read_text(), '"price$$list:1"', '"price$$list:2"'
        )
        assert plan.new_image == "price$list:2"

    def test_process_environment_variable_is_refused(self, folder: Path) -> None:
        project = load_project(
            ["docker-compose.yml"], working_dir=folder, environ={"NGINX_TAG": "1.0"}
        )
        with pytest.raises(UnsupportedEditError, match="NGINX_TAG of the process"):
            plan_image_tag(project, "web", "1.1")

    def test_unset_variable_without_default_is_refused(self, folder: Path) -> None:
        (folder / ".env").write_text("")
        project = load_project(["docker-compose.yml"], working_dir=folder, environ={})
        with pytest.raises(UnsupportedEditError, match="empty string"):
            plan_image_tag(project, "app", "1")

    def test_variable_shared_by_services_is_reported(self, folder: Path) -> None:
        compose = folder / "docker-compose.yml"
        compose.write_text(
            compose.read_text() + "  web2:\n    image: nginx-extra:${NGINX_TAG}\n"
        )
        project = load_project([compose], environ={})
        plan = plan_image_tag(project, "web", "1.26.0")
        assert plan.also_affects == ("web2",)
        assert plan.shared_through == ".env entry NGINX_TAG"

    def test_image_control(self, folder: Path) -> None:
        project = load_project(
            ["docker-compose.yml"], working_dir=folder, environ={"REGISTRY": "r"}
        )
        ctl = image_control(project, "app")
        assert (ctl.variables, ctl.env_file_variables) == (
            ("APP_IMAGE",),
            ("APP_IMAGE",),
        )
        assert ctl.resolved == "ghcr.io/acme/app:3.1.0"
        ctl = image_control(project, "shared")
        assert ctl.process_variables == ("REGISTRY",)
        assert image_control(project, "cache").env_file_variables == ()


def test_aliased_image_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.yml"
    path.write_text(
        "x-img: &img nginx:1.0\nservices:\n  a:\n    image: *img\n  b:\n    image: *img\n"
    )
    project = load_project([path], environ={})
    with pytest.raises(
        UnsupportedEditError, match=r"YAML anchor \(.*c\.yml:1\) shared with b;"
    ):
        plan_image_tag(project, "a", "1.1")


def test_an_image_from_an_anchor_outside_its_only_user_is_refused_truly(
    tmp_path: Path,
) -> None:
    # a top-level anchor only one service uses: nothing is shared with
    # another service, and the refusal must not say it is
    path = tmp_path / "c.yml"
    path.write_text("x-img: &img nginx:1.0\nservices:\n  a:\n    image: *img\n")
    project = load_project([path], environ={})
    with pytest.raises(UnsupportedEditError) as refused:
        plan_image_tag(project, "a", "1.1")
    message = refused.value.message
    assert "shared with" not in message
    assert "outside the service" in message
    assert "c.yml:1" in message


def test_anchored_image_in_service_keeps_anchor(tmp_path: Path) -> None:
    text = "services:\n  a:\n    image: &img nginx:1.0 # c\n  b:\n    image: *img\n"
    path = tmp_path / "c.yml"
    path.write_text(text)
    project = load_project([path], environ={})
    plan, edit = single_edit(project, "a", "1.1")
    assert edit.new_bytes == replaced_once(text, "&img nginx:1.0", "&img nginx:1.1")
    # b's image: is an alias of a's: the edit changes it too, and says so.
    assert plan.also_affects == ("b",)
    assert plan.shared_through == "the YAML anchor on its image:"
    assert plan_image_tag(project, "a", "1.1").variable is None


def test_services_extending_the_edited_one_are_reported(tmp_path: Path) -> None:
    text = (
        "services:\n  base:\n    image: app:1.0 # pinned\n"
        "  web:\n    extends: base\n"
        "  worker:\n    extends:\n      service: web\n    command: work\n"
        "  other:\n    extends:\n      file: common.yml\n      service: base\n"
        "  own:\n    extends: base\n    image: own:2.0\n"
    )
    path = tmp_path / "c.yml"
    path.write_text(text)
    project = load_project([path], environ={})
    plan, edit = single_edit(project, "base", "1.1")
    assert edit.new_bytes == replaced_once(text, "app:1.0 #", "app:1.1 #")
    # Compose gives web (and worker, through web) base's image: the edit
    # changes theirs too, and says how; `own` and `other` are not base's.
    assert plan.also_affects == ("web", "worker")
    assert plan.shared_through == "extends: base"
    with pytest.raises(UnsupportedEditError, match=r"it extends base.*update base"):
        plan_image_tag(project, "web", "1.1")
    # Its image comes from common.yml, which the refusal names (it said
    # `other` "has no image:", which compose would not agree with).
    with pytest.raises(
        UnsupportedEditError, match=r"other .*extends service base of common\.yml"
    ):
        plan_image_tag(project, "other", "1.1")


def test_crlf_and_utf8_survive(tmp_path: Path) -> None:
    text = "# café ☕\r\nservices:\r\n  a:\r\n    image: app:1 # ünïcode\r\n"
    path = tmp_path / "c.yml"
    path.write_bytes(text.encode())
    project = load_project([path], environ={})
    _, edit = single_edit(project, "a", "2")
    assert edit.new_bytes == replaced_once(text, "app:1 #", "app:2 #")


def test_escaped_double_quoted_image_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.yml"
    path.write_text('services:\n  a:\n    image: "app\\x3a1"\n')
    project = load_project([path], environ={})
    with pytest.raises(UnsupportedEditError, match="YAML escapes"):
        plan_image_tag(project, "a", "2")


@pytest.mark.parametrize("dotenv", [None, "X=1\n"])
def test_a_tag_variable_unset_here_is_refused_not_prefixed(
    tmp_path: Path, dotenv: str | None
) -> None:
    # `app:${TAG}` with TAG unset where Docksmith reads it: writing
    # `app:2${TAG}` would read `app:21` once TAG is set again; the change
    # belongs in TAG.
    (tmp_path / "c.yml").write_text("services:\n  a:\n    image: app:${TAG}\n")
    if dotenv is not None:
        (tmp_path / ".env").write_text(dotenv)
    project = load_project(["c.yml"], working_dir=tmp_path, environ={})
    with pytest.raises(UnsupportedEditError, match=r"\$\{TAG\}.*not set"):
        plan_image_tag(project, "a", "2")


@pytest.mark.parametrize(
    ("compose", "dotenv", "edited", "expected"),
    [
        ("image: app:${TAG}", "TAG=\n", ".env", b"TAG=2\n"),
        ("image: app:${TAG:-}", None, "c.yml", b"image: app:${TAG:-2}"),
    ],
)
def test_an_empty_tag_variable_gets_the_tag(
    tmp_path: Path, compose: str, dotenv: str | None, edited: str, expected: bytes
) -> None:
    (tmp_path / "c.yml").write_text(f"services:\n  a:\n    {compose}\n")
    if dotenv is not None:
        (tmp_path / ".env").write_text(dotenv)
    project = load_project(["c.yml"], working_dir=tmp_path, environ={})
    plan, edit = single_edit(project, "a", "2")
    assert (edit.path.name, plan.new_image, plan.variable) == (edited, "app:2", "TAG")
    assert expected in edit.new_bytes


def test_a_tab_before_the_image_lines_comment_is_kept(tmp_path: Path) -> None:
    # YAML and compose take a tab as the blank before a comment; ruamel's
    # scanner refused it ("found character '\t' that cannot start any token")
    text = "services:\n  a:\n    image: nginx:1.25\t# pinned\n    network_mode:\tnone\n"
    path = tmp_path / "c.yml"
    path.write_bytes(text.encode())
    project = load_project([path], environ={})
    assert project.resolved_image("a") == "nginx:1.25"
    _, edit = single_edit(project, "a", "1.26")
    assert edit.new_bytes == replaced_once(text, "nginx:1.25\t#", "nginx:1.26\t#")


def test_a_tab_indenting_a_line_stays_a_yaml_error(tmp_path: Path) -> None:
    # compose refuses tabs as indentation too: reading them as spaces would
    # make up a structure the file does not have
    path = tmp_path / "c.yml"
    path.write_text("services:\n  a:\n\timage: nginx:1.25\n")
    with pytest.raises(ComposeSyntaxError, match=r"line 3, column 1: found character"):
        load_project([path], environ={})


def test_a_dotenv_with_a_bom_is_read_and_edited_like_compose(tmp_path: Path) -> None:
    # compose skips the BOM a Windows editor writes; read as text it made the
    # first key "\ufeffTAG", so TAG looked unset and the update was refused.
    (tmp_path / "c.yml").write_text("services:\n  a:\n    image: app:${TAG}\n")
    (tmp_path / ".env").write_bytes(b"\xef\xbb\xbfTAG=1.5\r\nX=1\r\n")
    project = load_project(["c.yml"], working_dir=tmp_path, environ={})
    assert project.resolved_image("a") == "app:1.5"
    plan, edit = single_edit(project, "a", "2.0")
    assert (edit.path.name, plan.variable) == (".env", "TAG")
    assert edit.new_bytes == b"\xef\xbb\xbfTAG=2.0\r\nX=1\r\n"
