"""REST routes as plain Starlette endpoints, declared once in a route table.

A route is an `async def` whose parameters say what it takes, read from its
signature once, when it is first asked for (a request or the OpenAPI
document), never at import: the app's context (`AppContextDep`), the request
or a response whose headers (cookies) the answer gets, path parameters (named
in the path), query parameters (`Query`, closed sets with `Closed`), and a
JSON body (a parameter named `body`, typed as an `In` struct, optional when
it defaults to None). It returns an `Envelope` (encoded by msgspec) or a
ready Response. The same table writes the OpenAPI document (rest/openapi.py),
so what is served and what is documented cannot drift apart.

Bad input raises `RequestValidationError`, which rest/errors.py answers with
the error envelope (400), naming the field.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

import msgspec
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import Route

from resolvers.context import AppContext
from rest.auth import principal_of
from rest.envelope import Envelope, JSONResponse
from rest.wire import In
from services.inputs import member_of

Handler = Callable[..., Awaitable[Any]]


def get_app_context(conn: HTTPConnection) -> AppContext:
    """The app's context acting as the request's principal (rest/auth.py)."""
    ctx: AppContext = conn.state.ctx
    return ctx.as_principal(principal_of(conn))


class _Context:
    """Marks the parameter that gets the request's `AppContext`."""


AppContextDep = Annotated[AppContext, _Context()]


@dataclass(frozen=True)
class Query:
    """A query parameter's documentation and limits."""

    description: str | None = None
    # The name on the wire, when the handler's differs
    alias: str | None = None
    max_length: int | None = None
    # The document's schema for it, when the parser takes more than the type says
    schema: dict[str, Any] | None = None


@dataclass(frozen=True)
class Closed:
    """A closed set, refused in the services' words (services.inputs.member_of)."""

    choices: type[StrEnum]


class RequestValidationError(Exception):
    """Bad input: errors as `{"type", "loc", "msg"}`, the first named field first."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self._errors = errors

    def errors(self) -> list[dict[str, Any]]:
        return self._errors


def _invalid(loc: tuple[str | int, ...], kind: str, msg: str) -> RequestValidationError:
    return RequestValidationError([{"type": kind, "loc": loc, "msg": msg}])


# --- query parameters ------------------------------------------------------

_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})
# ASCII digits only: int() also reads an Arabic-Indic or fullwidth five as 5,
# which no client means.
_INTEGER = re.compile(r"[+-]?[0-9]+")
# A timestamp this large counts milliseconds, as it always has here.
_MS_FROM = 2e10


def _parse_bool(raw: str) -> bool:
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError("Input should be a valid boolean, unable to interpret input")


def _parse_int(raw: str) -> int:
    if not _INTEGER.fullmatch(raw.strip()):
        raise ValueError(
            "Input should be a valid integer, unable to parse string as an integer"
        )
    return int(raw)


def _parse_datetime(raw: str) -> datetime:
    try:
        if not raw.isascii():
            raise ValueError(raw)  # float() reads other scripts' digits too
        seconds = float(raw)
    except ValueError:
        try:
            return msgspec.convert(raw.strip(), datetime)
        except msgspec.ValidationError:
            raise ValueError(
                "Input should be a valid datetime: RFC 3339 or Unix seconds"
            ) from None
    if seconds != seconds or abs(seconds) == float("inf"):
        raise ValueError("Input should be a finite number of seconds")
    if abs(seconds) > _MS_FROM:
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError("Input should be a valid datetime: out of range") from None


_PARSERS: dict[type, Callable[[str], Any]] = {
    str: str,
    bool: _parse_bool,
    int: _parse_int,
    datetime: _parse_datetime,
}


@dataclass(frozen=True)
class QueryParam:
    name: str
    annotation: Any  # as documented (Optional included)
    base: type
    default: Any
    required: bool
    query: Query
    closed: type[StrEnum] | None

    @property
    def key(self) -> str:
        """Its name on the wire."""
        return self.query.alias or self.name

    def parse(self, raw: str | None) -> Any:
        if raw is None:
            if self.required:
                raise _invalid(("query", self.key), "missing", "Field required")
            return self.default
        if self.closed is not None:
            return member_of(self.key, self.closed, raw)
        limit = self.query.max_length
        if limit is not None and len(raw) > limit:
            raise _invalid(
                ("query", self.key),
                "string_too_long",
                f"String should have at most {limit} characters",
            )
        try:
            return _PARSERS[self.base](raw)
        except ValueError as exc:
            raise _invalid(("query", self.key), "invalid", str(exc)) from None


# --- bodies ------------------------------------------------------------------


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def is_json(content_type: str) -> bool:
    media = _media_type(content_type)
    return media == "application/json" or media.endswith("+json")


_AT = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>.*)`)?$", re.S)
_MISSING = re.compile(r"^Object missing required field `(?P<name>.*)`$")
_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[([^\]]*)\]")


def _location(path: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for name, index, other in _PART.findall(path):
        parts.append(name or (int(index) if index else other))
    return tuple(parts)


def _refusal(exc: msgspec.ValidationError) -> RequestValidationError:
    match = _AT.match(str(exc))
    msg = match["msg"] if match else str(exc)
    loc = ("body", *_location(match["path"] or "")) if match else ("body",)
    if missing := _MISSING.match(msg):
        return _invalid((*loc, missing["name"]), "missing", "Field required")
    return _invalid(loc, "invalid", msg)


def _prepared(kind: type[In], data: dict[str, Any]) -> dict[str, Any]:
    """`data` with the original's field names under ours and closed sets read."""
    for name, choices in kind.ALIASES.items():
        found = [n for n in choices if n in data]
        if found:
            value = data[found[0]]
            for n in found:
                del data[n]
            data[name] = value
    for name, nested in kind.NESTED.items():
        items = data.get(name)
        if isinstance(items, list):
            data[name] = [
                _prepared(nested, item) if isinstance(item, dict) else item
                for item in items
            ]
    for name, closed in kind.CLOSED.items():
        value = data.get(name)
        if value is not None:
            data[name] = member_of(name, closed, value)
    return data


