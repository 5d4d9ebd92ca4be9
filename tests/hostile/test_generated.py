"""The generated hostile-input suite (issue 12, "How it stays fixed").

Every REST parameter and GraphQL argument gets megabyte strings, NUL bytes,
control characters, unicode, traversal and prefix games (see `cases.py`),
one at a time, against `docksmith serve` in its own process while a second
process times `/api/health`. The server has no Docker engine: a value that
slipped past validation to the engine would answer 503, so a 4xx here also
proves names are checked before any engine call.

Asserted for each request: no 5xx, a 4xx in the error envelope for values
that are never valid, a message that does not echo the value, and an answer
in bounded time; and across the run, a health endpoint that never stalls.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import websockets

from rest.app import create_app
from schema import build_schema
from tests.hostile.cases import (
    GraphQLCase,
    RestCase,
    describe,
    graphql_cases,
    rest_cases,
)
from tests.support.process import HealthProbe, assert_never_stalled, served
from tests.support.sched import Stopwatch

# Long-lived streams with nothing to send them.
SKIP_PATHS = frozenset({"/api/events"})
# Parameters whose values are free text: a search string, a password (any
# characters, `../` included, are a valid secret; its length rules still
# refuse what they must), a label name or value (a tag regex may well contain
# `../`; a blank typed label field means "remove it"). Such a value may be
# accepted; with no engine to act on, an accepted change then answers 503,
# which is no bad-input failure.
FREE_TEXT = frozenset({"search", "password"})
LABEL_TEXT = frozenset(
    {
        "tag_regex",
        "tagRegex",
        "version_min",
        "versionMin",
        "version_max",
        "versionMax",
        "script",
        "restart_after",
        "restartAfter",
        "docksmith.tag-regex",
        "<key>",
        "labels",
        # The typed fields added since, same rule ("" removes the label; the
        # policies decide): checked by their own rules when not blank.
        "auto_rollback",
        "autoRollback",
        "post_update",
        "postUpdate",
        "auto_update",
        "autoUpdate",
        "min_age",
        "minAge",
        "maintenance_window",
        "maintenanceWindow",
    }
)
# Optional settings where the empty string (and only it) means "clear this
# level's value, so the next level's applies".
BLANK_CLEARS = frozenset(
    {"min_age", "minAge", "maintenance_window", "maintenanceWindow"}
)
# Seconds of a request's own time (tests/support/sched.py: wall time less
# the server loop's and this thread's waits for a CPU).
REQUEST_LIMIT = 5.0
MESSAGE_LIMIT = 2000
SERVER_SIDE = frozenset(
    {
        "INTERNAL",
        "UPSTREAM_ERROR",
        "REGISTRY_ERROR",
        "DOCKER_ERROR",
        "DOCKER_UNAVAILABLE",
        "STORAGE_UNAVAILABLE",
    }
)
CLIENT_ERRORS = frozenset({"InvalidInputError", "NotFoundError", "ConflictError"})


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    with served(root, f"unix://{root}/no-docker.sock") as process:
        yield process


def _free_text(where: str, param: str) -> bool:
    """`where` names the route or field, `param` the dotted parameter."""
    last = param.rsplit(".", 1)[-1]
    if last in FREE_TEXT:
        return True
    in_labels = "label" in where.lower()
    return in_labels and (last in LABEL_TEXT or param.startswith("labels."))


def _engine_away(response: httpx.Response) -> bool:
    try:
        return response.json()["error"]["code"] == "DOCKER_UNAVAILABLE"
    except (ValueError, KeyError, TypeError):
        return False


def _check_rest(case: RestCase, response: httpx.Response, elapsed: float) -> str | None:
    status = response.status_code
    if elapsed > REQUEST_LIMIT:
        return f"took {elapsed:.1f}s"
    free = _free_text(case.path, case.param)
    if status == 503 and free and _engine_away(response):
        return None  # accepted as valid; the engine was needed next
    if status >= 500:
        return f"{status}: {response.text[:200]}"
    if status == 307 and case.where == "path" and not case.hostile.value:
        return None  # `/x/` redirected to `/x` by the router: no route saw it
    clears = case.hostile.value == "" and case.param.rsplit(".", 1)[-1] in BLANK_CLEARS
    must_refuse = case.hostile.never_valid and not free and not clears
    if must_refuse and not 400 <= status < 500:
        return f"accepted with {status}: {response.text[:200]}"
    if status >= 400:
        try:
            body = response.json()
        except ValueError:
            return f"{status} outside the envelope: {response.text[:200]}"
        error = body.get("error") if isinstance(body, dict) else None
        if body.get("success") is not False or not isinstance(error, dict):
            return f"{status} outside the envelope: {describe(body)}"
        if len(str(error.get("message", ""))) > MESSAGE_LIMIT:
            return "the error message echoes the value"
    elif len(response.content) > MESSAGE_LIMIT * 50:
        return "the answer echoes the value"
    return None


def _check_graphql(
    case: GraphQLCase, response: httpx.Response, elapsed: float
) -> str | None:
    if elapsed > REQUEST_LIMIT:
        return f"took {elapsed:.1f}s"
    if response.status_code >= 500:
        return f"{response.status_code}: {response.text[:200]}"
    body: dict[str, Any] = response.json()
    errors = body.get("errors") or []
    for error in errors:
        code = (error.get("extensions") or {}).get("code")
        if code in SERVER_SIDE or "Unexpected error" in error.get("message", ""):
            return f"server-side error: {describe(error)}"
        if len(error.get("message", "")) > MESSAGE_LIMIT:
            return "the error message echoes the value"
    if errors or response.status_code >= 400:
        return None
    result = (body.get("data") or {}).get(case.field)
    typename = result.get("__typename") if isinstance(result, dict) else None
    if typename == "UpstreamFailureError":
        return f"reported as an outage: {describe(result)}"
    if typename in CLIENT_ERRORS:
        if len(result.get("message", "")) > MESSAGE_LIMIT:
            return "the error message echoes the value"
        return None
    if case.hostile.never_valid and not _free_text(case.field, case.argument):
        return f"accepted: {describe(result)}"
    return None


def test_every_rest_parameter_refuses_hostile_input(server, settings_factory):
    cases = list(rest_cases(create_app(settings_factory()).openapi(), SKIP_PATHS))
    assert len({(c.method, c.path.split("/")[2]) for c in cases}) > 20
    failures = []
    with (
        HealthProbe(server.url, pid=server.proc.pid) as probe,
        httpx.Client(base_url=server.url, timeout=60) as client,
    ):
        for case in cases:
            with Stopwatch(server.proc.pid) as watch:
                response = client.request(
                    case.method,
                    case.path,
                    params=case.params,
                    json=case.body if case.body is not None else None,
                )
            problem = _check_rest(case, response, watch.own)
            if problem:
                failures.append(f"{case.id}: {problem}")
    print(f"{len(cases)} REST cases; {probe.summary()}")
    assert not failures, "\n".join(failures[:60]) + f"\n({len(failures)} failures)"
    assert_never_stalled(probe)


def test_every_graphql_argument_refuses_hostile_input(server):
    cases = [
        c for c in graphql_cases(build_schema()._schema) if c.root != "subscription"
    ]
    assert len({c.field for c in cases}) > 20
    failures = []
    with (
        HealthProbe(server.url, pid=server.proc.pid) as probe,
        httpx.Client(base_url=server.url, timeout=60) as client,
    ):
        for case in cases:
            with Stopwatch(server.proc.pid) as watch:
                response = client.post(
                    "/graphql",
                    json={"query": case.document, "variables": case.variables},
                )
            problem = _check_graphql(case, response, watch.own)
            if problem:
                failures.append(f"{case.id}: {problem}")
    print(f"{len(cases)} GraphQL cases; {probe.summary()}")
    assert not failures, "\n".join(failures[:60]) + f"\n({len(failures)} failures)"
    assert_never_stalled(probe)


def _check_subscription(
    case: GraphQLCase, messages: list[dict[str, Any]]
) -> str | None:
    if not messages:
        return "no answer"
    first = messages[0]
    errors = first.get("payload") if first["type"] == "error" else None
    if first["type"] == "next":
        errors = first["payload"].get("errors")
        if not errors:
            if case.hostile.never_valid and not _free_text(case.field, case.argument):
                return f"accepted: {describe(first['payload'])}"
            return None
    if first["type"] not in ("error", "next"):
        return f"unexpected message {describe(first)}"
    for error in errors or []:
        code = (error.get("extensions") or {}).get("code")
        if code in SERVER_SIDE or "Unexpected error" in error.get("message", ""):
            return f"server-side error: {describe(error)}"
        if len(error.get("message", "")) > MESSAGE_LIMIT:
            return "the error message echoes the value"
    return None


async def test_every_subscription_argument_refuses_hostile_input(server):
    cases = [
        c for c in graphql_cases(build_schema()._schema) if c.root == "subscription"
    ]
    assert len({c.field for c in cases}) >= 4
    url = server.url.replace("http://", "ws://") + "/graphql"
    failures = []
    with HealthProbe(server.url, pid=server.proc.pid) as probe:
        async with websockets.connect(
            url, subprotocols=["graphql-transport-ws"], max_size=None
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init"}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            for number, case in enumerate(cases):
                with Stopwatch(server.proc.pid) as watch:
                    messages = await _subscribe_once(ws, str(number), case)
                problem = (
                    f"took {watch.own:.1f}s"
                    if watch.own > REQUEST_LIMIT
                    else _check_subscription(case, messages)
                )
                if problem:
                    failures.append(f"{case.id}: {problem}")
    print(f"{len(cases)} subscription cases; {probe.summary()}")
    assert not failures, "\n".join(failures[:60]) + f"\n({len(failures)} failures)"
    assert_never_stalled(probe)


async def _subscribe_once(
    ws: Any, op_id: str, case: GraphQLCase
) -> list[dict[str, Any]]:
    """The first answer to one subscription, which is then ended."""
    payload = {"query": case.document, "variables": case.variables}
    await ws.send(json.dumps({"id": op_id, "type": "subscribe", "payload": payload}))
    messages: list[dict[str, Any]] = []
    try:
        # Wall time only bounds a hang here; the caller checks the answer's
        # own time against REQUEST_LIMIT, which a loaded machine cannot trip.
        async with asyncio.timeout(REQUEST_LIMIT * 6):
            while True:
                message = json.loads(await ws.recv())
                if message.get("id") != op_id:
                    continue
                messages.append(message)
                if message["type"] in ("error", "complete", "next"):
                    break
    except TimeoutError:
        pass  # a valid stream with nothing to send yet
    if not messages or messages[-1]["type"] == "next":
        await ws.send(json.dumps({"id": op_id, "type": "complete"}))
    return messages
