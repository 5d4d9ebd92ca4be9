"""Logging never freezes the server nor echoes unbounded input (issue 12, 1)."""

from __future__ import annotations

import io
import logging
import re
import sys
import time

import httpx

from rest.logs import (
    MAX_MESSAGE,
    PlainFormatter,
    bound_record,
    configured_logging,
    shorten,
)
from tests.support.process import HealthProbe, assert_never_stalled, served

MEGABYTE = 1_000_000
# A bounded line: the message, a bounded traceback, timestamp and names.
LINE_LIMIT = 20_000
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [A-Z]+ ")


def _record(msg: object, *args: object, exc: BaseException | None = None):
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("t", logging.ERROR, __file__, 1, msg, args, exc_info)


def _raised(message: str) -> BaseException:
    try:
        raise LookupError(message)
    except LookupError as exc:
        return exc


def test_a_megabyte_argument_becomes_one_bounded_plain_line():
    huge = "x" * MEGABYTE
    record = bound_record(_record("container not found: %s", huge, exc=_raised(huge)))
    line = PlainFormatter().format(record)
    assert "\n" not in line
    assert ISO_UTC.match(line), line[:80]
    assert len(line) < LINE_LIMIT
    assert "more characters" in line


def test_a_message_object_is_bounded_too():
    # Strawberry logs the GraphQLError itself as the message.
    record = bound_record(_record(ValueError("y" * MEGABYTE)))
    assert len(record.getMessage()) <= MAX_MESSAGE + 40
    assert record.args is None


def test_bad_format_arguments_still_give_a_line():
    record = bound_record(_record("%d items", "not a number"))
    assert "not a number" in PlainFormatter().format(record)


def test_shorten_keeps_short_text():
    assert shorten("abc", 10) == "abc"


def test_a_megabyte_graphql_name_neither_freezes_nor_floods_the_log(tmp_path):
    # given a server logging to a file (not a terminal), as under systemd
    # (as a variable: parsing a megabyte literal is the query-size limit's
    # business, tested with the GraphQL limits)
    name = "x" * MEGABYTE
    query = "query($n: String!) { container(name: $n) { name } }"
    with (
        served(tmp_path, f"unix://{tmp_path}/no-docker.sock") as server,
        HealthProbe(server.url, pid=server.proc.pid) as probe,
    ):
        # when
        began = time.monotonic()
        response = httpx.post(
            f"{server.url}/graphql",
            json={"query": query, "variables": {"n": name}},
            timeout=120,
        )
        elapsed = time.monotonic() - began
        time.sleep(0.5)  # the log is written off the loop: let it catch up
        log = server.log_text()
    # then it answered at once, health never waited, and the log stayed small
    assert elapsed < 10, elapsed
    errors = response.json()["errors"]
    assert errors[0]["extensions"]["code"] in ("BAD_REQUEST", "NOT_FOUND")
    assert_never_stalled(probe)
    assert len(log) < 100_000, len(log)
    assert all(len(line) < LINE_LIMIT for line in log.splitlines())
    print(f"answered in {elapsed:.3f}s; {probe.summary()}", file=sys.stderr)


TOKEN_LINE = (
    'HTTP Request: GET http://127.0.0.1:5000/token?account=alice "HTTP/1.1 200 OK"'
)


def test_request_urls_with_the_account_are_not_logged_at_info():
    # given the server's logging at INFO, as by default
    out = io.StringIO()
    with configured_logging("INFO", out):
        # when the HTTP client logs a token request (as it does, at INFO)
        logging.getLogger("httpx").info(TOKEN_LINE)
    # then nothing of it shows
    assert "account=alice" not in out.getvalue()
    # and at DEBUG it shows as DEBUG
    out = io.StringIO()
    with configured_logging("DEBUG", out):
        logging.getLogger("httpx").info(TOKEN_LINE)
    assert " DEBUG httpx: " in out.getvalue()


def test_the_megabyte_literal_from_the_report_is_answered_at_once(tmp_path):
    # `{ container(name: "<1,000,000 x>") { name } }` froze the server for
    # minutes; the query-size limit refuses it before parsing.
    query = '{ container(name: "%s") { name } }' % ("x" * MEGABYTE)
    with (
        served(tmp_path, f"unix://{tmp_path}/no-docker.sock") as server,
        HealthProbe(server.url, pid=server.proc.pid) as probe,
    ):
        began = time.monotonic()
        response = httpx.post(
            f"{server.url}/graphql", json={"query": query}, timeout=120
        )
        elapsed = time.monotonic() - began
        log = server.log_text()
    assert elapsed < 10, elapsed
    assert response.status_code < 500
    errors = response.json()["errors"]
    assert len(errors[0]["message"]) < 1000
    assert_never_stalled(probe)
    assert len(log) < 100_000
