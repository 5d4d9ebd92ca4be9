"""Tiny real images: busybox-static plus a /VERSION file, one per tag.

Each tag gets its own rootfs tarball (the cached busybox part plus /VERSION
holding the tag, so every tag has its own digest), imported with
``docker import --change`` for CMD, labels, env and healthcheck, then pushed
to the lab registry. The default command sleeps in a loop that leaves at once
on SIGTERM, so stopping a container never waits for the kill timeout.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.lab.engine import LabEngine
from tests.lab.procs import LabError
from tests.lab.registry import LabRegistry
from tests.lab.registry_api import DOCKER_MANIFEST

BUSYBOX_CANDIDATES = ("/bin/busybox", "/usr/bin/busybox")
APPLETS = (
    "sh", "sleep", "cat", "echo", "ls", "true", "false", "env", "test",
    "wget", "touch", "rm", "mkdir", "kill", "date", "grep", "printf", "id",
)  # fmt: skip
SLEEP_LOOP = "trap 'exit 0' TERM INT; while :; do sleep 1 & wait $!; done"
DEFAULT_CMD: tuple[str, ...] = ("/bin/sh", "-c", SLEEP_LOOP)


@dataclass(frozen=True, slots=True)
class BuiltImage:
    """One built tag. ``digest`` is the registry's manifest digest once pushed."""

    ref: str
    image_id: str
    digest: str | None

    @property
    def repo_digest_ref(self) -> str:
        """``host/repo@sha256:...`` (only for pushed images)."""
        if self.digest is None:
            raise LabError(f"{self.ref} was never pushed")
        return f"{self.ref.rsplit(':', 1)[0]}@{self.digest}"


@dataclass(frozen=True, slots=True)
class Healthcheck:
    """A HEALTHCHECK instruction; ``test`` is the shell command."""

    test: str = "test -f /VERSION"
    interval: str = "1s"
    timeout: str = "1s"
    retries: int = 1
    start_period: str | None = None

    def instruction(self) -> str:
        # The engine rejects a zero start period, so it is left out by default.
        period = f"--start-period={self.start_period} " if self.start_period else ""
        return (
            f"HEALTHCHECK --interval={self.interval} --timeout={self.timeout} "
            f"--retries={self.retries} {period}CMD {self.test}"
        )


@cache
def _busybox_bytes() -> bytes:
    for candidate in BUSYBOX_CANDIDATES:
        path = Path(candidate)
        # A dynamically linked busybox would need its libc in the image.
        if path.exists() and b"/lib/ld-linux" not in path.read_bytes()[:4096]:
            return path.read_bytes()
    raise LabError("no static busybox found (install the busybox-static package)")


