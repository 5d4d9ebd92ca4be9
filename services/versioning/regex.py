"""User-supplied tag patterns, matched in linear time with RE2.

Owns `TagPattern`: the `docksmith.tag-regex` label compiled by RE2 (the
`re2` module from google-re2), which has no backtracking, so no pattern can
hang a check. Patterns RE2 refuses (backreferences, lookaround) or that
exceed the length and memory limits are rejected with a readable message.
"""

from __future__ import annotations

from dataclasses import field
from functools import lru_cache
from typing import Any

from services.frozen import frozen

# The label API refuses longer patterns; keep both limits the same.
MAX_PATTERN_LENGTH = 500
# RE2 refuses patterns whose compiled program would exceed this many bytes.
_MAX_PROGRAM_MEMORY = 8 << 20


class TagPatternError(ValueError):
    """The pattern is too long or RE2 cannot compile it."""


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> Any:
    # Imported on the first pattern: RE2 costs ~5 MB of resident memory that
    # a server without `docksmith.tag-regex` labels never needs.
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would otherwise print to stderr
    options.max_mem = _MAX_PROGRAM_MEMORY
    try:
        # Bytes in, bytes out: the wrapper's str path re-maps offsets on every
        # match and is ~3x slower; tags are ASCII, so nothing is lost.
        return re2.compile(pattern.encode(), options=options)
    except re2.error as exc:
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode(errors="replace")
        raise TagPatternError(str(detail)) from None


@frozen
class TagPattern:
    """A validated pattern; `matches` tests the whole tag (full match)."""

    pattern: str
    _compiled: Any = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if len(self.pattern) > MAX_PATTERN_LENGTH:
            raise TagPatternError(
                f"pattern is {len(self.pattern)} characters long; the limit is {MAX_PATTERN_LENGTH}"
            )
        # Frozen dataclass: keep the compiled program beside the pattern.
        object.__setattr__(self, "_compiled", _compile(self.pattern))

    def matches(self, tag: str) -> bool:
        return self._compiled.fullmatch(tag.encode()) is not None
