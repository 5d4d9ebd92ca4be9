"""Which containers must go before which: compose `depends_on`,
`network_mode: service:`/`container:` and `docksmith.restart-after`.

Edges only count between the containers being ordered; a cycle among them
is an input error that names the cycle, never a silent fallback order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from graphlib import CycleError, TopologicalSorter

from services.errors import InvalidInputError
from services.frozen import frozen

RESTART_AFTER = "docksmith.restart-after"


@frozen
class Node:
    """A container as the ordering sees it."""

    name: str
    service: str | None = None
    stack: str | None = None
    depends_on: tuple[str, ...] = ()  # compose service names (same stack)
    network_mode: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)

    def prerequisites(
        self, by_service: Mapping[tuple[str | None, str], str]
    ) -> set[str]:
        """Names of the containers this one needs first."""
        needed: set[str] = set()
        for service in self.depends_on:
            name = by_service.get((self.stack, service))
            if name:
                needed.add(name)
        mode = self.network_mode or ""
        if mode.startswith("service:"):
            name = by_service.get((self.stack, mode.removeprefix("service:")))
            if name:
                needed.add(name)
        elif mode.startswith("container:"):
            needed.add(mode.removeprefix("container:"))
        for other in (self.labels.get(RESTART_AFTER) or "").split(","):
            if other.strip():
                needed.add(other.strip())
        needed.discard(self.name)
        return needed


def _graph(nodes: Sequence[Node]) -> dict[str, set[str]]:
    names = {n.name for n in nodes}
    by_service = {(n.stack, n.service): n.name for n in nodes if n.service}
    return {n.name: n.prerequisites(by_service) & names for n in nodes}


def update_order(nodes: Sequence[Node]) -> list[str]:
    """A dependency-respecting order (prerequisites first), stable by input order."""
    graph = _graph(nodes)
    sorter = TopologicalSorter(graph)
    try:
        sorter.prepare()
    except CycleError as exc:
        cycle = list(exc.args[1])
        raise InvalidInputError(
            "dependency cycle: "
            + " -> ".join(cycle)
            + " (check depends_on, network_mode and docksmith.restart-after)"
        ) from exc
    position = {n.name: i for i, n in enumerate(nodes)}
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=position.__getitem__)
        order.extend(ready)
        sorter.done(*ready)
    return order


def levels(nodes: Sequence[Node]) -> list[list[str]]:
    """Groups that can restart together, each after the ones before it."""
    graph = _graph(nodes)
    sorter = TopologicalSorter(graph)
    try:
        sorter.prepare()
    except CycleError as exc:
        raise InvalidInputError(
            "dependency cycle: " + " -> ".join(exc.args[1])
        ) from exc
    position = {n.name: i for i, n in enumerate(nodes)}
    result: list[list[str]] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=position.__getitem__)
        result.append(ready)
        sorter.done(*ready)
    return result


def dependents_of(name: str, nodes: Iterable[Node]) -> list[str]:
    """Containers that declare `docksmith.restart-after` on `name`."""
    found = []
    for node in nodes:
        wanted = {p.strip() for p in (node.labels.get(RESTART_AFTER) or "").split(",")}
        if name in wanted and node.name != name:
            found.append(node.name)
    return found
