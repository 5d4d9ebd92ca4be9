"""Discovery: every container on the engine, with its image facts and, for
compose-made containers, what its compose files say now.

Engine state is read once per kind: one container list and one image list
(which carries every image's RepoDigests and labels); only an image the list
cannot show (an untagged parent, say) is inspected. Compose projects are
loaded once per run per (config files, working dir), all at once in worker
threads, and kept between runs while their files are unchanged (see
`compose_cache`). A project that cannot be read does not hide its
containers: they are checked without compose facts and the reason is kept.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from services.checks.compose_cache import ComposeProjectCache
from services.checks.model import ComposeFacts, ContainerFacts
from services.compose.envvars import Variable
from services.compose.errors import ComposeError
from services.compose.paths import PathMapper
from services.compose.project import (
    ENV_FILE_LABEL,
    ProjectOutline,
    Service,
    load_project_from_labels,
)
from services.docker.engine import ContainerSummary
from services.docker.resources import ImageDetails, ImageRecord
from services.errors import DocksmithError, NotFoundError
from services.frozen import frozen
from services.hosts import DEFAULT_HOST

CONFIG_FILES = "com.docker.compose.project.config_files"
WORKING_DIR = "com.docker.compose.project.working_dir"
SERVICE = "com.docker.compose.service"
PROJECT = "com.docker.compose.project"

# Docksmith's own settings must not leak into compose interpolation (a
# compose file's ${PORT} is the user's, not Docksmith's listen port).
_OWN_VARIABLES = frozenset(
    {"PORT", "HOST", "DB_PATH", "DATABASE_URL", "CHECK_INTERVAL", "CACHE_TTL", "LOG_LEVEL",
     "STATIC_DIR", "SCRIPTS_DIR", "GITHUB_TOKEN", "INSECURE_REGISTRIES", "SSE_KEEPALIVE"}
)  # fmt: skip


def compose_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment compose files are interpolated with (and the CLI gets)."""
    source = os.environ if environ is None else environ
    return {k: v for k, v in source.items() if k not in _OWN_VARIABLES}


class DiscoveryEngine(Protocol):
    async def list_containers(
        self, *, include_stopped: bool = True
    ) -> list[ContainerSummary]: ...

    async def list_images(self, *, with_users: bool = True) -> list[ImageRecord]: ...

    async def get_image(self, ref_or_id: str) -> ImageDetails: ...


@frozen
class _ImageFacts:
    repo_digests: tuple[str, ...]
    labels: Mapping[str, str]


async def discover(
    engine: DiscoveryEngine,
    *,
    environ: Mapping[str, str] | None = None,
    mapper: PathMapper | None = None,
    compose_cache: ComposeProjectCache | None = None,
    host: str = DEFAULT_HOST,
    read_only_reason: str | None = None,
    read: Callable[[Path], bytes] | None = None,
) -> list[ContainerFacts]:
    """`mapper` translates the compose labels' host paths when Docksmith runs
    in a container (see `services.hostpaths`); `compose_cache` keeps parsed
    projects between calls (a fresh one per call without it). A host whose
    files cannot be reached (`read_only_reason`) has its compose files left
    unread: its containers are handled like standalone ones. `read` reads
    the compose files of a host reached over SSH (never cached: their
    identity cannot be stat'ed here)."""
    containers = await engine.list_containers()
    images = await _images(engine, {c.image_id for c in containers if c.image_id})
    env = compose_environment(environ)
    projects = (
        {}
        if read_only_reason is not None
        else await _projects(
            [c.labels for c in containers], env, mapper, compose_cache, read
        )
    )
    facts: list[ContainerFacts] = []
    for container in containers:
        image = images.get(container.image_id)
        compose = (
            _compose_facts(container.labels, projects)
            if read_only_reason is None
            else None
        )
        facts.append(
            ContainerFacts(
                id=container.id,
                name=container.name,
                image=container.image,
                image_id=container.image_id,
                state=container.state,
                health=container.health,
                # The engine's maps themselves, not copies: nothing changes
                # them, and a check result keeps its container's labels, so
                # a copy here was one more dict per container for as long as
                # the results live (the image's are shared by its containers).
                labels=container.labels,
                repo_digests=image.repo_digests if image else (),
                image_labels=image.labels if image else {},
                compose=compose,
                host=host,
                read_only_reason=read_only_reason,
            )
        )
    return facts


async def _images(engine: DiscoveryEngine, ids: set[str]) -> dict[str, _ImageFacts]:
    listed = {
        i.id: _ImageFacts(i.repo_digests, i.labels)
        for i in await engine.list_images(with_users=False)
        if i.id in ids
    }
    missing = sorted(ids - listed.keys())

    async def one(image_id: str) -> ImageDetails | None:
        try:
            return await engine.get_image(image_id)
        except NotFoundError:
            return None  # removed since the container was created

    # The list leaves out untagged parent images; a container may still run one.
    for image_id, found in zip(
        missing, await asyncio.gather(*(one(i) for i in missing)), strict=True
    ):
        if found is not None:
            listed[image_id] = _ImageFacts(found.repo_digests, found.labels)
    return listed


