"""Who started the operation being created: the acting principal's name.

Resolvers run each call as their principal (resolvers/access.py); the
operation recorder reads the name when it creates a record. A context
variable carries it so the update engine's many layers need no extra
parameter, and tasks started during the call inherit it. Anything started
outside a request (the scheduler, reconciliation, automatic updates) is
Docksmith's own doing: `auto`.
"""

from __future__ import annotations

from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

AUTO = "auto"

_actor: ContextVar[str] = ContextVar("docksmith_actor", default=AUTO)

T = TypeVar("T")


def current_actor() -> str:
    return _actor.get()


@contextmanager
def acting_as(name: str) -> Iterator[None]:
    token = _actor.set(name)
    try:
        yield
    finally:
        _actor.reset(token)


async def run_as(name: str, work: Coroutine[Any, Any, T]) -> T:
    with acting_as(name):
        return await work
