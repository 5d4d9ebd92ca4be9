"""Which script paths may be used (issue 12, items 9 and 10)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from services.errors import InvalidInputError
from services.inputs import preview
from services.scripts.catalog import ScriptCatalog, ScriptsFolder, ScriptsFolderState


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


def _folder_state_as_another_user(root: Path) -> ScriptsFolderState:
    """The folder's state as seen by a user who does not own it: root reads
    any folder, so a root test run asks from a forked child that drops to
    nobody first."""
    if os.geteuid() != 0:
        return ScriptCatalog(root).folder().state
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.write(write, ScriptCatalog(root).folder().state.value.encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read) as answer:
        return ScriptsFolderState(answer.read())


NOBODY = 65534


def test_the_folder_says_whether_it_exists_and_what_it_is(tmp_path):
    root = tmp_path / "scripts"
    assert ScriptCatalog(root).folder() == ScriptsFolder(
        path=str(root), state=ScriptsFolderState.MISSING
    )
    root.write_text("a file, not a folder\n")
    assert ScriptCatalog(root).folder().state is ScriptsFolderState.NOT_A_FOLDER
    # A file where a parent folder should be: nothing is at the path.
    assert ScriptCatalog(root / "x").folder().state is ScriptsFolderState.MISSING
    root.unlink()
    root.mkdir()
    # Empty, but there: the answer for "put a script in it".
    assert ScriptCatalog(root).folder().state is ScriptsFolderState.READY
    link = tmp_path / "link"
    link.symlink_to(root)
    assert ScriptCatalog(link).folder() == ScriptsFolder(
        path=str(link), state=ScriptsFolderState.READY
    )


def test_a_folder_this_user_may_not_list_is_unreadable():
    with tempfile.TemporaryDirectory() as parent:
        # Others may pass through the parent, not list the folder itself.
        Path(parent).chmod(0o755)
        root = Path(parent) / "scripts"
        root.mkdir(mode=0o700)
        if os.geteuid() != 0:
            root.chmod(0o000)
        try:
            assert _folder_state_as_another_user(root) is ScriptsFolderState.UNREADABLE
            # Behind a parent it may not enter, it cannot even be looked at.
            Path(parent).chmod(0o700)
            if os.geteuid() != 0:
                Path(parent).chmod(0o000)
            assert _folder_state_as_another_user(root) is ScriptsFolderState.UNREADABLE
        finally:
            Path(parent).chmod(0o755)
            root.chmod(0o755)
