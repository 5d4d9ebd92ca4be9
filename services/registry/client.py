"""`RegistryClient`: tags, digests and labels from any v2/OCI registry.

Owns the distribution-API operations Docksmith needs — paginated tag lists,
manifest digests (index and per-platform), tag→digest maps and config labels —
on top of `RegistrySession` (auth, resilience, errors) and `RegistryCache`
(TTL, persistence, coalescing). It is built once per app and reached through
the `AppContext`; `aclose()` releases its connections.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urljoin, urlsplit

import httpx

from services.frozen import frozen
from services.registry.cache import (
    JSON,
    RegistryCache,
    RegistryCacheStore,
    utc_now,
)
from services.registry.credentials import CredentialStore, DockerConfigSummary
from services.registry.errors import (
    RegistryBadResponseError,
    RegistryNotFoundError,
    RegistryTagLimitError,
)
from services.registry.hosts import endpoint_for
from services.registry.manifests import (
    ACCEPT,
    Platform,
    choose_platform,
    config_created,
    config_digest,
    config_labels,
    index_entries,
    is_index,
    media_type_of,
)
from services.registry.options import RegistryOptions
from services.registry.references import ImageReference, is_digest, parse_reference
from services.registry.resilience import Sleep
from services.registry.session import RegistrySession

if TYPE_CHECKING:
    from services.config import Settings

ImageLike = ImageReference | str
# A repository's tags are cached as one string, a tag a line: as a list of
# str, each tag cost ~50 bytes of object on top of its text, for every
# repository, for as long as answers are cached (10,000 objects after a check
# of 500 repositories of 20 tags). Cached under their own key prefix, so a
# list cached by an earlier version is never read as lines, nor the reverse.
_TAG_SEPARATOR = "\n"


@frozen
class ManifestDigests:
    """`digest` is what the tag points at (an index for multi-arch images);
    `platform_digest` is the manifest for the requested platform."""

    digest: str
    media_type: str | None
    platform_digest: str | None = None


def _ref(image: ImageLike) -> ImageReference:
    return image if isinstance(image, ImageReference) else parse_reference(image)


class RegistryClient:
    def __init__(
        self,
        options: RegistryOptions | None = None,
        *,
        store: RegistryCacheStore | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
        credentials: CredentialStore | None = None,
    ) -> None:
        self.options = options or RegistryOptions()
        self.credentials = credentials or CredentialStore(
            self.options.docker_config,
            github_token=self.options.github_token,
            helper_timeout=self.options.credential_helper_timeout,
        )
        self._session = RegistrySession(
            self.options,
            credentials=self.credentials,
            transport=transport,
            sleep=sleep,
            clock=clock,
        )
        self._cache = RegistryCache(self.options.cache_ttl, store, now)

    @classmethod
    def from_settings(
        cls, settings: Settings, *, store: RegistryCacheStore | None = None
    ) -> RegistryClient:
        return cls(RegistryOptions.from_settings(settings), store=store)

    async def __aenter__(self) -> RegistryClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._session.aclose()

    @property
    def request_count(self) -> dict[str, int]:
        """HTTP requests sent so far, per host (token services included)."""
        return dict(self._session.request_count)

    @property
    def request_outcomes(self) -> dict[tuple[str, str], int]:
        """HTTP request attempts so far, per (host, outcome)."""
        return dict(self._session.outcomes)

    def ratelimit_status(self) -> dict[str, dict[str, object]]:
        """Docker Hub's remaining pull budget, as last reported by its headers."""
        return self._session.ratelimits.status()

    def describe_docker_config(self) -> DockerConfigSummary:
        return self.credentials.describe()

    async def clear_cache(self) -> None:
        """Forget cached answers and tokens (memory and the persistent store)."""
        await self._cache.clear()
        self._session.clear_tokens()

    def concurrency_for(self, image: ImageLike) -> int:
        """How many requests may be in flight at once to the host serving
        `image`'s repository (REGISTRY_CONCURRENCY and its per-host
        overrides), so callers with many repositories queue no more than
        that many at a time."""
        registry = _ref(image).registry
        host = urlsplit(
            endpoint_for(registry, self.options.insecure_hosts).base_url
        ).netloc
        return self.options.concurrency_for(host, registry)

    async def list_tags(self, image: ImageLike) -> list[str]:
        """Every tag of the repository, following pagination to the end.

        Raises `RegistryTagLimitError` when the list is longer than the
        configured caps (the refusal is cached like an answer: asking again
        within the TTL would read the same pages to the same end).
        """
        ref = _ref(image)
        value = await self._cache.get_or_fetch(
            f"tag-lines:{ref.name}", lambda: self._fetch_tags(ref)
        )
        if isinstance(value, dict):
            raise RegistryTagLimitError(ref.registry, str(value.get("too_many")))
        if isinstance(value, str):
            return value.split(_TAG_SEPARATOR) if value else []
        return [str(t) for t in cast(list[Any], value)]

    async def _fetch_tags(self, ref: ImageReference) -> JSON:
        url: str | None = f"/v2/{ref.repository}/tags/list?n={self.options.page_size}"
        seen: set[str] = set()
        tags: list[str] = []
        pages = 0
        limit = self.options.max_tags
        while url:
            if pages >= self.options.max_pages:
                return _too_many(
                    ref, f"more than {pages} pages of tags", "REGISTRY_MAX_TAG_PAGES"
                )
            pages += 1
            response = await self._session.request(
                ref.registry, ref.repository, "GET", url
            )
            body = await _json_off_loop(ref, response)
            page = body.get("tags") or []
            if not isinstance(page, list):
                raise RegistryBadResponseError(
                    ref.registry, "sent a tag list that is not a list"
                )
            for tag in page:
                if isinstance(tag, str) and tag not in seen:
                    seen.add(tag)
                    tags.append(tag)
            if len(tags) > limit:
                return _too_many(ref, f"more than {limit} tags", "REGISTRY_MAX_TAGS")
            url = _next_page(ref, response)
        if tags == [""] or any(_TAG_SEPARATOR in t for t in tags):
            # Not valid tags, kept as sent: as lines they would read back
            # as other tags (or none).
            return cast(JSON, tags)
        return _TAG_SEPARATOR.join(tags)

    async def get_digest(
        self, image: ImageLike, platform: Platform | None = None
    ) -> str:
        """The digest a tag points at; with `platform`, that platform's manifest."""
        digests = await self.get_manifest_digests(image, platform)
        if platform is None:
            return digests.digest
        return digests.platform_digest or digests.digest

    async def get_manifest_digests(
        self, image: ImageLike, platform: Platform | None = None
    ) -> ManifestDigests:
        ref = _ref(image)
        key = f"digest:{ref.name}@{ref.manifest_reference}"
        value = await self._cache.get_or_fetch(key, lambda: self._head_digest(ref))
        head = cast(dict[str, Any], value)
        digest, media_type = str(head["digest"]), head.get("media_type")
        if platform is None or not is_index(media_type):
            return ManifestDigests(digest, media_type, digest if platform else None)
        pkey = f"platform-digest:{ref.name}@{digest}:{platform.normalised()}"
        chosen = await self._cache.get_or_fetch(
            pkey, lambda: self._platform_digest(ref, digest, platform)
        )
        return ManifestDigests(digest, media_type, str(chosen))

    async def _head_digest(self, ref: ImageReference) -> JSON:
        path = f"/v2/{ref.repository}/manifests/{ref.manifest_reference}"
        response = await self._session.request(
            ref.registry, ref.repository, "HEAD", path, accept=ACCEPT
        )
        digest = response.headers.get("docker-content-digest")
        media_type = response.headers.get("content-type", "").split(";")[0] or None
        if not digest or not is_digest(digest):
            # Some registries omit the header on HEAD; the body's hash is the digest.
            response = await self._session.request(
                ref.registry, ref.repository, "GET", path, accept=ACCEPT
            )
            digest = "sha256:" + hashlib.sha256(response.content).hexdigest()
            media_type = media_type_of(_json(ref, response), media_type)
        return {"digest": digest, "media_type": media_type}

    async def _platform_digest(
        self, ref: ImageReference, digest: str, platform: Platform
    ) -> JSON:
        index = await self._get_manifest(ref, digest)
        chosen = choose_platform(index, platform)
        if chosen is None:
            raise RegistryNotFoundError(
                ref.registry, f"{ref.familiar()} has no image for {platform}"
            )
        return chosen

    async def get_tag_digests(
        self, image: ImageLike, tags: Iterable[str]
    ) -> dict[str, str]:
        """Digest of each tag that exists (missing tags are left out)."""
        ref = _ref(image).repository_only()
        wanted = list(dict.fromkeys(tags))
        answers = await asyncio.gather(
            *(self.get_digest(ref.with_tag(tag)) for tag in wanted),
            return_exceptions=True,
        )
        results: dict[str, str] = {}
        for tag, answer in zip(wanted, answers, strict=True):
            if isinstance(answer, str):
                results[tag] = answer
            elif not isinstance(answer, RegistryNotFoundError):
                # One typed error, not an exception group, reaches the caller.
                raise answer
        return results

    async def get_image_labels(
        self, image: ImageLike, platform: Platform | None = None
    ) -> dict[str, str]:
        """The image config's labels (for the given or the engine's platform)."""
        ref = _ref(image)
        plat = platform or self.options.platform
        manifest_digest = await self._image_manifest_digest(ref, plat)
        # Keyed by digest: what a digest names never changes.
        key = f"labels:{ref.name}@{manifest_digest}"
        value = await self._cache.get_or_fetch(
            key, lambda: self._fetch_labels(ref, manifest_digest)
        )
        return {str(k): str(v) for k, v in cast(dict[str, Any], value).items()}

    async def get_image_created(
        self, image: ImageLike, platform: Platform | None = None
    ) -> datetime | None:
        """When the image was built, from its config's `created` (None when
        the registry's config leaves it out or it is unreadable)."""
        ref = _ref(image)
        plat = platform or self.options.platform
        manifest_digest = await self._image_manifest_digest(ref, plat)
        key = f"created:{ref.name}@{manifest_digest}"
        value = await self._cache.get_or_fetch(
            key, lambda: self._fetch_created(ref, manifest_digest)
        )
        return config_created(str(value)) if value else None

    async def _image_manifest_digest(
        self, ref: ImageReference, platform: Platform
    ) -> str:
        """The single-image manifest for `platform`, else the index's first image."""
        top = await self.get_manifest_digests(ref)
        if not is_index(top.media_type):
            return top.digest
        try:
            chosen = await self.get_manifest_digests(ref, platform)
        except RegistryNotFoundError:
            first = _first_image(await self._get_manifest(ref, top.digest))
            if first is None:
                raise RegistryBadResponseError(
                    ref.registry, f"{ref.familiar()} is an empty image index"
                ) from None
            return first
        return chosen.platform_digest or chosen.digest

    async def _fetch_labels(self, ref: ImageReference, digest: str) -> JSON:
        manifest = await self._get_manifest(ref, digest)
        blob = config_digest(manifest)
        if blob is None:
            raise RegistryBadResponseError(
                ref.registry, f"{ref.familiar()} has a manifest without a config"
            )
        response = await self._session.request(
            ref.registry,
            ref.repository,
            "GET",
            f"/v2/{ref.repository}/blobs/{blob}",
            follow_redirects=True,
        )
        return cast(JSON, config_labels(_json(ref, response)))

    async def _fetch_created(self, ref: ImageReference, digest: str) -> JSON:
        manifest = await self._get_manifest(ref, digest)
        blob = config_digest(manifest)
        if blob is None:
            raise RegistryBadResponseError(
                ref.registry, f"{ref.familiar()} has a manifest without a config"
            )
        response = await self._session.request(
            ref.registry,
            ref.repository,
            "GET",
            f"/v2/{ref.repository}/blobs/{blob}",
            follow_redirects=True,
        )
        created = _json(ref, response).get("created")
        # Kept as the text the config holds ("" when absent): JSON-cacheable.
        return created if isinstance(created, str) else ""

    async def _get_manifest(
        self, ref: ImageReference, reference: str
    ) -> dict[str, Any]:
        response = await self._session.request(
            ref.registry,
            ref.repository,
            "GET",
            f"/v2/{ref.repository}/manifests/{reference}",
            accept=ACCEPT,
        )
        return _json(ref, response)


