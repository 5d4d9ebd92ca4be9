"""Compose variable interpolation and ``.env`` files, with provenance.

Resolves ``${VAR}``, ``$VAR``, ``${VAR:-d}``, ``${VAR-d}``, ``${VAR:?e}``,
``${VAR?e}``, ``${VAR:+a}``, ``${VAR+a}`` and the ``$$`` escape the way
compose does, from an explicitly given process environment over ``.env``
files. Besides the value it reports where every piece of a string came from
(literal text, a ``.env`` line, a default inside the expression, the process
environment), which is what the editor needs to change the right bytes. It
never reads ``os.environ``: callers pass the environment the compose CLI sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal

from services.compose.errors import ComposeSyntaxError, InterpolationError
from services.frozen import frozen

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPS = (":-", ":?", ":+", "-", "?", "+")

Source = Literal["literal", "process", "dotenv", "argument", "unset"]


@frozen
class Text:
    """Literal text; ``raw_start``/``raw_end`` index the template string."""

    raw_start: int
    raw_end: int
    value: str


@frozen
class Variable:
    """One ``$VAR`` / ``${VAR<op><arg>}``; ``arg_start`` indexes the template."""

    raw_start: int
    raw_end: int
    name: str
    op: str | None
    arg: str | None
    arg_start: int | None


Segment = Text | Variable


@frozen
class DotEnvEntry:
    """One ``KEY=value`` line; ``value_start``/``value_end`` index the file text
    at the value's characters (inside any quotes)."""

    key: str
    value: str
    path: Path
    line: int
    value_start: int
    value_end: int
    quote: str
    verbatim: bool  # the file text between the offsets equals ``value``


@frozen
class DotEnv:
    path: Path
    text: str
    entries: Mapping[str, DotEnvEntry]


@frozen
class Piece:
    """A slice ``[start, end)`` of an interpolated value and where it came from."""

    segment: Segment
    start: int
    end: int
    source: Source
    entry: DotEnvEntry | None = None


@frozen
class Resolution:
    value: str
    pieces: tuple[Piece, ...]

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(
            p.segment.name for p in self.pieces if isinstance(p.segment, Variable)
        )


def parse_template(raw: str) -> list[Segment]:
    """Split a compose string into literal text and variable references."""
    out: list[Segment] = []
    i, start = 0, 0
    while i < len(raw):
        if raw[i] != "$":
            i += 1
            continue
        if start < i:
            out.append(Text(start, i, raw[start:i]))
        nxt = raw[i + 1 : i + 2]
        if nxt == "$":
            out.append(Text(i, i + 2, "$"))
            i += 2
        elif nxt == "{":
            out.append(_braced(raw, i))
            i = out[-1].raw_end
        elif (m := _NAME.match(raw, i + 1)) is not None:
            out.append(Variable(i, m.end(), m.group(), None, None, None))
            i = m.end()
        else:
            raise InterpolationError(f"invalid interpolation format in {raw!r}")
        start = i
    if start < len(raw):
        out.append(Text(start, len(raw), raw[start:]))
    return out


def _braced(raw: str, i: int) -> Variable:
    depth, j = 1, i + 2
    while j < len(raw) and depth:
        if raw.startswith("${", j):
            depth, j = depth + 1, j + 2
            continue
        depth -= raw[j] == "}"
        j += 1
    m = _NAME.match(raw, i + 2)
    if depth or m is None:
        raise InterpolationError(f"invalid interpolation format in {raw!r}")
    rest_start, end = m.end(), j - 1
    if rest_start == end:
        return Variable(i, j, m.group(), None, None, None)
    for op in _OPS:
        if raw.startswith(op, rest_start):
            arg_start = rest_start + len(op)
            return Variable(i, j, m.group(), op, raw[arg_start:end], arg_start)
    raise InterpolationError(f"invalid interpolation format in {raw!r}")


