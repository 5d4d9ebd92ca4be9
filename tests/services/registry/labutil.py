"""Small helpers shared by the registry tests that run against the lab."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path

from tests.lab.registry_api import RegistryApi


def unique_repo(prefix: str) -> str:
    return f"{prefix}/{uuid.uuid4().hex[:8]}"


def docker_config(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "docker" / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return path


def basic_auths(host: str, username: str, password: str) -> dict[str, object]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"auths": {host: {"auth": token}}}


def push_tags(
    api: RegistryApi, repo: str, tags: list[str], labels: dict[str, str] | None = None
) -> dict[str, str]:
    """Push one tiny image and point every tag at it; returns tag -> digest."""
    digest = api.push_oci_image(repo, tags[0], labels=labels)
    for tag in tags[1:]:
        api.move_tag(repo, tag, digest)
    return dict.fromkeys(tags, digest)
