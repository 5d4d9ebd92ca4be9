"""One authenticated, resilient HTTP exchange with a registry.

Owns the `httpx.AsyncClient`, per-host guards (concurrency, retries, breaker),
the request counter, rate-limit header recording, the 401 → challenge → token
→ retry dance (with tokens cached and fetched once per scope), and turning
every HTTP or transport failure into a typed registry error. It knows nothing
about tags, manifests or caching: `RegistryClient` builds on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpx

from services.registry.auth import (
    Challenge,
    TokenCache,
    basic_header,
    parse_token_response,
    pick_challenge,
    pull_scope,
    token_request,
)
from services.registry.credentials import Credential, CredentialStore
from services.registry.errors import (
    RegistryBadResponseError,
    RegistryNotFoundError,
    RegistryRateLimitExceededError,
    RegistryUnauthorizedError,
    RegistryUnreachableError,
)
from services.registry.hosts import (
    RATE_LIMITED_REGISTRIES,
    endpoint_for,
    is_insecure,
)
from services.registry.options import RegistryOptions
from services.registry.ratelimit import RateLimitTracker
from services.registry.resilience import HostGuard, RetryableError, Sleep
from services.registry.tls import trusted_context

log = logging.getLogger(__name__)
_UNAVAILABLE = frozenset({502, 503, 504})
SHARD = 2  # connections per httpx client


def parse_retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        # HTTP-date form: registries practically never send it; wait the default.
        return None


class RegistrySession:
    def __init__(
        self,
        options: RegistryOptions,
        *,
        credentials: CredentialStore,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] | None = None,
        ratelimits: RateLimitTracker | None = None,
    ) -> None:
        self._options = options
        self._credentials = credentials
        self._sleep = sleep
        self._clock = clock
        self.ratelimits = ratelimits or RateLimitTracker()
        self.request_count: Counter[str] = Counter()
        # (host, outcome) of every attempt, retries included: what /metrics shows.
        self.outcomes: Counter[tuple[str, str]] = Counter()
        # As many kept-alive connections as requests may run at once, so a
        # burst of tag lists reuses them instead of reconnecting; spread
        # over clients of at most SHARD connections each, because httpcore
        # checks every connection of its pool (a poll() each) on each
        # request and response (measured on 500 tag lists: 1.35 s of CPU
        # with pools of 8, 1.0 s with pools of 2). The clients share one TLS
        # context: each would otherwise load its CAs again (registry/tls.py).
        keep = max(options.concurrency_per_host, *options.host_concurrency.values(), 1)
        tls = trusted_context() if transport is None else True
        self._clients = [
            httpx.AsyncClient(
                transport=transport,
                verify=tls,
                limits=httpx.Limits(
                    max_connections=None, max_keepalive_connections=SHARD
                ),
                timeout=httpx.Timeout(options.timeout, connect=options.connect_timeout),
                headers={"User-Agent": options.user_agent},
                follow_redirects=False,
                trust_env=False,
                event_hooks={"request": [self._count]},
            )
            for _ in range(-(-keep // SHARD))
        ]
        self._in_flight = [0] * len(self._clients)
        self._guards: dict[str, HostGuard] = {}
        self._tokens = TokenCache(clock) if clock else TokenCache()
        self._token_locks: dict[tuple[str, ...], asyncio.Lock] = {}
        # What each registry asked for last time, so later calls authenticate up front.
        self._challenges: dict[str, Challenge] = {}

    async def _count(self, request: httpx.Request) -> None:
        # A hook sees every request sent, redirects and retries included.
        self.request_count[request.url.netloc.decode()] += 1

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()

    @contextlib.contextmanager
    def _client(self) -> Iterator[httpx.AsyncClient]:
        """The least busy client, counted busy until the block ends."""
        index = min(range(len(self._clients)), key=self._in_flight.__getitem__)
        self._in_flight[index] += 1
        try:
            yield self._clients[index]
        finally:
            self._in_flight[index] -= 1

    def guard(self, host: str, registry: str | None = None) -> HostGuard:
        guard = self._guards.get(host)
        if guard is None:
            kwargs = {"clock": self._clock} if self._clock else {}
            guard = HostGuard(
                host,
                concurrency=self._options.concurrency_for(host, registry),
                retry=self._options.retry,
                breaker=self._options.breaker,
                sleep=self._sleep,
                **kwargs,
            )
            self._guards[host] = guard
        return guard

    def clear_tokens(self) -> None:
        self._tokens.clear()

    async def request(
        self,
        registry: str,
        repository: str,
        method: str,
        url: str,
        *,
        accept: str | None = None,
        follow_redirects: bool = False,
    ) -> httpx.Response:
        """Send an authenticated request for `repository`; map failures to errors.

        `url` is absolute or a path under the registry's API base URL.
        """
        endpoint = endpoint_for(registry, self._options.insecure_hosts)
        if url.startswith("/"):
            url = endpoint.base_url + url
        headers = {"Accept": accept} if accept else {}
        auth = await self._preauthorize(registry, repository)
        if auth:
            headers["Authorization"] = auth
        response = await self._send(registry, method, url, headers, follow_redirects)
        if response.status_code == 401:
            challenge = pick_challenge(response.headers.get_list("www-authenticate"))
            if challenge is None:
                raise RegistryUnauthorizedError(
                    registry, "refused access and offered no way to log in"
                )
            self._challenges[registry] = challenge
            headers["Authorization"] = await self._authorize(
                registry, repository, challenge, refresh=bool(auth)
            )
            response = await self._send(
                registry, method, url, headers, follow_redirects
            )
        return self._check(registry, repository, response)

    def _check(
        self, registry: str, repository: str, response: httpx.Response
    ) -> httpx.Response:
        status = response.status_code
        if status < 400:
            return response
        if status in (401, 403):
            raise RegistryUnauthorizedError(
                registry,
                f"access to {repository} was denied (HTTP {status}); "
                "check the credentials in your Docker config",
            )
        if status == 404:
            raise RegistryNotFoundError(
                registry, f"{repository}: {_what(response)} not found"
            )
        raise RegistryBadResponseError(registry, f"unexpected HTTP {status}")

    async def _send(
        self,
        registry: str,
        method: str,
        url: str,
        headers: dict[str, str],
        follow_redirects: bool,
        data: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        host = urlsplit(url).netloc

        async def attempt() -> httpx.Response:
            try:
                async with asyncio.timeout(self._options.timeout):
                    with self._client() as client:
                        request = client.build_request(
                            method, url, headers=headers, data=data, params=params
                        )
                        response = await client.send(
                            request, stream=True, follow_redirects=follow_redirects
                        )
                        try:
                            response = await self._read_capped(registry, response)
                        finally:
                            await response.aclose()
            except (TimeoutError, httpx.TimeoutException):
                self.outcomes[host, "timeout"] += 1
                raise RetryableError(
                    RegistryUnreachableError(
                        registry, f"{host} timed out after {self._options.timeout:g}s"
                    )
                ) from None
            except httpx.TransportError as exc:
                self.outcomes[host, "unreachable"] += 1
                raise RetryableError(
                    RegistryUnreachableError(
                        registry, f"cannot reach {host} ({type(exc).__name__})"
                    )
                ) from None
            except httpx.RequestError as exc:
                self.outcomes[host, "bad_response"] += 1
                # Redirect loops, undecodable bodies: another try will not help.
                raise RegistryBadResponseError(
                    registry, f"{host} sent an unusable response ({type(exc).__name__})"
                ) from None
            if registry in RATE_LIMITED_REGISTRIES:
                self.ratelimits.record(registry, response.headers)
            self.outcomes[host, _outcome(response.status_code)] += 1
            return _classify(registry, host, response)

        return await self.guard(host, registry).call(attempt)

    async def _read_capped(
        self, registry: str, response: httpx.Response
    ) -> httpx.Response:
        """`response` with its body read, refused past `max_response_bytes`
        (decoded): a registry must not be able to fill this process's memory
        with one answer, announced or not."""
        cap = self._options.max_response_bytes
        headers = response.headers
        declared = headers.get("content-length", "")
        # A HEAD's length is the size of what a GET would send, never sent.
        if not request_reads_body(response):
            await response.aread()
            return response
        if declared.isdigit() and int(declared) > cap:
            raise self._too_big(registry, response, cap)
        if (
            declared.isdigit()
            and "transfer-encoding" not in headers
            and "content-encoding" not in headers
        ):
            # Framed by its Content-Length alone, the connection delivers at
            # most that many bytes, and undecoded they are what is held: read
            # as httpx reads any answer. A chunked answer's length is a
            # claim, and a compressed one can inflate past the cap: those
            # are counted as they arrive (below). Nearly every registry
            # answer is the first kind, and reading it in pieces into a
            # second response cost ~0.2 ms of CPU per answer.
            await response.aread()
            return response
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise self._too_big(registry, response, cap)
            chunks.append(chunk)
        # The body is decoded already: the copy must not decode it again.
        kept = [
            (k, v)
            for k, v in headers.multi_items()
            if k.lower() not in ("content-encoding", "content-length")
        ]
        return httpx.Response(
            response.status_code,
            headers=kept,
            content=b"".join(chunks),
            request=response.request,
            extensions=response.extensions,
        )

    def _too_big(
        self, registry: str, response: httpx.Response, cap: int
    ) -> RegistryBadResponseError:
        host = response.request.url.netloc.decode()
        self.outcomes[host, "bad_response"] += 1
        return RegistryBadResponseError(
            registry,
            f"{host} sent an answer of more than {_size(cap)} to "
            f"{response.request.url.path}; refusing to read it",
        )

    async def _preauthorize(self, registry: str, repository: str) -> str | None:
        challenge = self._challenges.get(registry)
        if challenge is None:
            return None
        return await self._authorize(registry, repository, challenge, refresh=False)

    async def _authorize(
        self, registry: str, repository: str, challenge: Challenge, *, refresh: bool
    ) -> str:
        credential = await self._credentials.lookup(registry)
        if not challenge.is_bearer:
            if credential is None or credential.is_identity_token:
                raise RegistryUnauthorizedError(
                    registry, "requires a login; add it to your Docker config"
                )
            return basic_header(credential)
        scope = pull_scope(repository)
        identity = credential.identity if credential else "anonymous"
        key = TokenCache.key(challenge, scope, identity)
        lock = self._token_locks.setdefault(key, asyncio.Lock())
        async with lock:
            if refresh:
                # The token we sent was refused (expired or too narrow): get a new one.
                self._tokens.discard(key)
            token = self._tokens.get(key)
            if token:
                return f"Bearer {token}"
            token, lifetime = await self._fetch_token(
                registry, challenge, scope, credential
            )
            self._tokens.put(key, token, lifetime)
            return f"Bearer {token}"

    async def _fetch_token(
        self,
        registry: str,
        challenge: Challenge,
        scope: str,
        credential: Credential | None,
    ) -> tuple[str, float]:
        req = token_request(challenge, scope, credential)
        parts = urlsplit(req.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RegistryBadResponseError(registry, "announced an invalid token realm")
        if parts.scheme == "http" and not is_insecure(
            parts.netloc, self._options.insecure_hosts
        ):
            raise RegistryBadResponseError(
                registry,
                f"token service {parts.netloc} is plain HTTP; refusing to use it",
            )
        response = await self._send(
            registry,
            req.method,
            req.url,
            dict(req.headers),
            False,
            data=req.form,
            params=req.params,
        )
        if response.status_code in (401, 403):
            who = (
                "the configured credentials were"
                if credential
                else "anonymous access was"
            )
            raise RegistryUnauthorizedError(
                registry, f"token service {parts.netloc} refused: {who} rejected"
            )
        if response.status_code >= 400:
            raise RegistryBadResponseError(
                registry,
                f"token service {parts.netloc} answered HTTP {response.status_code}",
            )
        try:
            parsed = parse_token_response(response.json())
        except (ValueError, RecursionError):
            parsed = None
        if parsed is None:
            raise RegistryBadResponseError(
                registry, f"token service {parts.netloc} sent no usable token"
            )
        return parsed


def _outcome(status: int) -> str:
    if status == 429:
        return "rate_limited"
    if status >= 500:
        return "server_error"
    if status >= 400:
        # 401 is the normal first step of a token dance, and 404 an answer.
        return "client_error"
    return "success"


def request_reads_body(response: httpx.Response) -> bool:
    return response.request.method != "HEAD"


def _size(count: int) -> str:
    if count % (1 << 20) == 0:
        return f"{count >> 20} MiB"
    return f"{count} bytes"


def _what(response: httpx.Response) -> str:
    path = response.request.url.path
    if "/manifests/" in path:
        return f"manifest {path.rsplit('/', 1)[-1]}"
    if "/blobs/" in path:
        return "blob"
    return "repository"


def _classify(registry: str, host: str, response: httpx.Response) -> httpx.Response:
    status = response.status_code
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        raise RetryableError(
            RegistryRateLimitExceededError(
                registry,
                f"{host} is rate limiting requests"
                + (
                    f" (retry after {retry_after:g}s)"
                    if retry_after is not None
                    else ""
                ),
                retry_after=retry_after,
            ),
            retry_after,
        )
    if status in _UNAVAILABLE:
        raise RetryableError(
            RegistryUnreachableError(registry, f"{host} is unavailable (HTTP {status})")
        )
    if status >= 500:
        raise RetryableError(
            RegistryBadResponseError(registry, f"{host} failed with HTTP {status}")
        )
    return response
