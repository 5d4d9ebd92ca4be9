"""The compose layer's read model: parsed files and merged services.

Plain frozen dataclasses, built by :mod:`services.compose.project` and read
by the editors and by callers (checker, orchestrator, labels API).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from services.compose.envvars import Environment
from services.compose.yamlnodes import MappingNode, Span
from services.frozen import frozen

LabelStyle = Literal["list", "map"]


@frozen
class ComposeFile:
    """One parsed file: exact bytes, decoded text, node graph, variables."""

    path: Path
    raw: bytes
    text: str
    root: MappingNode
    env: Environment
    included_from: Path | None = None


@frozen
class ImageDef:
    """The ``image:`` scalar that wins the override order.

    ``span`` covers the scalar's source text including quotes; ``style`` is
    ``None`` (plain), ``"'"`` or ``'"'``. ``shared`` is true when the text
    lives outside the service (a YAML alias or ``<<`` merge), so editing it
    would change other services too.
    """

    raw: str
    path: Path
    span: Span
    style: str | None
    shared: bool


@frozen
class Label:
    key: str
    raw: str  # as written, before interpolation
    value: str  # interpolated (equals ``raw`` when interpolation fails)
    path: Path


@frozen
class Service:
    name: str
    image: ImageDef | None
    has_build: bool
    labels: Mapping[str, Label]
    labels_path: Path | None  # last file in override order with a labels: key
    labels_style: LabelStyle | None
    depends_on: tuple[str, ...]
    network_mode: str | None
    container_name: str | None
    files: tuple[Path, ...]  # files defining this service, in override order
    # The service of this project it `extends:` (none when from another file).
    extends: str | None = None

    @property
    def label_values(self) -> dict[str, str]:
        return {k: label.value for k, label in self.labels.items()}
