"""Write YAML scalars in a given quoting style, and check they read back.

The editors replace one scalar's source text at a time; this module renders
the new text in the style the old one used (plain, single or double quoted)
and falls back to double quotes when a plain scalar would read back as
something else (``true``, ``1.0``, ``a: b``, and in compose v1's YAML 1.1
``yes``, ``12:30``...).
"""

from __future__ import annotations

from pathlib import Path

from services.compose.errors import ComposeSyntaxError
from services.compose.yamlnodes import MappingNode, ScalarNode, compose_text

_FLOW_CHARS = frozenset(",[]{}")


def render(value: str, style: str | None, *, flow: bool = False) -> str:
    """``value`` as scalar source in ``style`` (``None``: plain if safe)."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"' or not plain_safe(value, flow=flow):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def plain_safe(value: str, *, flow: bool = False) -> bool:
    """True when ``value`` written plain reads back as the same string."""
    if not value or value != value.strip() or "\n" in value or "\r" in value:
        return False
    if flow and _FLOW_CHARS & set(value):
        return False
    # Read as YAML 1.2 and as 1.1, which compose v1 reads: there a plain
    # `yes`/`on` is a boolean and `12:30` the number 750 (base 60).
    return all(_reads_as(f"{directive}k: {value}\n", value) for directive in _VERSIONS)


_VERSIONS = ("", "%YAML 1.1\n---\n")


def _reads_as(text: str, value: str) -> bool:
    try:
        root = compose_text(text, Path("<scalar>"))
    except ComposeSyntaxError:
        return False
    if not isinstance(root, MappingNode) or len(root.value) != 1:
        return False
    node = root.value[0][1]
    return (
        isinstance(node, ScalarNode)
        and node.style is None
        and str(node.tag).endswith(":str")
        and node.value == value
    )


def matches(source: str, value: str, style: str | None) -> bool:
    """Whether ``source`` is exactly how ``render`` writes ``value``; when not,
    the scalar uses escapes or folding an edit could not keep intact."""
    if style is None:
        return source == value
    return source == render(value, style)