async def decode_body(request: Request, kind: type[In], *, optional: bool) -> Any:
    """The request's JSON body as `kind` (None for an absent optional one)."""
    raw = await request.body()
    content_type = request.headers.get("content-type", "")
    if not raw:
        if optional:
            return None
        raise _invalid(("body",), "missing", "Field required")
    if content_type and not is_json(content_type):
        raise _invalid(("body",), "model_type", "Input should be a JSON object")
    try:
        data = msgspec.json.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError):
        # msgspec checks a string's UTF-8 only as it makes the str, and says so
        # in the codec's own error, not as malformed JSON.
        raise _invalid(("body",), "json_invalid", "JSON decode error") from None
    except RecursionError:
        # Thousands of nested arrays or objects outrun the decoder's stack.
        raise _invalid(("body",), "json_too_deep", "JSON nested too deeply") from None
    if data is None and optional:
        return None
    if not isinstance(data, dict):
        raise _invalid(("body",), "model_type", "Input should be a JSON object")
    try:
        return msgspec.convert(_prepared(kind, data), kind, strict=kind.STRICT)
    except msgspec.ValidationError as exc:
        raise _refusal(exc) from None


# --- routes ------------------------------------------------------------------


def strip_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


@dataclass
class Signature:
    """What a handler takes, read from its signature."""

    context: str | None = None
    request: str | None = None
    response: str | None = None
    path: list[QueryParam] = field(default_factory=list)
    query: list[QueryParam] = field(default_factory=list)
    body: type[In] | None = None
    body_optional: bool = False
    # Envelope's data type, for the document (None: a ready Response)
    data: Any = None


def _read_signature(
    handler: Handler, path_names: Sequence[str], documented: Any
) -> Signature:
    hints = typing.get_type_hints(handler, include_extras=True)
    sig = Signature()
    returned = documented or hints.get("return")
    if typing.get_origin(returned) is Envelope:
        sig.data = typing.get_args(returned)[0]
    for param in inspect.signature(handler).parameters.values():
        name = param.name
        hint = hints[name]
        extras: tuple[Any, ...] = ()
        if typing.get_origin(hint) is Annotated:
            extras = hint.__metadata__
            hint = hint.__origin__
        default = None if param.default is inspect.Parameter.empty else param.default
        if any(isinstance(e, _Context) for e in extras):
            sig.context = name
        elif hint is Request:
            sig.request = name
        elif hint is Response:
            sig.response = name
        elif name == "body":
            kind, optional = strip_optional(hint)
            sig.body, sig.body_optional = kind, optional
        else:
            base, _ = strip_optional(hint)
            closed = next((e.choices for e in extras if isinstance(e, Closed)), None)
            if typing.get_origin(base) is Annotated:  # a closed set's own alias
                closed = closed or next(
                    (e.choices for e in base.__metadata__ if isinstance(e, Closed)),
                    None,
                )
                base = base.__origin__
            (sig.path if name in path_names else sig.query).append(
                QueryParam(
                    name=name,
                    annotation=hint,
                    base=base,
                    default=default,
                    required=param.default is inspect.Parameter.empty,
                    query=next((e for e in extras if isinstance(e, Query)), Query()),
                    closed=closed,
                )
            )
    return sig