class Environment:
    """Variables as compose sees them: ``process`` first, then ``.env`` files
    in order (an earlier file wins, like compose's include merge)."""

    def __init__(
        self, process: Mapping[str, str], dotenvs: Sequence[DotEnv] = ()
    ) -> None:
        self.process = dict(process)
        self.dotenvs = tuple(dotenvs)

    def with_dotenv(self, extra: Sequence[DotEnv]) -> Environment:
        """This environment, with ``extra`` filling only unset names."""
        return Environment(self.process, (*self.dotenvs, *extra))

    def lookup(self, name: str) -> tuple[str, DotEnvEntry | None] | None:
        """The value and its ``.env`` entry (``None`` entry: process env)."""
        if name in self.process:
            return self.process[name], None
        for dotenv in self.dotenvs:
            if (entry := dotenv.entries.get(name)) is not None:
                return entry.value, entry
        return None

    def interpolate(self, raw: str) -> str:
        return self.resolve(raw).value

    def resolve(self, raw: str) -> Resolution:
        """Interpolate ``raw`` and say where each piece of the result came from."""
        parts: list[str] = []
        pieces: list[Piece] = []
        pos = 0
        for seg in parse_template(raw):
            value, source, entry = self._value_of(seg, raw)
            parts.append(value)
            pieces.append(Piece(seg, pos, pos + len(value), source, entry))
            pos += len(value)
        return Resolution("".join(parts), tuple(pieces))

    def _value_of(
        self, seg: Segment, raw: str
    ) -> tuple[str, Source, DotEnvEntry | None]:
        if isinstance(seg, Text):
            return seg.value, "literal", None
        found = self.lookup(seg.name)
        value = found[0] if found else None
        entry = found[1] if found else None
        source: Source = "unset" if found is None else "dotenv" if entry else "process"
        op, arg = seg.op, seg.arg or ""
        empty = not value
        if op in (":-", "-") and (value is None or (op == ":-" and empty)):
            return self.interpolate(arg), "argument", None
        if op in (":?", "?") and (value is None or (op == ":?" and empty)):
            detail = self.interpolate(arg) or "required variable is missing a value"
            raise InterpolationError(f"variable {seg.name} in {raw!r}: {detail}")
        if op in (":+", "+"):
            if value is None or (op == ":+" and empty):
                return "", source, entry
            return self.interpolate(arg), "argument", None
        return value or "", source, entry


def parse_dotenv(
    path: Path,
    process: Mapping[str, str] | None = None,
    *,
    read: Callable[[Path], bytes] = Path.read_bytes,
) -> DotEnv | None:
    """Parse a ``.env`` file like compose: comments, ``export``, quotes,
    ``${VAR}`` expansion in unquoted and double-quoted values. ``None`` when
    the file does not exist. ``read`` reads it (another host's over SSH)."""
    try:
        text = read(path).decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ComposeSyntaxError(f"{path}: cannot read env file: {exc}") from exc
    return parse_dotenv_text(text, path, process)


def parse_dotenv_text(
    text: str, path: Path, process: Mapping[str, str] | None = None
) -> DotEnv:
    """Parse ``.env`` content; ``path`` names it in errors and entries."""
    entries: dict[str, DotEnvEntry] = {}
    # compose (v1 and v2) skips a UTF-8 BOM, which Windows editors write;
    # read as text it made the first key "\ufeffTAG". The text keeps it, and
    # offsets count it, so an edit writes it back.
    bom = 1 if text.startswith("\ufeff") else 0
    offset = bom
    # Split on "\n" only: str.splitlines also breaks on form feeds and
    # other characters compose does not treat as line ends.
    for number, line in enumerate(text[bom:].split("\n"), start=1):
        entry = _parse_line(line.removesuffix("\r"), offset, number, path)
        offset += len(line) + 1
        if entry is None:
            continue
        if entry.quote != "'" and "$" in entry.value:
            known = {k: e.value for k, e in entries.items()} | dict(process or {})
            value = Environment(known).interpolate(entry.value)
            entry = replace(entry, value=value, verbatim=False)
        entries[entry.key] = entry
    return DotEnv(path, text, entries)


def _parse_line(line: str, offset: int, number: int, path: Path) -> DotEnvEntry | None:
    body = line.lstrip()
    if not body or body.startswith("#"):
        return None
    pos = len(line) - len(body)
    if body.startswith("export "):
        pos += len("export ")
    eq = line.find("=", pos)
    if eq < 0:
        return None  # compose ignores a bare name with no value here
    key = line[pos:eq].strip()
    vstart = eq + 1
    while vstart < len(line) and line[vstart] in " \t":
        vstart += 1
    quote = line[vstart : vstart + 1]
    if quote in ("'", '"'):
        close = _closing_quote(line, vstart + 1, quote)
        if close < 0:
            raise ComposeSyntaxError(
                f"{path}:{number}: unterminated quote in value of {key}"
            )
        raw = line[vstart + 1 : close]
        value = raw if quote == "'" else _unescape(raw)
        start, end = vstart + 1, close
    else:
        quote = ""
        comment = re.search(r"\s#", line[vstart:])
        end = vstart + comment.start() if comment else len(line)
        raw = line[vstart:end].rstrip()
        value, start, end = raw, vstart, vstart + len(raw)
    return DotEnvEntry(
        key, value, path, number, offset + start, offset + end, quote, raw == value
    )


def _closing_quote(line: str, i: int, quote: str) -> int:
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            return i
        i += 1
    return -1


def _unescape(raw: str) -> str:
    table = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$"}
    return re.sub(r"\\(.)", lambda m: table.get(m.group(1), m.group(0)), raw)
