"""Merge one service's definitions across files in override order.

Later files win per key (``image``, ``network_mode``, ``container_name``),
labels merge per label key, ``depends_on`` lists are united; each value
remembers the file (and for the image, the exact span) that defines it.
Only the keys Docksmith reads are merged.
"""

from __future__ import annotations

from pathlib import Path

from services.compose.errors import ComposeSyntaxError, InterpolationError
from services.compose.model import ComposeFile, ImageDef, Label, LabelStyle, Service
from services.compose.yamlnodes import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    is_null,
    mapping_items,
    scalar_span,
    scalar_value,
)


def _interpolated(cf: ComposeFile, raw: str) -> str:
    try:
        return cf.env.interpolate(raw)
    except InterpolationError:
        return raw


def build_service(
    name: str, defs: list[tuple[ComposeFile, Node, MappingNode]]
) -> Service:
    image: ImageDef | None = None
    has_build = False
    labels: dict[str, Label] = {}
    labels_path: Path | None = None
    labels_style: LabelStyle | None = None
    depends: dict[str, None] = {}
    network_mode: str | None = None
    container_name: str | None = None
    extends: str | None = None
    for cf, _key, node in defs:
        for key, value in mapping_items(node):
            field_name = str(key.value)
            if field_name == "image" and isinstance(value, ScalarNode):
                image = _image_def(cf, node, value)
            elif field_name == "build" and not is_null(value):
                has_build = True
            elif field_name == "labels" and not is_null(value):
                labels_style = _read_labels(cf, name, value, labels)
                labels_path = cf.path
            elif field_name == "extends":
                extends = _extends(value)
            elif field_name == "depends_on":
                names = value.value if isinstance(value, SequenceNode) else []
                if isinstance(value, MappingNode):
                    names = [k for k, _ in value.value]
                depends.update(
                    (str(n.value), None) for n in names if isinstance(n, ScalarNode)
                )
            elif (
                field_name == "network_mode"
                and (text := scalar_value(value)) is not None
            ):
                network_mode = _interpolated(cf, text)
            elif (
                field_name == "container_name"
                and (text := scalar_value(value)) is not None
            ):
                container_name = _interpolated(cf, text)
    return Service(
        name=name,
        image=image,
        has_build=has_build,
        labels=labels,
        labels_path=labels_path,
        labels_style=labels_style,
        depends_on=tuple(depends),
        network_mode=network_mode,
        container_name=container_name,
        files=tuple(dict.fromkeys(cf.path for cf, _, _ in defs)),
        extends=extends,
    )


def _extends(value: Node) -> str | None:
    """The service `extends:` names in the same project (`extends: base`, or
    `service:` without `file:`); one from another file is not followed."""
    if (text := scalar_value(value)) is not None:
        return text
    if not isinstance(value, MappingNode):
        return None
    fields = {str(k.value): v for k, v in mapping_items(value)}
    if "file" in fields or "service" not in fields:
        return None
    return scalar_value(fields["service"])


def _image_def(cf: ComposeFile, service: MappingNode, value: ScalarNode) -> ImageDef:
    span = scalar_span(cf.text, value)
    inside = service.start_mark.index <= span.start < service.end_mark.index
    style = value.style if value.style in ("'", '"') else None
    if value.style in ("|", ">"):
        raise ComposeSyntaxError(
            f"{cf.path}:{span.line}: image must be a one-line string"
        )
    return ImageDef(str(value.value), cf.path, span, style, shared=not inside)


def _read_labels(
    cf: ComposeFile, service: str, node: Node, into: dict[str, Label]
) -> LabelStyle:
    if isinstance(node, SequenceNode):
        for item in node.value:
            text = scalar_value(item)
            if text is None:
                raise ComposeSyntaxError(
                    f"{cf.path}: service {service}: bad label entry"
                )
            key, _, raw = text.partition("=")
            into[key] = Label(key, raw, _interpolated(cf, raw), cf.path)
        return "list"
    if isinstance(node, MappingNode):
        for k, v in mapping_items(node):
            value = "" if is_null(v) else scalar_value(v)
            if value is None:
                raise ComposeSyntaxError(
                    f"{cf.path}: service {service}: bad label value"
                )
            into[str(k.value)] = Label(
                str(k.value), value, _interpolated(cf, value), cf.path
            )
        return "map"
    raise ComposeSyntaxError(
        f"{cf.path}: service {service}: labels must be a list or map"
    )
