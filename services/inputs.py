"""The bounds and grammars of what a caller names, checked before anything
uses it: before any Docker engine call, any query, any file lookup.

Both edges (REST, GraphQL) and the CLI reach the services with whatever a
client sent: megabyte strings, NUL bytes, `../` games. A value that breaks a
rule here is bad input (400, `InvalidInputError`, naming the field), never an
outage or a 500, and the message quotes only a short prefix of it, so a
hostile value is not echoed into responses or logs.

The Docker grammar is the engine's own for container names
(`[a-zA-Z0-9][a-zA-Z0-9_.-]*`); ids and id prefixes are hex, a subset of it.
Anything else (a `/`, a leading `.` or `-`) would be read by the engine as a
path or an option, which is how `rel-app/../rel-db` once reached `rel-db`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from services.errors import InvalidInputError

# The store's name columns (container, stack, policy entity) hold 255.
MAX_NAME = 255
# Operation and batch-group ids: `op_<timestamp>_<hex>`, 64 at most in the store.
MAX_ID = 64
MAX_TEXT = 1024
_DOCKER_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*")
_OPERATION_ID = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*")
_PREVIEW = 40


def preview(value: str) -> str:
    """A quotable prefix of `value`: printable and short."""
    head = value[:_PREVIEW]
    shown = repr(head)
    return shown if len(value) <= _PREVIEW else f"{shown}... ({len(value)} characters)"


def not_one_of(name: str, choices: Iterable[str], value: str) -> InvalidInputError:
    """The refusal of a value outside a closed set (a label's levels, true or
    false). One wording whichever edge or field the value came through: REST's
    typed fields, a label map on either edge, the editor's per-field check."""
    listed = [c for c in choices if c]
    said = (
        f"{listed[0]} or {listed[1]}"
        if len(listed) == 2
        else "one of " + ", ".join(listed)
    )
    return InvalidInputError(f"{name} must be {said}, not {preview(value)}")


E = TypeVar("E", bound=StrEnum)


def member_of(name: str, choices: type[E], value: object) -> E:
    """`value` as a member of the closed set `choices` (its value spelled
    exactly), else `not_one_of`'s refusal naming field `name`."""
    if isinstance(value, choices):
        return value
    if isinstance(value, str):
        try:
            return choices(value)
        except ValueError:
            pass
    raise not_one_of(name, choices, str(value))


def page_size(value: int, maximum: int) -> int:
    """How many entries one page holds: REST's `limit` and GraphQL's
    `first` are one rule, refused in one wording."""
    if not 1 <= value <= maximum:
        raise InvalidInputError(
            f"page size must be between 1 and {maximum}, not {value}"
        )
    return value


def bounded(value: str, field: str, limit: int = MAX_TEXT) -> str:
    """`value` unless it is longer than `limit` characters."""
    if len(value) > limit:
        raise InvalidInputError(
            f"{field} is too long: {len(value)} characters, at most {limit}"
        )
    return value


_BREAKS = frozenset("\u2028\u2029")


def plain_text(value: str, field: str, limit: int = MAX_TEXT) -> str:
    """Bounded, and free of control characters (NUL, newlines, escapes, the
    C1 set) and of Unicode's line and paragraph separators, which YAML and
    log readers take for line breaks."""
    bounded(value, field, limit)
    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in _BREAKS for ch in value):
        raise InvalidInputError(f"{field} {preview(value)} contains control characters")
    return value


def docker_name(value: str, field: str = "container") -> str:
    """A container, stack, network or volume name, or an id (prefix)."""
    bounded(value, field, MAX_NAME)
    if not _DOCKER_NAME.fullmatch(value):
        shown = "empty" if not value else preview(value)
        raise InvalidInputError(
            f"{field} {shown} is not a valid Docker name: use letters, digits, "
            "'_', '.' and '-', starting with a letter or digit"
        )
    return value


def docker_names(values: Iterable[str], field: str = "containers") -> list[str]:
    return [docker_name(v, field) for v in values]


def optional_docker_name(value: str | None, field: str) -> str | None:
    return None if value is None else docker_name(value, field)


def operation_id(value: str, field: str = "operation_id") -> str:
    bounded(value, field, MAX_ID)
    if not _OPERATION_ID.fullmatch(value):
        shown = "empty" if not value else preview(value)
        raise InvalidInputError(f"{field} {shown} is not an operation id")
    return value


def optional_text(value: str | None, field: str, limit: int = MAX_NAME) -> str | None:
    return None if value is None else plain_text(value, field, limit)


MAX_IMAGE = 512  # the store's image column
_IMAGE_ID = re.compile(r"(sha256:)?[0-9a-f]{1,64}")


def image_ref(value: str, field: str = "image") -> str:
    """An image reference (`repo:tag`, `repo@digest`) or an image id (prefix)."""
    plain_text(value, field, MAX_IMAGE)
    if _IMAGE_ID.fullmatch(value):
        return value
    if value != value.strip():
        raise InvalidInputError(f"{field} {preview(value)} has surrounding spaces")
    # Imported here: the reference grammar lives with the registry code.
    from services.registry.references import parse_reference

    parse_reference(value)
    return value


_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")


def tag(value: str, field: str = "version") -> str:
    """An image tag as a target version: Docker's tag grammar, never empty."""
    bounded(value, field, 128)
    if not _TAG.fullmatch(value):
        shown = "empty" if not value else preview(value)
        raise InvalidInputError(
            f"{field} {shown} is not a valid image tag: up to 128 letters, digits, "
            "'_', '.' and '-', not starting with '.' or '-'"
        )
    return value