_PATH_NAME = re.compile(r"{([^}:]+)(?::[^}]*)?}")


@dataclass
class Endpoint:
    """One route of the table: served by Starlette, documented by rest/openapi.py."""

    method: str
    path: str
    handler: Handler
    summary: str | None = None
    tags: tuple[str, ...] = ()
    responses: dict[int | str, dict[str, Any]] = field(default_factory=dict)
    status_code: int = 200
    include_in_schema: bool = True
    # What the document says a route returning a ready Response sends
    response_model: Any = None
    # Where the app mounts the router (`/api`)
    prefix: str = ""
    # Read on first use; a copy (another app's, another prefix) reads its own.
    _signature: Signature | None = field(default=None, init=False, repr=False)

    @property
    def prefixed_path(self) -> str:
        return self.prefix + self.path

    @property
    def name(self) -> str:
        return self.handler.__name__

    @property
    def path_names(self) -> list[str]:
        return _PATH_NAME.findall(self.path)

    @property
    def signature(self) -> Signature:
        if self._signature is None:
            self._signature = _read_signature(
                self.handler, self.path_names, self.response_model
            )
        return self._signature

    async def _call(self, request: Request) -> Response:
        sig = self.signature
        kwargs: dict[str, Any] = {}
        sub_response: Response | None = None
        if sig.context:
            kwargs[sig.context] = get_app_context(request)
        if sig.request:
            kwargs[sig.request] = request
        if sig.response:
            sub_response = Response()
            del sub_response.headers["content-length"]
            kwargs[sig.response] = sub_response
        for path in sig.path:
            value = request.path_params[path.name]
            kwargs[path.name] = (
                member_of(path.name, path.closed, value) if path.closed else value
            )
        params = request.query_params
        for query in sig.query:
            given = params.getlist(query.key)
            if len(given) > 1:
                # Which one would count is a guess (Starlette gives the
                # last, Go's Query().Get the first): say so instead.
                raise _invalid(
                    ("query", query.key),
                    "repeated",
                    f"given {len(given)} times; give it once",
                )
            kwargs[query.name] = query.parse(given[0] if given else None)
        if sig.body is not None:
            kwargs["body"] = await decode_body(
                request, sig.body, optional=sig.body_optional
            )
        answer = await self.handler(**kwargs)
        if isinstance(answer, Response):
            return answer
        response = JSONResponse(answer, status_code=self.status_code)
        if sub_response is not None:
            response.headers.raw.extend(sub_response.headers.raw)
        return response

    def route(self) -> Route:
        route = Route(
            self.prefixed_path, self._call, methods=[self.method], name=self.name
        )
        # A GET route answers HEAD in Starlette; the API never did.
        if route.methods is not None:
            route.methods.discard("HEAD")
        return route


class APIRouter:
    """A module's routes, each declared by a decorator."""

    def __init__(self, *, tags: Sequence[str] = ()) -> None:
        self.tags = tuple(tags)
        self.endpoints: list[Endpoint] = []

    def _add(
        self,
        method: str,
        path: str,
        *,
        summary: str | None = None,
        responses: dict[int | str, dict[str, Any]] | None = None,
        status_code: int = 200,
        include_in_schema: bool = True,
        response_model: Any = None,
    ) -> Callable[[Handler], Handler]:
        def add(handler: Handler) -> Handler:
            self.endpoints.append(
                Endpoint(
                    method=method,
                    path=path,
                    handler=handler,
                    summary=summary,
                    tags=self.tags,
                    responses=responses or {},
                    status_code=status_code,
                    include_in_schema=include_in_schema,
                    response_model=response_model,
                )
            )
            return handler

        return add

    def get(self, path: str, **options: Any) -> Callable[[Handler], Handler]:
        return self._add("GET", path, **options)

    def post(self, path: str, **options: Any) -> Callable[[Handler], Handler]:
        return self._add("POST", path, **options)

    def put(self, path: str, **options: Any) -> Callable[[Handler], Handler]:
        return self._add("PUT", path, **options)

    def delete(self, path: str, **options: Any) -> Callable[[Handler], Handler]:
        return self._add("DELETE", path, **options)
