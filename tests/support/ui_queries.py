"""Documents as the web UI's urql client sends them, read from the
frontend's source of a tree: the operation's `graphql(`...`)` text plus every
fragment it spreads (what codegen's documents hold), with `__typename` added
to every selection set but the operation's own, as urql's formatDocument
does. tests/schema/test_ui_queries.py keeps this in step with the generated
documents; bench/bench_graphql.py and bench/bench_checks.py measure it.
"""

from __future__ import annotations

import re
from pathlib import Path

from graphql import (
    FieldNode,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
    parse,
    print_ast,
    visit,
)

REPO = Path(__file__).resolve().parents[2]
_DOCUMENT = re.compile(r"graphql\(`(.*?)`\)", re.DOTALL)
_SPREAD = re.compile(r"\.\.\.([A-Za-z_]\w*)")


def ui_document(operation: str, tree: Path = REPO) -> str:
    """The query or mutation named `operation` as the UI of `tree` sends it."""
    source = tree / "frontend" / "src"
    documents = [
        m.group(1).strip()
        for path in sorted(source.rglob("*.ts*"))
        if "gql" not in path.relative_to(source).parts
        for m in _DOCUMENT.finditer(path.read_text())
    ]
    fragments = {d.split()[1]: d for d in documents if d.startswith("fragment ")}
    parts = [next(d for d in documents if d.split()[1:2] == [operation])]
    wanted = _SPREAD.findall(parts[0])
    while wanted:
        fragment = fragments[wanted.pop()]
        if fragment not in parts:
            parts.append(fragment)
            wanted += _SPREAD.findall(fragment)
    document = parse("\n".join(parts), no_location=True)
    return print_ast(visit(document, _Typenames()))


class _Typenames(Visitor):
    def leave_selection_set(
        self, node: SelectionSetNode, _key: object, parent: object, *_: object
    ) -> SelectionSetNode | None:
        asked = any(
            isinstance(s, FieldNode)
            and s.alias is None
            and s.name.value == "__typename"
            for s in node.selections
        )
        if asked or isinstance(parent, OperationDefinitionNode):
            return None
        typename = FieldNode(name=NameNode(value="__typename"))
        return SelectionSetNode(selections=(*node.selections, typename))


UI_UPDATES_QUERY = ui_document("Updates")
