"""Talking to container registries (Docker Hub, GHCR, any v2/OCI registry).

The only package that imports httpx. Callers use `RegistryClient` (built once
per app, closed with `aclose()`), `parse_reference` for user input, and catch
`services.errors.RegistryError` (or the typed subclasses in `errors`).
"""

from services.holdback import held_back

# httpx's command line (rich, pygments) is never used here.
with held_back("pygments"):
    import httpx  # noqa: F401

from services.registry.cache import CachedEntry, MemoryCacheStore, RegistryCacheStore
from services.registry.client import ManifestDigests, RegistryClient
from services.registry.credentials import DockerConfigSummary
from services.registry.manifests import Platform
from services.registry.options import RegistryOptions
from services.registry.references import ImageReference, parse_reference

__all__ = [
    "CachedEntry",
    "DockerConfigSummary",
    "ImageReference",
    "ManifestDigests",
    "MemoryCacheStore",
    "Platform",
    "RegistryCacheStore",
    "RegistryClient",
    "RegistryOptions",
    "parse_reference",
]