@cache
def _base_tar() -> bytes:
    """busybox + applet symlinks + /tmp, cached for every tag."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in ("bin", "tmp", "etc"):
            info = tarfile.TarInfo(name)
            info.type = tarfile.DIRTYPE
            info.mode = 0o1777 if name == "tmp" else 0o755
            tar.addfile(info)
        data = _busybox_bytes()
        info = tarfile.TarInfo("bin/busybox")
        info.size, info.mode = len(data), 0o755
        tar.addfile(info, io.BytesIO(data))
        for applet in APPLETS:
            link = tarfile.TarInfo(f"bin/{applet}")
            link.type, link.linkname, link.mode = tarfile.SYMTYPE, "busybox", 0o777
            tar.addfile(link)
        # Strip the two zero end-of-archive blocks so files can be appended.
    raw = buf.getvalue()
    return raw[: _payload_end(raw)]


def _payload_end(raw: bytes) -> int:
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        members = tar.getmembers()
    last = members[-1]
    size = (last.size + 511) // 512 * 512 if last.isreg() else 0
    return last.offset_data + size


def rootfs_tar(files: Mapping[str, bytes]) -> bytes:
    """The cached busybox base with ``files`` appended (paths without '/')."""
    # The base has no end-of-archive blocks, so a second archive written
    # right after it reads as one tar.
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in sorted(files.items()):
            info = tarfile.TarInfo(name.lstrip("/"))
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
    return _base_tar() + buf.getvalue()


class ImageBuilder:
    """Builds images on one engine and pushes them to one registry."""

    def __init__(self, engine: LabEngine, registry: LabRegistry | None) -> None:
        self.engine = engine
        self.registry = registry

    def ref(self, repo: str, tag: str) -> str:
        if self.registry is None:
            return f"{repo}:{tag}"
        return self.registry.ref(repo, tag)

    def build_ref(
        self,
        ref: str,
        *,
        version: str | None = None,
        labels: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
        healthcheck: Healthcheck | str | None = None,
        cmd: Sequence[str] | None = None,
        files: Mapping[str, bytes | str] | None = None,
    ) -> str:
        """Import one image under the full reference ``ref``; returns its id.

        ``version`` goes into /VERSION (default: the tag of ``ref``);
        ``healthcheck`` may be a :class:`Healthcheck` or a raw instruction.
        """
        tag = ref.rsplit(":", 1)[1] if ":" in ref.rsplit("/", 1)[-1] else "latest"
        content: dict[str, bytes] = {"VERSION": f"{version or tag}\n".encode()}
        for name, data in (files or {}).items():
            content[name] = data.encode() if isinstance(data, str) else data
        changes = [f"CMD {json.dumps(list(cmd or DEFAULT_CMD))}"]
        for key, value in (labels or {}).items():
            changes.append(f"LABEL {json.dumps(key)}={json.dumps(value)}")
        for key, value in (env or {}).items():
            changes.append(f"ENV {key}={json.dumps(value)}")
        if isinstance(healthcheck, Healthcheck):
            changes.append(healthcheck.instruction())
        elif healthcheck:
            changes.append(healthcheck)
        args: list[str] = ["import"]
        for change in changes:
            args += ["--change", change]
        out = self.engine.docker(*args, "-", ref, input=rootfs_tar(content), timeout=60)
        return out.stdout.strip()

    def build(
        self,
        repo: str,
        tag: str,
        *,
        push: bool = True,
        version: str | None = None,
        labels: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
        healthcheck: Healthcheck | str | None = None,
        cmd: Sequence[str] | None = None,
        files: Mapping[str, bytes | str] | None = None,
    ) -> BuiltImage:
        """Build ``<registry>/<repo>:<tag>`` and push it unless ``push=False``."""
        ref = self.ref(repo, tag)
        image_id = self.build_ref(
            ref,
            version=version,
            labels=labels,
            env=env,
            healthcheck=healthcheck,
            cmd=cmd,
            files=files,
        )
        digest = None
        if push:
            self.engine.docker("push", "--quiet", ref, timeout=120)
            digest = self._digest(repo, tag)
        return BuiltImage(ref=ref, image_id=image_id, digest=digest)

    def build_many(
        self,
        repo: str,
        tags: Iterable[str],
        *,
        push: bool = True,
        labels: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
        healthcheck: Healthcheck | str | None = None,
        cmd: Sequence[str] | None = None,
    ) -> dict[str, BuiltImage]:
        """Build every tag, then push the whole repo in one ``push --all-tags``.

        Note that ``--all-tags`` also pushes other local tags of ``repo``.
        """
        ids = {
            tag: self.build_ref(
                self.ref(repo, tag),
                labels=labels,
                env=env,
                healthcheck=healthcheck,
                cmd=cmd,
            )
            for tag in tags
        }
        if push and ids:
            self.engine.docker(
                "push", "--quiet", "--all-tags", self.ref(repo, "x").rsplit(":", 1)[0],
                timeout=300,
            )  # fmt: skip
        return {
            tag: BuiltImage(
                ref=self.ref(repo, tag),
                image_id=image_id,
                digest=self._digest(repo, tag) if push else None,
            )
            for tag, image_id in ids.items()
        }

    def push(self, ref: str) -> None:
        self.engine.docker("push", "--quiet", ref, timeout=120)

    def remove_local(self, *refs: str) -> None:
        """Untag images in the engine (the registry keeps its copies)."""
        if refs:
            self.engine.docker("rmi", "--force", *refs, timeout=60, check=False)

    def _digest(self, repo: str, tag: str) -> str:
        if self.registry is None:
            raise LabError("no registry to push to")
        digest = self.registry.api.manifest_digest(repo, tag, accept=DOCKER_MANIFEST)
        if digest is None:
            raise LabError(f"{repo}:{tag} missing from the registry after push")
        return digest
