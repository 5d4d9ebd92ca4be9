"""Server logging: every record bounded, formatted off the event loop.

Log arguments carry user input (a container name can be a megabyte), and
rich's highlighter is roughly quadratic in the text it colours: one long name
once froze the server for minutes. So a record is cut down on the calling
thread (cheap: a few slices), then queued; a listener thread formats and
writes it. Off a terminal each record is one plain line with an ISO-8601 UTC
timestamp, what log collectors expect; rich colours only a terminal.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import queue
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import IO, Any

from services.config import LogFormat

# Generous for any real message, small enough that formatting is instant.
MAX_MESSAGE = 2000
MAX_ARG = 500
MAX_TRACEBACK_LINE = 500
MAX_TRACEBACK = 8000


def shorten(text: str, limit: int) -> str:
    """`text` cut to about `limit` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


def _bounded_arg(value: object) -> object:
    if isinstance(value, str | bytes):
        return shorten(value, MAX_ARG) if isinstance(value, str) else value[:MAX_ARG]
    return value


def bound_record(record: logging.LogRecord) -> logging.LogRecord:
    """A copy of `record` whose message is resolved and at most MAX_MESSAGE
    characters; the exception stays for the formatter, which bounds it."""
    bounded = logging.makeLogRecord(record.__dict__)
    if isinstance(record.args, tuple):
        bounded.args = tuple(_bounded_arg(a) for a in record.args)
    elif isinstance(record.args, dict):
        bounded.args = {k: _bounded_arg(v) for k, v in record.args.items()}
    msg = record.msg
    if not isinstance(msg, str):
        # An exception or GraphQLError as the message: its text can be huge.
        msg = str(msg)
    bounded.msg = shorten(msg, MAX_MESSAGE)
    try:
        text = bounded.getMessage()
    except (TypeError, ValueError):  # bad format arguments: keep what we have
        text = f"{bounded.msg} {bounded.args!r}"
    bounded.msg, bounded.args = shorten(text, MAX_MESSAGE), None
    return bounded


def _iso_utc(created: float) -> str:
    moment = datetime.fromtimestamp(created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class PlainFormatter(logging.Formatter):
    """`2026-01-02T03:04:05.678Z LEVEL logger: message | traceback`, one line."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging's API
        return _iso_utc(record.created)

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's API
        return bounded_traceback(super().formatException(ei))

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        return line.replace("\r", "\\r").replace("\n", " | ")


def bounded_traceback(text: str) -> str:
    """Each line and the whole cut down, keeping the end (the error itself)."""
    lines = [shorten(line, MAX_TRACEBACK_LINE) for line in text.splitlines()]
    joined = "\n".join(lines)
    if len(joined) <= MAX_TRACEBACK:
        return joined
    return (
        f"... ({len(joined) - MAX_TRACEBACK} characters omitted)\n"
        + joined[-MAX_TRACEBACK:]
    )


class _BoundingQueueHandler(logging.handlers.QueueHandler):
    """Only bounds and enqueues on the calling thread (the event loop);
    the stock `prepare` would format the exception here."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        return bound_record(record)


class _MessageFormatter(logging.Formatter):
    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's API
        return bounded_traceback(super().formatException(ei))


def _terminal_handler(stream: IO[str]) -> logging.Handler:
    # Imported here: only a terminal pays for rich.
    from rich.console import Console
    from rich.highlighter import NullHighlighter
    from rich.logging import RichHandler

    # No highlighter and no rich tracebacks: both cost far more than the
    # line is worth (the highlighter is what froze the server).
    handler = RichHandler(
        console=Console(file=stream),
        show_path=False,
        rich_tracebacks=False,
        highlighter=NullHighlighter(),
        markup=False,
    )
    handler.setFormatter(_MessageFormatter("%(message)s"))
    return handler


class JsonFormatter(logging.Formatter):
    """One JSON object per line: `time` (ISO-8601 UTC), `level`, `logger`,
    `message`, and `exception` when there is one (bounded like the rest)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, str] = {
            "time": _iso_utc(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = bounded_traceback(
                self.formatException(record.exc_info)
            )
        elif record.exc_text:
            entry["exception"] = bounded_traceback(record.exc_text)
        return json.dumps(entry, ensure_ascii=False)


def output_handler(
    stream: IO[str], log_format: LogFormat = LogFormat.AUTO
) -> logging.Handler:
    """Rich on a terminal (auto), plain single lines or JSON lines elsewhere."""
    if log_format is LogFormat.AUTO and stream.isatty():
        return _terminal_handler(stream)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        JsonFormatter() if log_format is LogFormat.JSON else PlainFormatter()
    )
    return handler


class _DemoteRequestLines(logging.Filter):
    """The HTTP client logs each request line at INFO, and a registry token
    request's URL names the account (`?account=<user>`): DEBUG at most."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO:
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger().isEnabledFor(logging.DEBUG)


# Loggers of libraries that log request URLs at INFO.
_REQUEST_LOGGERS = ("httpx", "httpcore")


@contextmanager
def configured_logging(
    level: str,
    stream: IO[str] | None = None,
    log_format: LogFormat = LogFormat.AUTO,
) -> Iterator[None]:
    """Route every record through the bounding queue to `stream` (stderr)
    for the life of the server; the listener drains the queue on exit."""
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    listener = logging.handlers.QueueListener(
        records,
        output_handler(stream or sys.stderr, log_format),
        respect_handler_level=False,
    )
    root = logging.getLogger()
    saved_level, saved_handlers = root.level, list(root.handlers)
    root.handlers = [_BoundingQueueHandler(records)]
    root.setLevel(level)
    demote = _DemoteRequestLines()
    for name in _REQUEST_LOGGERS:
        logging.getLogger(name).addFilter(demote)
    listener.start()
    try:
        yield
    finally:
        listener.stop()
        for name in _REQUEST_LOGGERS:
            logging.getLogger(name).removeFilter(demote)
        root.handlers = saved_handlers
        root.setLevel(saved_level)
