"""What the compose project cache keeps between checks."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import pytest
from ruamel.yaml.nodes import Node

from services.checks.compose_cache import ComposeProjectCache
from services.compose.errors import UnknownServiceError
from services.compose.project import ComposeFile, load_project

COMPOSE = """\
services:
  web:
    image: example/web:${TAG:-1.0}
    labels:
      docksmith.ignore: "false"
  db:
    image: example/db:2
"""


def reachable(root: object) -> list[object]:
    """Every object `root` holds, directly or not (modules and types aside)."""
    seen: dict[int, object] = {}
    todo = [root]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, type) or type(obj).__name__ == "module":
            continue
        seen[id(obj)] = obj
        todo.extend(gc.get_referents(obj))
    return list(seen.values())


@pytest.fixture
def compose_file(tmp_path: Path) -> Path:
    path = tmp_path / "compose.yaml"
    path.write_text(COMPOSE)
    old = time.time() - 60  # not "racily clean": the cache keeps it
    os.utime(path, (old, old))
    return path


def test_the_cache_keeps_services_but_no_file_text_or_yaml_nodes(
    compose_file: Path,
) -> None:
    cache = ComposeProjectCache()
    outline = cache.get_or_load(
        "key", lambda: load_project([compose_file], environ={}, name="p")
    )
    held = reachable(cache)
    assert not [o for o in held if isinstance(o, ComposeFile | Node | bytes)]
    assert COMPOSE not in [o for o in held if isinstance(o, str)]
    # ...and still answers what discovery asks.
    again = cache.get_or_load("key", lambda: pytest.fail("loaded twice"))
    assert again is outline
    web = outline.service("web")
    assert web.image is not None
    assert web.image.raw == "example/web:${TAG:-1.0}"
    assert outline.env.interpolate(web.image.raw) == "example/web:1.0"
    assert web.label_values == {"docksmith.ignore": "false"}
    with pytest.raises(UnknownServiceError, match=r"'cache'.*services: web, db"):
        outline.service("cache")
