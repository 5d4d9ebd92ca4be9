"""The bounds and grammars of names (issue 12, items 2, 3, 4, 10)."""

from __future__ import annotations

import pytest

from services import inputs
from services.errors import InvalidInputError

MEGABYTE = "x" * 1_000_000


@pytest.mark.parametrize(
    "name", ["web", "rel-app", "my_stack.web-1", "A1", "0", "a" * 64, "f" * 255]
)
def test_docker_names_and_ids_pass(name):
    assert inputs.docker_name(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "rel-app/../rel-db",
        "../images/busybox",
        "/web",
        ".hidden",
        "-rm",
        "_x",
        "a b",
        "web\n",
        "web\x00",
        "wéb",
        "☃",
        "a" * 256,
        MEGABYTE,
    ],
)
def test_bad_docker_names_are_refused_with_a_short_message(name):
    with pytest.raises(InvalidInputError) as refused:
        inputs.docker_name(name, "container")
    assert refused.value.message.startswith("container ")
    assert len(refused.value.message) < 300


def test_operation_ids_are_bounded_by_the_column():
    assert inputs.operation_id("op_20260101000000_abcd1234")
    with pytest.raises(InvalidInputError, match="operation_id is too long"):
        inputs.operation_id("o" * 65)
    with pytest.raises(InvalidInputError, match="not an operation id"):
        inputs.operation_id("op/../x")


@pytest.mark.parametrize("version", ["\t", "", " ", "1.0 ", ".1", "-1", "1\n", "ü"])
def test_a_blank_or_odd_version_is_not_a_tag(version):
    with pytest.raises(InvalidInputError, match="version"):
        inputs.tag(version)


@pytest.mark.parametrize("version", ["1.25.3", "latest", "v2_rc-1", "A"])
def test_tags_pass(version):
    assert inputs.tag(version) == version


def test_plain_text_refuses_control_characters():
    with pytest.raises(InvalidInputError, match="control characters"):
        inputs.plain_text("a\x00b", "label")
    with pytest.raises(InvalidInputError, match="too long"):
        inputs.plain_text(MEGABYTE, "label")


@pytest.mark.parametrize("char", ["\x85", "\x9b", "\x80", "\u2028", "\u2029"])
def test_plain_text_refuses_c1_controls_and_line_separators(char):
    # YAML reads NEL, U+2028 and U+2029 as line breaks and refuses C1
    # controls: in a label value they made the compose edit fail as if the
    # file were broken ("YAML error: unacceptable character #x009b").
    with pytest.raises(InvalidInputError, match=r"label x\.b .* control characters"):
        inputs.plain_text(f"a{char}b", "label x.b")


@pytest.mark.parametrize("text", ["é", "日本", "x\ufeffy", "€ 5"])
def test_plain_text_keeps_printable_unicode(text):
    assert inputs.plain_text(text, "label") == text


@pytest.mark.parametrize(
    "ref", ["nginx:1.25", "127.0.0.1:5000/app/web:1", "sha256:" + "a" * 64, "abc123"]
)
def test_image_refs_and_ids_pass(ref):
    assert inputs.image_ref(ref) == ref


@pytest.mark.parametrize("ref", ["../images/x", "Nginx", "a b", "x\x00", MEGABYTE])
def test_bad_image_refs_are_refused(ref):
    with pytest.raises(InvalidInputError) as refused:
        inputs.image_ref(ref)
    assert len(refused.value.message) < 400
