"""Parse compose YAML into ruamel's node graph and locate text inside it.

The node graph (not the constructed data) is what the compose layer reads:
every node carries the character offsets of its source text, which is what
makes surgical edits possible. This module owns the ruamel parser and the
span arithmetic; it never writes or re-serialises a document.
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from services.compose.errors import ComposeSyntaxError
from services.frozen import frozen

MERGE_TAG = "tag:yaml.org,2002:merge"

__all__ = [
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "Span",
    "compose_text",
    "is_null",
    "line_end",
    "line_start",
    "mapping_get",
    "mapping_items",
    "newline_of",
    "scalar_span",
    "scalar_value",
    "uses",
]


@frozen
class Span:
    """Character offsets ``[start, end)`` in a decoded file, 1-based line/column."""

    start: int
    end: int
    line: int
    column: int


def compose_text(text: str, path: Path) -> Node | None:
    """The root node of ``text``; ``None`` for an empty document.

    The node marks index ``text`` itself: a tab that ruamel refuses as
    separation is read as a space (same length), never rewritten."""
    parsed = text
    while True:
        try:
            node: Node | None = YAML(typ="rt").compose(parsed)
        except MarkedYAMLError as exc:
            retry = _separating_tabs_as_spaces(parsed, exc)
            if retry is not None:
                parsed = retry
                continue
            mark = exc.problem_mark or exc.context_mark
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
            problem = exc.problem or exc.context or "invalid YAML"
            raise ComposeSyntaxError(
                f"{path}: YAML error at {where}: {problem}"
            ) from exc
        except YAMLError as exc:
            raise ComposeSyntaxError(f"{path}: YAML error: {exc}") from exc
        return node


def _separating_tabs_as_spaces(text: str, exc: MarkedYAMLError) -> str | None:
    """``text`` with the blanks around the tab ruamel stopped at made spaces,
    when that tab separates tokens (``image: nginx:1.25<TAB># pinned``).

    YAML and compose accept tabs as separation within a line; ruamel's
    scanner accepts only spaces there. It stops at such a tab between
    tokens (never inside a quoted or block scalar, which it reads whole),
    so the tab is not content: a space reads the same. Tabs used as
    indentation stay an error, as in compose. None: not that case."""
    mark = exc.problem_mark
    index: int = -1 if mark is None else mark.index
    if not 0 <= index < len(text) or text[index] != "\t":
        return None
    start = end = index
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    while end < len(text) and text[end] in " \t":
        end += 1
    indentation = start == 0 or text[start - 1] in "\r\n"
    if indentation and end < len(text) and text[end] not in "#\r\n":
        return None
    return text[:start] + " " * (end - start) + text[end:]


def mapping_items(node: MappingNode) -> list[tuple[ScalarNode, Node]]:
    """Key/value pairs with ``<<`` merge keys expanded (explicit keys win).

    Raises on a duplicate key, as compose does, instead of silently picking one.
    """
    explicit: list[tuple[ScalarNode, Node]] = []
    merged: list[tuple[ScalarNode, Node]] = []
    seen: set[str] = set()
    for key, value in node.value:
        if key.tag == MERGE_TAG:
            sources = value.value if isinstance(value, SequenceNode) else [value]
            for source in sources:
                if isinstance(source, MappingNode):
                    merged.extend(mapping_items(source))
            continue
        if not isinstance(key, ScalarNode):
            continue
        if key.value in seen:
            line = key.start_mark.line + 1
            raise ComposeSyntaxError(f"duplicate key {key.value!r} at line {line}")
        seen.add(key.value)
        explicit.append((key, value))
    out = list(explicit)
    for key, value in merged:
        if key.value not in seen:
            seen.add(key.value)
            out.append((key, value))
    return out


def mapping_get(node: MappingNode, name: str) -> tuple[ScalarNode, Node] | None:
    for key, value in mapping_items(node):
        if key.value == name:
            return key, value
    return None


def uses(root: Node, target: Node) -> int:
    """How many places of the document under ``root`` hold ``target``: more
    than one when it is anchored (``&a``) and aliased (``*a``), which the
    composer gives as the same node. Each collection is walked once, so a
    document of nested aliases costs its size, not its expansion."""
    count = 1 if root is target else 0
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen or not isinstance(node, MappingNode | SequenceNode):
            continue
        seen.add(id(node))
        children = (
            [n for pair in node.value for n in pair]
            if isinstance(node, MappingNode)
            else list(node.value)
        )
        count += sum(1 for child in children if child is target)
        stack.extend(children)
    return count


def is_null(node: Node) -> bool:
    """An explicit or empty ``null`` scalar (``key:`` with nothing after it)."""
    return isinstance(node, ScalarNode) and str(node.tag).endswith(":null")


def scalar_value(node: Node) -> str | None:
    """A scalar's text as YAML reads it (``true`` stays ``"true"``); else None."""
    if isinstance(node, ScalarNode):
        return str(node.value)
    return None


def scalar_span(text: str, node: ScalarNode) -> Span:
    """The scalar's own source text, quotes included, anchor and tag excluded."""
    pos = node.start_mark.index
    end = node.end_mark.index
    # Anchors (&a) and tags (!!str) sit inside the node's marks; skip them.
    while pos < end and text[pos] in "&!":
        while pos < end and not text[pos].isspace():
            pos += 1
        while pos < end and text[pos].isspace():
            pos += 1
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return Span(pos, end, line, column)


def line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def line_end(text: str, pos: int) -> int:
    """Offset of the line break (``\n`` or ``\r\n``) ending the line at ``pos``.

    A block node's end mark may sit at column 0 of the following line; that
    position belongs to the line before it. Returns ``len(text)`` on the last
    line when it has no break.
    """
    if pos > 0 and text[pos - 1] == "\n":
        found = pos - 1
    else:
        found = text.find("\n", pos)
        if found < 0:
            return len(text)
    if found > 0 and text[found - 1] == "\r":
        found -= 1
    return found


def newline_of(text: str) -> str:
    """The file's line break style, for inserted lines."""
    return "\r\n" if "\r\n" in text else "\n"
