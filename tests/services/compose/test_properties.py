"""Property: whatever the tag, an image edit changes exactly the tag text."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from services.compose.editor import plan_image_tag
from services.compose.labels import plan_labels
from services.compose.project import load_project

FIXTURE = Path(__file__).parent / "fixtures" / "homelab" / "docker-compose.yml"
TEXT = FIXTURE.read_text()
TAGS = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,30}", fullmatch=True)
VALUES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20
)


def _project(folder: Path):
    path = folder / "docker-compose.yml"
    shutil.copy(FIXTURE, path)
    return load_project([path], environ={})


@settings(max_examples=60, deadline=None)
@given(tag=TAGS)
def test_tag_edit_touches_only_the_tag(tag: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        plan = plan_image_tag(_project(Path(folder)), "jellyfin", tag)
    expected = TEXT.replace("jellyfin:10.8.13   #", f"jellyfin:{tag}   #")
    new = plan.edits[0].new_bytes.decode() if plan.edits else TEXT
    assert new == expected


@settings(max_examples=60, deadline=None)
@given(value=VALUES)
def test_any_label_value_reads_back(value: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = _project(Path(folder))
        edits = plan_labels(project, "db", set_labels={"docksmith.x": value})
        (edit,) = edits
        edit.path.write_bytes(edit.new_bytes)
        labels = load_project([edit.path], environ={}).service("db").labels
    assert labels["docksmith.x"].value == value
    # everything before the labels block is untouched
    head = TEXT.split("      com.example.description")[0]
    assert edit.new_bytes.decode().startswith(head)
