"""Plan setting and removing a service's labels as byte-exact file edits.

Labels keep the style the service already uses: list (``- k=v``) or map
(``k: v``), block or flow. New labels are appended in that style at the same
indentation; a service without labels gets a map-style ``labels:`` block;
removing the last label removes the ``labels:`` key. Each change splices the
original text at spans ruamel reports, and the result is re-parsed and
compared with the intended labels before it is returned. Nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from services.compose.errors import ComposeSyntaxError, UnsupportedEditError
from services.compose.files import FileEdit
from services.compose.project import ComposeProject
from services.compose.scalars import plain_safe, render
from services.compose.yamlnodes import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    compose_text,
    is_null,
    line_end,
    line_start,
    mapping_get,
    newline_of,
    scalar_span,
    uses,
)
from services.errors import InvalidInputError

_KEY = re.compile(r"[^\s=]+")


def plan_labels(
    project: ComposeProject,
    service: str,
    *,
    set_labels: Mapping[str, str] | None = None,
    remove: Iterable[str] = (),
) -> list[FileEdit]:
    """Edits that set ``set_labels`` and remove ``remove`` on ``service``.

    A label is changed in the file that defines it (the last one in override
    order); new labels go to the file holding the service's ``labels:``,
    else the one defining its image, else its first definition. A removed
    label is removed from every file that sets it. Empty list: no change.
    Values are written with ``$`` doubled so compose reads them literally.
    """
    svc = project.service(service)
    for key, value in (set_labels or {}).items():
        if not _KEY.fullmatch(key) or "\n" in value or "\r" in value:
            raise InvalidInputError(f"invalid label {key!r}={value!r}")
    # compose interpolates label values; "$$" is its escape for a literal "$"
    set_labels = {k: v.replace("$", "$$") for k, v in (set_labels or {}).items()}
    removals = [k for k in dict.fromkeys(remove) if k not in set_labels]
    texts: dict[Path, str] = {}

    def text_of(path: Path) -> str:
        return texts.setdefault(path, project.file(path).text)

    for path in svc.files:
        # Refuses labels tagged !reset in any file (compose would drop what
        # is written there, or in an earlier file) and shared anchors.
        _labels_node(text_of(path), path, service)
    for key, value in set_labels.items():
        if key in svc.labels:
            if svc.labels[key].raw == value:
                continue
            path = svc.labels[key].path
        else:
            path = svc.labels_path or (svc.image.path if svc.image else svc.files[0])
        texts[path] = _set(text_of(path), path, service, key, value)
    for key in removals:
        for path in svc.files:
            if key in (_file_labels(text_of(path), path, service) or {}):
                texts[path] = _remove(text_of(path), path, service, key)
    edits: list[FileEdit] = []
    for path, text in texts.items():
        original = project.file(path)
        if text == original.text:
            continue
        _verify(original.text, text, path, service, set_labels, removals)
        edits.append(FileEdit(path, original.raw, text.encode("utf-8")))
    return edits


def _service_node(text: str, path: Path, service: str) -> MappingNode:
    return _located(text, path, service)[1]


def _located(text: str, path: Path, service: str) -> tuple[Node, MappingNode]:
    """The document's root and the service's mapping in it."""
    root = compose_text(text, path)
    found = mapping_get(root, "services") if isinstance(root, MappingNode) else None
    node = (
        mapping_get(found[1], service)
        if found and isinstance(found[1], MappingNode)
        else None
    )
    if root is None or node is None or not isinstance(node[1], MappingNode):
        raise UnsupportedEditError(f"{path}: service {service} is not a mapping here")
    return root, node[1]


def _labels_node(text: str, path: Path, service: str) -> tuple[ScalarNode, Node] | None:
    root, svc = _located(text, path, service)
    found = mapping_get(svc, "labels")
    if found is None:
        return None
    key, node = found
    if node.tag == "!reset":
        raise UnsupportedEditError(
            f"{path}: labels of {service} are tagged !reset, which makes compose "
            "drop them whatever they hold; edit them by hand"
        )
    # An empty value (`labels:` with nothing, or only comments, under it)
    # has no text: its marks point at the next token, past the service when
    # the key is its last; where it is written is where its key is.
    empty = is_null(node) and not node.value and node.anchor is None
    at = key.start_mark.index if empty else node.start_mark.index
    if not svc.start_mark.index <= at < svc.end_mark.index:
        raise UnsupportedEditError(
            f"{path}: labels of {service} come from a YAML anchor or merge "
            "outside the service, which other services or values may use too; "
            "Docksmith edits labels only where the service writes them: edit "
            "them by hand"
        )
    _refuse_aliased(root, node, path, service)
    return key, node


def _refuse_aliased(root: Node, labels: Node, path: Path, service: str) -> None:
    """Refuse labels anchored in the service and aliased elsewhere: the edit
    would change the alias too (another service's labels or environment)
    without anyone asking."""
    parts: list[tuple[str, Node]] = [(f"labels: of {service}", labels)]
    if isinstance(labels, MappingNode):
        parts += [(str(k.value), n) for k, v in labels.value for n in (k, v)]
    elif isinstance(labels, SequenceNode):
        parts += [(str(i.value).partition("=")[0], i) for i in labels.value]
    for name, node in parts:
        if node.anchor is not None and uses(root, node) > 1:
            raise UnsupportedEditError(
                f"{path}: {name} is anchored (&{node.anchor}) and used again "
                f"through an alias (*{node.anchor}); editing it would change "
                "that too: edit it by hand"
            )


def _file_labels(text: str, path: Path, service: str) -> dict[str, str] | None:
    found = _labels_node(text, path, service)
    if found is None or is_null(found[1]):
        return None
    node = found[1]
    if isinstance(node, SequenceNode):
        return dict(str(i.value).partition("=")[::2] for i in node.value)
    if isinstance(node, MappingNode):
        return {str(k.value): "" if is_null(v) else str(v.value) for k, v in node.value}
    raise UnsupportedEditError(f"{path}: labels of {service} are neither list nor map")


def _last_index(node: Node) -> int:
    """End of the last scalar under ``node`` (block collections end too late)."""
    while (
        isinstance(node, MappingNode | SequenceNode)
        and node.value
        and not node.flow_style
    ):
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return int(node.end_mark.index)


def _set(text: str, path: Path, service: str, key: str, value: str) -> str:
    found = _labels_node(text, path, service)
    null = found[1] if found is not None else None
    if isinstance(null, ScalarNode) and is_null(null) and null.value:
        # `labels: ~` (or `null`): compose reads no labels, as from an empty
        # `labels:`, which it becomes before the entry goes under it.
        span = scalar_span(text, null)
        return _set(text[: span.start] + text[span.end :], path, service, key, value)
    if found is None or is_null(found[1]):
        return _create(text, path, service, key, value, found)
    node = found[1]
    if isinstance(node, SequenceNode):
        for item in node.value:
            if str(item.value).partition("=")[0] == key:
                return _replace(
                    text, path, item, f"{key}={value}", bool(node.flow_style)
                )
        style = node.value[-1].style if node.value else None
        entry = render(
            f"{key}={value}",
            style if style in ("'", '"') else None,
            flow=bool(node.flow_style),
        )
        return _append(text, node, entry, is_list=True)
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if k.value == key:
                if isinstance(v, ScalarNode) and is_null(v) and not v.value:
                    # `key:` without a value: the null's marks point at the
                    # next token, so the value goes right after the colon.
                    at = text.index(":", k.end_mark.index) + 1
                    rendered = render(
                        value, _quote_like(node, value, False), flow=False
                    )
                    return text[:at] + " " + rendered + text[at:]
                return _replace(text, path, v, value, bool(node.flow_style))
        flow = bool(node.flow_style)
        entry = f"{render(key, None, flow=flow)}: {render(value, _quote_like(node, value, flow), flow=flow)}"
        return _append(text, node, entry, is_list=False)
    raise UnsupportedEditError(f"{path}: labels of {service} are neither list nor map")


def _quote_like(node: MappingNode, value: str, flow: bool) -> str | None:
    """The quotes a new value that needs some borrows from its siblings, so
    `a: 'true'` gets `b: 'true'` beside it, not `b: "true"` (label values
    never hold a line break, which single quotes would fold). Siblings that
    disagree give no style to follow, so the default double quotes stay."""
    if plain_safe(value, flow=flow):
        return None
    styles = {
        v.style
        for _, v in node.value
        if isinstance(v, ScalarNode) and v.style in ("'", '"')
    }
    return styles.pop() if len(styles) == 1 else None


def _replace(text: str, path: Path, node: ScalarNode, value: str, flow: bool) -> str:
    if node.style in ("|", ">"):
        raise UnsupportedEditError(
            f"{path}:{node.start_mark.line + 1}: the label's value is a multi-line "
            "block (| or >); edit it by hand"
        )
    span = scalar_span(text, node)
    if span.start == span.end:  # "key:" with no value
        return (
            text[: span.start] + " " + render(value, None, flow=flow) + text[span.end :]
        )
    style = node.style if node.style in ("'", '"') else None
    return text[: span.start] + render(value, style, flow=flow) + text[span.end :]


def _append(
    text: str, node: MappingNode | SequenceNode, entry: str, *, is_list: bool
) -> str:
    if node.flow_style:
        if not node.value:
            at = node.end_mark.index - 1  # just inside the closing bracket
            return text[:at] + entry + text[at:]
        last = node.value[-1] if is_list else node.value[-1][1]
        at = scalar_span(text, last).end
        return text[:at] + ", " + entry + text[at:]
    first = node.value[0] if is_list else node.value[0][0]
    start = scalar_span(text, first).start
    prefix = text[line_start(text, start) : start]
    if prefix.strip() not in ("", "-"):
        raise UnsupportedEditError(
            "labels are laid out in a way Docksmith cannot extend"
        )
    at = line_end(text, _last_index(node))
    return text[:at] + newline_of(text) + prefix + entry + text[at:]


def _create(
    text: str,
    path: Path,
    service: str,
    key: str,
    value: str,
    existing: tuple[ScalarNode, Node] | None,
) -> str:
    svc = _service_node(text, path, service)
    if svc.flow_style or not svc.value:
        raise UnsupportedEditError(
            f"{path}: service {service} is a flow mapping; add labels by hand"
        )
    first_key = svc.value[0][0]
    indent = text[
        line_start(text, first_key.start_mark.index) : first_key.start_mark.index
    ]
    step = " " * max(2, len(indent) - _parent_indent(text, svc))
    nl = newline_of(text)
    entry = f"{render(key, None)}: {render(value, None)}"
    if existing is not None:  # "labels:" with nothing under it
        at = line_end(text, existing[0].end_mark.index)
        return text[:at] + nl + indent + step + entry + text[at:]
    at = line_end(text, _last_index(svc))
    return text[:at] + nl + indent + "labels:" + nl + indent + step + entry + text[at:]


def _parent_indent(text: str, svc: MappingNode) -> int:
    # The service key sits on the line before the mapping's first key.
    before = line_start(text, svc.start_mark.index) - 1
    line = text[line_start(text, max(before, 0)) : max(before, 0)]
    return len(line) - len(line.lstrip(" "))


def _remove(text: str, path: Path, service: str, key: str) -> str:
    found = _labels_node(text, path, service)
    if found is None:
        return text
    labels_key, node = found
    items: list[tuple[int, int]] = []  # source spans of each entry
    if isinstance(node, SequenceNode):
        items = [(scalar_span(text, i).start, _last_index(i)) for i in node.value]
        keys = [str(i.value).partition("=")[0] for i in node.value]
    elif isinstance(node, MappingNode):
        items = [
            (
                scalar_span(text, k).start,
                _last_index(v) if not is_null(v) else k.end_mark.index,
            )
            for k, v in node.value
        ]
        keys = [str(k.value) for k, _ in node.value]
    else:
        return text
    if key not in keys:
        return text
    if len(keys) == 1 and len(_service_node(text, path, service).value) == 1:
        # `labels:` is all this file says about the service (an override
        # adding one label): without it `service:` would read as null, which
        # compose refuses; an empty collection keeps it a mapping.
        last = _last_index(node) if not node.flow_style else node.end_mark.index
        empty = "[]" if isinstance(node, SequenceNode) else "{}"
        return (
            text[: labels_key.end_mark.index]
            + ": "
            + empty
            + text[line_end(text, last) :]
        )
    if len(keys) == 1:
        return _delete_lines(
            text,
            line_start(text, labels_key.start_mark.index),
            _last_index(node) if not node.flow_style else node.end_mark.index,
        )
    i = keys.index(key)
    start, end = items[i]
    if node.flow_style:
        if i + 1 < len(items):
            return text[:start] + text[items[i + 1][0] :]
        return text[: items[i - 1][1]] + text[end:]
    return _delete_lines(text, line_start(text, start), end)


def _delete_lines(text: str, start: int, last: int) -> str:
    end = line_end(text, last)
    end += 2 if text.startswith("\r\n", end) else 1 if text.startswith("\n", end) else 0
    return text[:start] + text[end:]


def _verify(
    before: str,
    after: str,
    path: Path,
    service: str,
    set_labels: Mapping[str, str],
    removed: list[str],
) -> None:
    old = _file_labels(before, path, service) or {}
    new = _file_labels(after, path, service) or {}
    expected = {k: v for k, v in old.items() if k not in removed}
    expected.update({k: v for k, v in set_labels.items() if k in new})
    if new != expected or any(k in new for k in removed):
        raise ComposeSyntaxError(
            f"{path}: planned label edit of {service} did not read back"
        )
