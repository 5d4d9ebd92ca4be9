"""Label edits keep the service's style; everything else stays byte-for-byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from services.compose.errors import UnsupportedEditError
from services.compose.labels import plan_labels
from services.compose.project import load_project
from services.errors import InvalidInputError

CopyFixture = Callable[[str], Path]


@pytest.fixture
def homelab(copy_fixture: CopyFixture) -> Path:
    return copy_fixture("homelab") / "docker-compose.yml"


def one_edit(path: Path, service: str, **kw) -> bytes:
    edits = plan_labels(load_project([path], environ={}), service, **kw)
    assert len(edits) == 1
    assert edits[0].path == path
    assert edits[0].old_bytes == path.read_bytes()
    return edits[0].new_bytes


def replaced_once(text: str, old: str, new: str) -> bytes:
    assert text.count(old) == 1
    return text.replace(old, new).encode()


LIST_BLOCK = """\
      - "docksmith.allow-latest=false"
      - docksmith.pre-update-check=/scripts/check.sh
      - traefik.enable=true
"""
MAP_BLOCK = """\
    labels:
      docksmith.ignore: "false"
      com.example.description: "Main DB"   # map style
"""


class TestListStyle:
    def test_change_existing_keeps_quotes(self, homelab: Path) -> None:
        new = one_edit(
            homelab, "jellyfin", set_labels={"docksmith.allow-latest": "true"}
        )
        assert new == replaced_once(
            homelab.read_text(),
            '"docksmith.allow-latest=false"',
            '"docksmith.allow-latest=true"',
        )

    def test_append_in_same_style_and_indent(self, homelab: Path) -> None:
        new = one_edit(homelab, "jellyfin", set_labels={"docksmith.auto-update": "yes"})
        assert new == replaced_once(
            homelab.read_text(),
            LIST_BLOCK,
            LIST_BLOCK + "      - docksmith.auto-update=yes\n",
        )

    def test_remove_one(self, homelab: Path) -> None:
        new = one_edit(homelab, "jellyfin", remove=["docksmith.pre-update-check"])
        assert new == replaced_once(
            homelab.read_text(),
            "      - docksmith.pre-update-check=/scripts/check.sh\n",
            "",
        )

    def test_remove_last_deletes_labels_key(self, tmp_path: Path) -> None:
        text = "services:\n  a:\n    image: x\n    labels:\n      - docksmith.ignore=true  # c\n    restart: always\n"
        path = tmp_path / "c.yml"
        path.write_text(text)
        new = one_edit(path, "a", remove=["docksmith.ignore"])
        assert new == replaced_once(
            text, "    labels:\n      - docksmith.ignore=true  # c\n", ""
        )


class TestMapStyle:
    def test_change_existing_keeps_quotes_and_comment(self, homelab: Path) -> None:
        new = one_edit(homelab, "db", set_labels={"docksmith.ignore": "true"})
        assert new == replaced_once(
            homelab.read_text(), 'docksmith.ignore: "false"', 'docksmith.ignore: "true"'
        )

    def test_append_quotes_values_yaml_would_retype(self, homelab: Path) -> None:
        new = one_edit(
            homelab,
            "db",
            set_labels={"docksmith.allow-latest": "true", "docksmith.x": "a b"},
        )
        assert new == replaced_once(
            homelab.read_text(),
            MAP_BLOCK,
            MAP_BLOCK
            + '      docksmith.allow-latest: "true"\n'
            + "      docksmith.x: a b\n",
        )

    def test_append_keeps_double_quotes_when_siblings_disagree(
        self, tmp_path: Path
    ) -> None:
        text = "services:\n  a:\n    image: x\n    labels:\n      one: \"true\"\n      two: 'ops'\n"
        path = tmp_path / "c.yml"
        path.write_text(text)
        new = one_edit(path, "a", set_labels={"docksmith.version-pin-minor": "true"})
        assert new == (text + '      docksmith.version-pin-minor: "true"\n').encode()

    def test_append_borrows_the_single_quotes_of_its_siblings(
        self, tmp_path: Path
    ) -> None:
        # As a YAML dumper writes a compose file: 'true' in single quotes.
        text = "services:\n  a:\n    image: x\n    labels:\n      docksmith.version-pin-major: 'true'\n      note: plain\n"
        path = tmp_path / "c.yml"
        path.write_text(text)
        new = one_edit(
            path,
            "a",
            set_labels={
                "docksmith.version-pin-minor": "true",
                "docksmith.x": "a b",
                "docksmith.y": "'x' #1",
            },
        )
        assert new == replaced_once(
            text,
            "      note: plain\n",
            "      note: plain\n"
            "      docksmith.version-pin-minor: 'true'\n"
            "      docksmith.x: a b\n"
            "      docksmith.y: '''x'' #1'\n",
        )

    def test_remove_all_deletes_key(self, homelab: Path) -> None:
        new = one_edit(
            homelab, "db", remove=["docksmith.ignore", "com.example.description"]
        )
        assert new == replaced_once(homelab.read_text(), MAP_BLOCK, "")

    def test_remove_absent_label_plans_nothing(self, homelab: Path) -> None:
        project = load_project([homelab], environ={})
        assert plan_labels(project, "db", remove=["docksmith.nothing"]) == []

    def test_setting_the_same_value_plans_nothing(self, homelab: Path) -> None:
        project = load_project([homelab], environ={})
        assert (
            plan_labels(project, "db", set_labels={"docksmith.ignore": "false"}) == []
        )


class TestCreate:
    def test_creates_map_block_after_last_entry(self, homelab: Path) -> None:
        new = one_edit(homelab, "cache", set_labels={"docksmith.ignore": "true"})
        assert new == replaced_once(
            homelab.read_text(),
            '    command: ["redis-server", "--save", ""]\n',
            '    command: ["redis-server", "--save", ""]\n'
            "    labels:\n"
            '      docksmith.ignore: "true"\n',
        )

    def test_after_nested_block_and_four_space_indent(self, tmp_path: Path) -> None:
        text = (
            "services:\n    a:\n        image: x\n        environment:\n"
            "            - A=1\n\n# trailing comment\n"
        )
        path = tmp_path / "c.yml"
        path.write_text(text)
        new = one_edit(path, "a", set_labels={"k": "v"})
        assert new == replaced_once(
            text, "- A=1\n", "- A=1\n        labels:\n            k: v\n"
        )

    def test_last_line_without_newline(self, tmp_path: Path) -> None:
        path = tmp_path / "c.yml"
        path.write_text("services:\n  a:\n    image: x")
        new = one_edit(path, "a", set_labels={"k": "v"})
        assert new == b"services:\n  a:\n    image: x\n    labels:\n      k: v"

    def test_flow_service_is_refused(self, homelab: Path) -> None:
        project = load_project([homelab], environ={})
        with pytest.raises(UnsupportedEditError, match="flow mapping"):
            plan_labels(project, "proxy", set_labels={"k": "v"})


class TestFlowLabels:
    def test_flow_list_append_change_remove(self, tmp_path: Path) -> None:
        text = "services:\n  a:\n    image: x\n    labels: [a=1, 'b=2']  # c\n"
        path = tmp_path / "c.yml"
        path.write_text(text)
        assert one_edit(path, "a", set_labels={"c": "3"}) == replaced_once(
            text, "[a=1, 'b=2']", "[a=1, 'b=2', 'c=3']"
        )
        assert one_edit(path, "a", set_labels={"a": "9"}) == replaced_once(
            text, "[a=1,", "[a=9,"
        )
        assert one_edit(path, "a", remove=["a"]) == replaced_once(
            text, "[a=1, 'b=2']", "['b=2']"
        )
        assert one_edit(path, "a", remove=["b"]) == replaced_once(
            text, "[a=1, 'b=2']", "[a=1]"
        )
        assert one_edit(path, "a", remove=["a", "b"]) == replaced_once(
            text, "    labels: [a=1, 'b=2']  # c\n", ""
        )


def test_override_file_label_edits_go_to_defining_file(
    copy_fixture: CopyFixture,
) -> None:
    folder = copy_fixture("override")
    base, override = (
        folder / "docker-compose.yml",
        folder / "docker-compose.override.yml",
    )
    project = load_project([base, override], environ={})
    (edit,) = plan_labels(project, "web", set_labels={"docksmith.ignore": "true"})
    assert edit.path == base
    (edit,) = plan_labels(project, "web", set_labels={"docksmith.new": "1"})
    assert edit.path == override
    assert edit.new_bytes == replaced_once(
        override.read_text(),
        '      docksmith.allow-latest: "true"\n',
        '      docksmith.allow-latest: "true"\n      docksmith.new: "1"\n',
    )


def test_remove_from_every_defining_file(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(
        "services:\n  s:\n    image: x\n    labels: {k: '1'}\n"
    )
    (tmp_path / "b.yml").write_text("services:\n  s:\n    labels: {k: '2', j: '3'}\n")
    project = load_project(["a.yml", "b.yml"], working_dir=tmp_path, environ={})
    edits = plan_labels(project, "s", remove=["k"])
    assert {e.path.name: e.new_bytes for e in edits} == {
        "a.yml": b"services:\n  s:\n    image: x\n",
        "b.yml": b"services:\n  s:\n    labels: {j: '3'}\n",
    }


def test_included_service_labels_are_edited_in_included_file(
    copy_fixture: CopyFixture,
) -> None:
    folder = copy_fixture("include")
    project = load_project([folder / "compose.yaml"], environ={})
    (edit,) = plan_labels(project, "grafana", set_labels={"docksmith.ignore": "1"})
    assert edit.path == folder / "sub" / "monitoring.yaml"


def test_shared_anchor_labels_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.yml"
    path.write_text("x: &l\n  a: b\nservices:\n  s:\n    image: x\n    labels: *l\n")
    with pytest.raises(UnsupportedEditError, match="YAML anchor"):
        plan_labels(load_project([path], environ={}), "s", set_labels={"a": "c"})


@pytest.mark.parametrize(
    ("key", "value"), [("", "x"), ("a b", "x"), ("a=b", "x"), ("k", "l\nm")]
)
def test_invalid_labels_are_refused(homelab: Path, key: str, value: str) -> None:
    with pytest.raises(InvalidInputError, match="invalid label"):
        plan_labels(load_project([homelab], environ={}), "db", set_labels={key: value})


def test_dollar_in_value_is_escaped_for_compose(tmp_path: Path) -> None:
    path = tmp_path / "c.yml"
    path.write_text("services:\n  a:\n    image: x\n    labels:\n      - k=v\n")
    new = one_edit(path, "a", set_labels={"docksmith.post-update": "exec:echo $HOME"})
    assert new.endswith(b"      - docksmith.post-update=exec:echo $$HOME\n")
    path.write_bytes(new)
    labels = load_project([path], environ={"HOME": "/root"}).service("a").labels
    assert labels["docksmith.post-update"].value == "exec:echo $HOME"


def test_empty_labels_key_gets_entries_under_it(tmp_path: Path) -> None:
    text = "services:\n  a:\n    labels:\n    image: x\n"
    path = tmp_path / "c.yml"
    path.write_text(text)
    new = one_edit(path, "a", set_labels={"k": "v"})
    assert new == replaced_once(text, "    labels:\n", "    labels:\n      k: v\n")


def test_bom_and_crlf_survive(tmp_path: Path) -> None:
    text = "\ufeffservices:\r\n  a:\r\n    image: x\r\n    labels:\r\n      a: b\r\n"
    path = tmp_path / "c.yml"
    path.write_bytes(text.encode())
    new = one_edit(path, "a", set_labels={"c": "d"})
    assert new == replaced_once(text, "a: b\r\n", "a: b\r\n      c: d\r\n")
    new = one_edit(path, "a", remove=["a"])
    assert new == replaced_once(text, "    labels:\r\n      a: b\r\n", "")


@pytest.mark.parametrize(
    ("labels", "empty"),
    [
        ("    labels:\n      k: '2'   # why\n", "    labels: {}\n"),
        ("    labels:\n      - k=2\n", "    labels: []\n"),
        ("    labels: {k: '2'}\n", "    labels: {}\n"),
    ],
)
def test_removing_the_only_label_of_an_override_only_service(
    tmp_path: Path, labels: str, empty: str
) -> None:
    # An override that only adds a label is common; dropping its last label
    # must leave the service a mapping (`s:` alone reads as null, which
    # compose refuses), the rest of the file untouched.
    (tmp_path / "a.yml").write_text("services:\n  s:\n    image: x\n")
    override = "# local\nservices:\n  s:\n" + labels + "  t:\n    image: y\n"
    (tmp_path / "b.yml").write_text(override)
    project = load_project(["a.yml", "b.yml"], working_dir=tmp_path, environ={})
    (edit,) = plan_labels(project, "s", remove=["k"])
    assert edit.new_bytes == replaced_once(override, labels, empty)
    (tmp_path / "b.yml").write_bytes(edit.new_bytes)
    reloaded = load_project(["a.yml", "b.yml"], working_dir=tmp_path, environ={})
    assert reloaded.service("s").labels == {}


@pytest.mark.parametrize("labels", ["!reset []", "!reset {k: v}"])
def test_labels_under_a_reset_tag_are_refused(tmp_path: Path, labels: str) -> None:
    # compose drops a `!reset` attribute whatever it holds: a label written
    # into it would never reach the container.
    (tmp_path / "a.yml").write_text(
        "services:\n  s:\n    image: x\n    labels: [j=1]\n"
    )
    (tmp_path / "b.yml").write_text(f"services:\n  s:\n    labels: {labels}\n")
    project = load_project(["a.yml", "b.yml"], working_dir=tmp_path, environ={})
    with pytest.raises(UnsupportedEditError, match="!reset"):
        plan_labels(project, "s", set_labels={"k": "w"})


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ("      k:\n      j: x\n", "      k: v\n      j: x\n"),
        ("      k:   # empty\n", "      k: v   # empty\n"),
        ("      j: 'x'\n      k:\n", "      j: 'x'\n      k: 'true'\n"),
    ],
)
def test_a_label_without_a_value_gets_one(
    tmp_path: Path, labels: str, expected: str
) -> None:
    text = "services:\n  a:\n    image: x\n    labels:\n" + labels
    path = tmp_path / "c.yml"
    path.write_text(text)
    value = "true" if "'x'" in labels else "v"
    assert one_edit(path, "a", set_labels={"k": value}) == replaced_once(
        text, labels, expected
    )


def test_a_block_scalar_label_value_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "c.yml"
    path.write_text(
        "services:\n  a:\n    image: x\n    labels:\n      k: |\n        one\n"
        "        two\n      j: x\n"
    )
    with pytest.raises(UnsupportedEditError, match="multi-line block"):
        plan_labels(load_project([path], environ={}), "a", set_labels={"k": "v"})


def test_tabs_before_comments_are_kept_around_a_label_change(tmp_path: Path) -> None:
    text = (
        "services:\n  a:\n    image: app:1\t# pinned\n"
        "    labels:\n      - one=1\t# first\n      - two=2\n"
    )
    path = tmp_path / "c.yml"
    path.write_bytes(text.encode())
    assert one_edit(path, "a", set_labels={"one": "x"}) == replaced_once(
        text, "one=1\t# first", "one=x\t# first"
    )


@pytest.mark.parametrize(
    ("text", "shared"),
    [
        # the whole labels: block, anchored in this service, aliased by another
        (
            "services:\n  s:\n    image: x\n    labels: &l\n      a: b\n"
            "  t:\n    image: x\n    labels: *l\n",
            "labels: of s",
        ),
        # one value, aliased in another service's environment
        (
            "services:\n  s:\n    image: x\n    labels:\n      a: &v b\n"
            "  t:\n    image: x\n    environment:\n      A: *v\n",
            "a",
        ),
        # a list entry, aliased in another service's list
        (
            "services:\n  s:\n    image: x\n    labels:\n      - &e a=b\n"
            "  t:\n    image: x\n    labels:\n      - *e\n",
            "a",
        ),
    ],
)
def test_labels_anchored_in_the_service_and_aliased_elsewhere_are_refused(
    tmp_path: Path, text: str, shared: str
) -> None:
    # The edit would change the alias too: another service's labels or
    # environment, silently (an `exec:` action or docksmith.ignore on t).
    path = tmp_path / "c.yml"
    path.write_text(text)
    project = load_project([path], environ={})
    said = f": {shared} is anchored .* used again through an alias"
    with pytest.raises(UnsupportedEditError, match=said):
        plan_labels(project, "s", set_labels={"a": "c", "new": "1"})
    with pytest.raises(UnsupportedEditError, match=said):
        plan_labels(project, "s", remove=["a"])


def test_an_anchor_nothing_aliases_is_edited(tmp_path: Path) -> None:
    path = tmp_path / "c.yml"
    text = "services:\n  s:\n    image: x\n    labels: &l\n      a: &v b\n"
    path.write_text(text)
    new = one_edit(path, "s", set_labels={"a": "c"})
    assert new == replaced_once(text, "a: &v b", "a: &v c")


@pytest.mark.parametrize(
    "after", ["", "  b:\n    image: y\n", "networks:\n  default: {}\n"]
)
def test_a_labels_key_whose_entries_are_all_commented_out_gets_the_label(
    tmp_path: Path, after: str
) -> None:
    # `labels:` last in the service, its entries commented out: the empty
    # value's position is the next token's, outside the service, and the
    # edit was refused as labels "from a YAML anchor or merge outside".
    text = (
        "services:\n  a:\n    image: x\n    labels:\n"
        "      # - docksmith.ignore=true\n" + after
    )
    path = tmp_path / "c.yml"
    path.write_text(text)
    new = one_edit(path, "a", set_labels={"k": "v"})
    assert new == replaced_once(text, "    labels:\n", "    labels:\n      k: v\n")


@pytest.mark.parametrize("null", ["~", "null", "Null"])
def test_a_labels_key_set_to_null_gets_the_label(tmp_path: Path, null: str) -> None:
    # `labels: ~` is what compose reads as no labels, as `labels:` is; it was
    # refused as "neither list nor map".
    text = f"services:\n  a:\n    image: x\n    labels: {null}  # none yet\n"
    path = tmp_path / "c.yml"
    path.write_text(text)
    new = one_edit(path, "a", set_labels={"k": "v"})
    assert new == replaced_once(
        text, f"labels: {null}  # none yet\n", "labels:   # none yet\n      k: v\n"
    )


@pytest.mark.parametrize("value", ["yes", "On", "off", "12:30", "1:2:3"])
def test_values_yaml_1_1_would_retype_are_quoted(tmp_path: Path, value: str) -> None:
    # compose v1 reads YAML 1.1: a plain `yes` is the boolean True there and
    # `12:30` the number 750 (base 60), so the label came out "True" or "750".
    text = "services:\n  a:\n    image: x\n    labels:\n      j: plain\n"
    path = tmp_path / "c.yml"
    path.write_text(text)
    new = one_edit(path, "a", set_labels={"k": value})
    assert new == replaced_once(text, "j: plain\n", f'j: plain\n      k: "{value}"\n')
