"""Which script paths may be used (issue 12, items 9 and 10)."""

from __future__ import annotations

import pytest

from services.errors import InvalidInputError
from services.inputs import preview
from services.scripts.catalog import ScriptCatalog


@pytest.fixture
def catalog(tmp_path):
    root = tmp_path / "scripts"
    root.mkdir()
    for name in ("ok.sh", ".hidden.sh"):
        (root / name).write_text("#!/bin/sh\n")
        (root / name).chmod(0o755)
    (root / ".d").mkdir()
    (root / ".d" / "in-hidden.sh").write_text("#!/bin/sh\n")
    (root / ".d" / "in-hidden.sh").chmod(0o755)
    (tmp_path / "exists.sh").write_text("#!/bin/sh\n")
    return ScriptCatalog(root)


def test_a_plain_script_resolves(catalog):
    assert catalog.resolve("ok.sh").name == "ok.sh"


@pytest.mark.parametrize(
    "path", ["ok.sh\n", " ok.sh", "ok.sh ", "ok\x00.sh", "ok.sh\t"]
)
def test_whitespace_and_control_characters_are_refused(catalog, path):
    with pytest.raises(InvalidInputError, match="script"):
        catalog.resolve(path)


@pytest.mark.parametrize("path", [".hidden.sh", ".d/in-hidden.sh"])
def test_hidden_files_are_refused(catalog, path):
    with pytest.raises(InvalidInputError, match="hidden"):
        catalog.resolve(path)


def test_outside_paths_answer_the_same_whether_or_not_they_exist(catalog, tmp_path):
    answers = set()
    for path in (
        "../exists.sh",
        "../missing.sh",
        str(tmp_path / "exists.sh"),
        str(tmp_path / "missing.sh"),
        "/etc/passwd",
        "/etc/no-such-file",
    ):
        with pytest.raises(InvalidInputError) as refused:
            catalog.resolve(path)
        answers.add(refused.value.message.replace(preview(path), "PATH"))
    assert len(answers) == 1, answers
    assert "outside the scripts folder" in answers.pop()


def test_a_symlink_out_answers_like_any_outside_path(catalog, tmp_path):
    (catalog.root / "to-missing.sh").symlink_to(tmp_path / "missing.sh")
    (catalog.root / "to-exists.sh").symlink_to(tmp_path / "exists.sh")
    for name in ("to-missing.sh", "to-exists.sh"):
        with pytest.raises(InvalidInputError, match="outside the scripts folder"):
            catalog.resolve(name)
