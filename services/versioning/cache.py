"""Memoised tag parsing, shared by every check in the process.

Owns the one parse cache: a check of hundreds of containers that share
repositories parses each distinct tag once. The cache is bounded (an LRU)
so a registry with an unusual number of tags cannot grow it without limit.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from services.versioning.model import ParsedTag
from services.versioning.tags import parse_tag_uncached

# Large enough for every tag of a few hundred repositories at once.
PARSE_CACHE_SIZE = 262_144


class CacheStats(NamedTuple):
    hits: int
    misses: int
    size: int


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def parse_tag(tag: str) -> ParsedTag:
    """Classify `tag`; results are cached (ParsedTag is immutable)."""
    return parse_tag_uncached(tag)


def parse_cache_stats() -> CacheStats:
    info = parse_tag.cache_info()
    return CacheStats(info.hits, info.misses, info.currsize)


def clear_parse_cache() -> None:
    parse_tag.cache_clear()
