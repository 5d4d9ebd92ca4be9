"""Direct HTTP access to a lab registry (distribution API v2), for test setup.

Tests use it to read digests the way a client sees them, to move or delete
tags, and to upload content the engine cannot produce offline, such as an OCI
image index with linux/amd64 and linux/arm64 entries under one tag.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import tarfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.lab.procs import LabError

DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
ALL_MANIFESTS = ", ".join((OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST))


def sha256_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Manifest:
    body: bytes
    media_type: str
    digest: str

    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.body)
        return data


@dataclass(frozen=True, slots=True)
class PushedIndex:
    """An OCI index pushed under one tag, with one digest per platform."""

    ref: str
    digest: str
    platforms: dict[str, str] = field(default_factory=dict)  # "linux/amd64" -> digest


class RegistryApi:
    """Blocking httpx client bound to one registry, safe to share between
    threads (bench/world.py builds repositories from a thread pool).

    Each thread gets its own httpx client: httpcore's sync connection pool
    can close a keep-alive connection that another thread has just been
    handed (encode/httpcore#1110), which surfaced as `[Errno 9] Bad file
    descriptor` while building 2,000 containers.
    """

    def __init__(
        self,
        url: str,
        *,
        basic: tuple[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        storage_dir: Path | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.host = self.url.split("://", 1)[1]
        self.storage_dir = storage_dir
        self._basic = basic
        self._headers = dict(headers or {})
        self._local = threading.local()
        self._clients: list[httpx.Client] = []
        self._lock = threading.Lock()

    @property
    def client(self) -> httpx.Client:
        """The calling thread's client (made at its first request)."""
        client: httpx.Client | None = getattr(self._local, "client", None)
        if client is None:
            client = httpx.Client(
                base_url=self.url, auth=self._basic, headers=self._headers, timeout=30
            )
            self._local.client = client
            with self._lock:
                self._clients.append(client)
        return client

    def close(self) -> None:
        """Close every thread's client."""
        with self._lock:
            clients, self._clients = self._clients, []
        for client in clients:
            client.close()
        self._local = threading.local()

    def _check(self, resp: httpx.Response, what: str) -> httpx.Response:
        if resp.is_error:
            raise LabError(f"{what}: HTTP {resp.status_code} {resp.text[:300]}")
        return resp

    def ping(self) -> int:
        """Status of ``GET /v2/``: 200 when let in, 401 when auth is wanted."""
        return self.client.get("/v2/").status_code

    def challenge(self) -> str:
        """The ``WWW-Authenticate`` header of ``GET /v2/`` ("" when open)."""
        value: str = self.client.get("/v2/").headers.get("WWW-Authenticate", "")
        return value

    def manifest_digest(
        self, repo: str, ref: str, *, accept: str = ALL_MANIFESTS
    ) -> str | None:
        """``Docker-Content-Digest`` of a HEAD request; None when unknown."""
        resp = self.client.head(
            f"/v2/{repo}/manifests/{ref}", headers={"Accept": accept}
        )
        if resp.status_code == 404:
            return None
        self._check(resp, f"HEAD {repo}:{ref}")
        digest: str | None = resp.headers.get("Docker-Content-Digest")
        return digest

    def get_manifest(
        self, repo: str, ref: str, *, accept: str = ALL_MANIFESTS
    ) -> Manifest:
        resp = self._check(
            self.client.get(f"/v2/{repo}/manifests/{ref}", headers={"Accept": accept}),
            f"GET manifest {repo}:{ref}",
        )
        return Manifest(
            body=resp.content,
            media_type=resp.headers.get("Content-Type", ""),
            digest=resp.headers.get("Docker-Content-Digest")
            or sha256_digest(resp.content),
        )

    def put_manifest(self, repo: str, ref: str, body: bytes, media_type: str) -> str:
        resp = self._check(
            self.client.put(
                f"/v2/{repo}/manifests/{ref}",
                content=body,
                headers={"Content-Type": media_type},
            ),
            f"PUT manifest {repo}:{ref}",
        )
        return resp.headers.get("Docker-Content-Digest") or sha256_digest(body)

    def delete_manifest(self, repo: str, digest: str) -> None:
        """Delete a manifest by digest (removes every tag pointing at it)."""
        self._check(
            self.client.delete(f"/v2/{repo}/manifests/{digest}"),
            f"DELETE {repo}@{digest}",
        )

    def tags(self, repo: str) -> list[str]:
        resp = self.client.get(f"/v2/{repo}/tags/list", params={"n": 10000})
        if resp.status_code == 404:
            return []
        tags: list[str] | None = self._check(resp, f"tags of {repo}").json().get("tags")
        return sorted(tags or [])

    def catalog(self) -> list[str]:
        resp = self._check(
            self.client.get("/v2/_catalog", params={"n": 10000}), "catalog"
        )
        repos: list[str] = resp.json().get("repositories") or []
        return repos

    def move_tag(self, repo: str, tag: str, to_ref: str) -> str:
        """Point ``tag`` at the manifest ``to_ref`` (tag or digest) names.

        Returns the new digest; this is how a moved ``latest`` is staged.
        """
        manifest = self.get_manifest(repo, to_ref)
        return self.put_manifest(repo, tag, manifest.body, manifest.media_type)

    def delete_tag(self, repo: str, tag: str) -> None:
        """Remove one tag and keep the manifest and its other tags.

        The v2 API only deletes manifests (and with them every tag on that
        digest), so the tag link is removed from the filesystem storage.
        """
        if self.storage_dir is None:
            raise LabError("delete_tag needs the registry's storage dir")
        tag_dir = (
            self.storage_dir
            / "docker/registry/v2/repositories"
            / repo
            / "_manifests/tags"
            / tag
        )
        if not tag_dir.is_dir():
            raise LabError(f"{repo}:{tag} does not exist")
        shutil.rmtree(tag_dir)

    def push_blob(self, repo: str, data: bytes) -> str:
        digest = sha256_digest(data)
        if self.client.head(f"/v2/{repo}/blobs/{digest}").status_code == 200:
            return digest
        start = self._check(
            self.client.post(f"/v2/{repo}/blobs/uploads/"), f"start upload to {repo}"
        )
        # The upload URL carries its own state in the query; keep it intact.
        location = httpx.URL(start.headers["Location"]).copy_add_param("digest", digest)
        self._check(
            self.client.put(
                location,
                content=data,
                headers={"Content-Type": "application/octet-stream"},
            ),
            f"upload blob to {repo}",
        )
        return digest

    def push_oci_image(
        self,
        repo: str,
        tag: str | None,
        *,
        platform: str = "linux/amd64",
        files: Mapping[str, bytes] | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> str:
        """Upload a one-layer OCI image; ``tag=None`` pushes it by digest only."""
        os_name, arch, *variant = platform.split("/")
        layer_raw = _tar(
            {"VERSION": f"{tag or ''} {platform}\n".encode(), **(files or {})}
        )
        layer = gzip.compress(layer_raw, mtime=0)
        config: dict[str, Any] = {
            "architecture": arch,
            "os": os_name,
            "config": {"Labels": dict(labels or {}), "Cmd": ["/bin/sh"]},
            "rootfs": {"type": "layers", "diff_ids": [sha256_digest(layer_raw)]},
        }
        if variant:
            config["variant"] = variant[0]
        config_bytes = _canonical(config)
        manifest = {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {
                "mediaType": OCI_CONFIG,
                "digest": self.push_blob(repo, config_bytes),
                "size": len(config_bytes),
            },
            "layers": [
                {
                    "mediaType": OCI_LAYER,
                    "digest": self.push_blob(repo, layer),
                    "size": len(layer),
                }
            ],
        }
        body = _canonical(manifest)
        return self.put_manifest(repo, tag or sha256_digest(body), body, OCI_MANIFEST)

    def push_index(
        self,
        repo: str,
        tag: str,
        *,
        platforms: Sequence[str] = ("linux/amd64", "linux/arm64"),
        labels: Mapping[str, str] | None = None,
    ) -> PushedIndex:
        """Push one image per platform and an OCI index naming them under ``tag``."""
        entries: list[dict[str, Any]] = []
        digests: dict[str, str] = {}
        for platform in platforms:
            body_digest = self.push_oci_image(
                repo,
                None,
                platform=platform,
                labels=labels,
                files={"TAG": tag.encode()},
            )
            manifest = self.get_manifest(repo, body_digest, accept=OCI_MANIFEST)
            os_name, arch, *variant = platform.split("/")
            plat: dict[str, str] = {"architecture": arch, "os": os_name}
            if variant:
                plat["variant"] = variant[0]
            entries.append(
                {
                    "mediaType": OCI_MANIFEST,
                    "digest": manifest.digest,
                    "size": len(manifest.body),
                    "platform": plat,
                }
            )
            digests[platform] = manifest.digest
        index = _canonical(
            {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries}
        )
        digest = self.put_manifest(repo, tag, index, OCI_INDEX)
        return PushedIndex(
            ref=f"{self.host}/{repo}:{tag}", digest=digest, platforms=digests
        )


def _canonical(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


def _tar(files: Mapping[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in sorted(files.items()):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()