def _too_many(ref: ImageReference, what: str, setting: str) -> JSON:
    return {
        "too_many": f"{ref.familiar()} lists {what}; Docksmith stopped reading "
        f"rather than decide on part of the list (raise {setting}, or set "
        "docksmith.ignore=true on its containers)"
    }


# A page this large takes long enough to decode to stall every other request.
_OFF_LOOP_BYTES = 256 * 1024


async def _json_off_loop(
    ref: ImageReference, response: httpx.Response
) -> dict[str, Any]:
    if len(response.content) < _OFF_LOOP_BYTES:
        return _json(ref, response)
    return await asyncio.to_thread(_json, ref, response)


def _json(ref: ImageReference, response: httpx.Response) -> dict[str, Any]:
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        # RecursionError: nesting deeper than the decoder's stack.
        body = None
    if not isinstance(body, dict):
        raise RegistryBadResponseError(
            ref.registry, f"answered {response.request.url.path} with invalid JSON"
        )
    return body


def _next_page(ref: ImageReference, response: httpx.Response) -> str | None:
    link = response.links.get("next", {}).get("url")
    if not link:
        return None
    current = str(response.request.url)
    target = urljoin(current, link)
    # Never follow a page link to another host: it would receive our token.
    if urlsplit(target).netloc != urlsplit(current).netloc:
        raise RegistryBadResponseError(
            ref.registry, "sent a pagination link to a different host"
        )
    return target


def _first_image(index: dict[str, Any]) -> str | None:
    for plat, digest in index_entries(index):
        # BuildKit attestations are listed as platform unknown/unknown.
        if plat.get("os") != "unknown":
            return digest
    return None