@frozen
class _Membership:
    project: str
    service: str
    working_dir: str | None
    config_files: tuple[str, ...]

    def facts(self, *, error: str) -> ComposeFacts:
        return ComposeFacts(
            project=self.project, service=self.service, working_dir=self.working_dir,
            config_files=self.config_files, compose_file=None, image_raw=None, image=None,
            has_build=False, env_var=None, error=error,
        )  # fmt: skip


def _project_key(labels: Mapping[str, str]) -> tuple[str, str] | None:
    if CONFIG_FILES not in labels or SERVICE not in labels:
        return None
    return (labels[CONFIG_FILES], labels.get(WORKING_DIR, ""))


async def _projects(
    labels: list[Mapping[str, str]],
    env: Mapping[str, str],
    mapper: PathMapper | None,
    cache: ComposeProjectCache | None,
    read: Callable[[Path], bytes] | None = None,
) -> dict[tuple[str, str], ProjectOutline | str]:
    """Each project once (the first member's labels name its files), loaded
    concurrently in worker threads; a failure is kept as its message."""
    first: dict[tuple[str, str], Mapping[str, str]] = {}
    for item in labels:
        key = _project_key(item)
        if key is not None:
            first.setdefault(key, item)
    store = cache if cache is not None else ComposeProjectCache()
    # The process environment and the mapping are part of what was loaded.
    env_key = tuple(sorted(env.items()))
    mounts = mapper.mounts if mapper is not None else None

    def load(key: tuple[str, str], item: Mapping[str, str]) -> ProjectOutline | str:
        try:
            if read is not None:
                return load_project_from_labels(item, environ=env, read=read).outline()
            return store.get_or_load(
                (
                    key,
                    item.get(ENV_FILE_LABEL, ""),
                    item.get(PROJECT, ""),
                    env_key,
                    mounts,
                ),
                lambda: load_project_from_labels(item, environ=env, mapper=mapper),
            )
        except (DocksmithError, OSError) as exc:
            return str(exc)

    loaded = await asyncio.gather(
        *(asyncio.to_thread(load, key, item) for key, item in first.items())
    )
    return dict(zip(first, loaded, strict=True))


def _compose_facts(
    labels: Mapping[str, str],
    projects: dict[tuple[str, str], ProjectOutline | str],
) -> ComposeFacts | None:
    key = _project_key(labels)
    if key is None:
        return None
    loaded = projects[key]
    member = _Membership(
        project=labels.get(PROJECT, ""),
        service=labels[SERVICE],
        working_dir=labels.get(WORKING_DIR),
        config_files=tuple(
            f.strip() for f in labels[CONFIG_FILES].split(",") if f.strip()
        ),
    )
    if isinstance(loaded, str):
        return member.facts(error=loaded)
    try:
        service = loaded.service(labels[SERVICE])
    except ComposeError as exc:
        return member.facts(error=str(exc))
    return _from_service(loaded, service, member)


def _image_facts(
    project: ProjectOutline, image_raw: str
) -> tuple[str | None, str | None, str | None]:
    """(interpolated image or None, controlling variable, error)."""
    try:
        resolution = project.env.resolve(image_raw)
    except ComposeError as exc:
        return None, None, str(exc)
    variables = resolution.variables
    from_dotenv = [
        p.segment.name
        for p in resolution.pieces
        if p.source == "dotenv" and isinstance(p.segment, Variable)
    ]
    env_var = from_dotenv[0] if from_dotenv else (variables[0] if variables else None)
    if any(p.source == "unset" for p in resolution.pieces):
        return None, env_var, f"image {image_raw!r} uses unset variables"
    return resolution.value, env_var, None


def _from_service(
    project: ProjectOutline, service: Service, member: _Membership
) -> ComposeFacts:
    image_raw = service.image.raw if service.image else None
    image, env_var, error = (
        _image_facts(project, image_raw)
        if image_raw is not None
        else (None, None, None)
    )
    if service.image is not None:
        compose_file: str | None = str(service.image.path)
    else:
        compose_file = str(service.files[-1]) if service.files else None
    return ComposeFacts(
        project=member.project,
        service=member.service,
        working_dir=member.working_dir,
        config_files=member.config_files,
        compose_file=compose_file,
        image_raw=image_raw,
        image=image,
        has_build=service.has_build,
        env_var=env_var,
        labels={
            k: v for k, v in service.label_values.items() if k.startswith("docksmith.")
        },
        depends_on=service.depends_on,
        network_mode=service.network_mode,
        error=error,
    )
