"""Load a compose project the way compose does, for what Docksmith reads.

Given the config files (as ``-f`` would name them, or as compose wrote them
into a container's ``com.docker.compose.*`` labels) this follows top-level
``include:`` entries, merges later files over earlier ones per service, and
records for every service where its ``image:`` and labels are defined: the
file and the exact source span, which the editor needs. It reads only; it
never runs compose and never writes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from services.compose.envvars import DotEnv, Environment, parse_dotenv
from services.compose.errors import (
    ComposeFileNotFoundError,
    ComposeSyntaxError,
    UnknownServiceError,
)
from services.compose.merge import build_service
from services.compose.model import ComposeFile, ImageDef, Label, LabelStyle, Service
from services.compose.paths import PathMapper, probe
from services.compose.yamlnodes import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    compose_text,
    is_null,
    mapping_get,
    mapping_items,
)
from services.frozen import frozen

__all__ = [
    "ComposeFile",
    "ComposeProject",
    "ImageDef",
    "Label",
    "LabelStyle",
    "ProjectOutline",
    "Service",
    "load_project",
    "load_project_from_labels",
    "read_compose_file",
]

PROJECT_LABEL = "com.docker.compose.project"
CONFIG_FILES_LABEL = "com.docker.compose.project.config_files"
WORKING_DIR_LABEL = "com.docker.compose.project.working_dir"
ENV_FILE_LABEL = "com.docker.compose.project.environment_file"


@dataclass(slots=True)
class ComposeProject:
    """A loaded project. ``config_files`` are the ``-f`` files in order;
    ``files`` holds every file read, includes too, keyed by path."""

    name: str | None
    working_dir: Path
    config_files: tuple[Path, ...]
    env: Environment
    files: dict[Path, ComposeFile] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    # The working dir as the host sees it (differs when paths were mapped);
    # compose CLI gets it as --project-directory so relative binds resolve
    # to host paths.
    host_working_dir: Path | None = None
    # Every file the load read or looked for (compose files, includes, .env
    # files, present or not): a cache keyed on their identity knows when
    # the project it holds is stale.
    sources: set[Path] = field(default_factory=set)
    # How its files are read: here, or on another Docker host over SSH.
    read: Callable[[Path], bytes] = Path.read_bytes

    @property
    def service_names(self) -> list[str]:
        return list(self.services)

    def service(self, name: str) -> Service:
        """The service with key ``name``; raises :class:`UnknownServiceError`."""
        return _service(self.services, name, self.config_files)

    def find(self, name: str) -> Service:
        """By service key, ``container_name:``, or compose's generated
        container name (``<project>-<service>-<n>``, v1 ``_``-separated)."""
        if name in self.services:
            return self.services[name]
        for service in self.services.values():
            if service.container_name == name:
                return service
        if self.name:
            for sep in ("-", "_"):
                head, _, index = name.rpartition(sep)
                prefix = f"{self.name}{sep}"
                if index.isdigit() and head.startswith(prefix):
                    key = head[len(prefix) :]
                    if key in self.services:
                        return self.services[key]
        return self.service(name)

    def resolved_image(self, name: str) -> str | None:
        """The service's image with variables substituted, as compose runs it
        (``None`` for a build-only service)."""
        image = self.service(name).image
        if image is None:
            return None
        return self.files[image.path].env.interpolate(image.raw)

    def file(self, path: Path) -> ComposeFile:
        return self.files[path]

    def outline(self) -> ProjectOutline:
        return ProjectOutline(
            self.name, self.config_files, self.env, dict(self.services),
            frozenset(self.sources),
        )  # fmt: skip


@frozen
class ProjectOutline:
    """A project's merged services without its files: what a check reads.

    The files' bytes, text and YAML node graphs, which only an edit needs,
    are most of a loaded project's memory (~3 MB for 50 projects of 10
    services), and a cache of projects kept between checks would hold them
    for the process's life."""

    name: str | None
    config_files: tuple[Path, ...]
    env: Environment
    services: Mapping[str, Service]
    sources: frozenset[Path]

    def service(self, name: str) -> Service:
        """The service with key ``name``; raises :class:`UnknownServiceError`."""
        return _service(self.services, name, self.config_files)


def _service(
    services: Mapping[str, Service], name: str, config_files: tuple[Path, ...]
) -> Service:
    if name in services:
        return services[name]
    known = ", ".join(services) or "none"
    where = ", ".join(map(str, config_files))
    raise UnknownServiceError(
        f"service {name!r} is not defined in {where} (services: {known})"
    )


def load_project(
    config_files: Sequence[str | os.PathLike[str]],
    *,
    working_dir: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str],
    env_files: Sequence[str | os.PathLike[str]] | None = None,
    name: str | None = None,
    read: Callable[[Path], bytes] = Path.read_bytes,
) -> ComposeProject:
    """Load ``config_files`` (relative ones against ``working_dir``).

    ``environ`` is the process environment the compose CLI will see (pass
    ``{}`` for none; ``os.environ`` is never read implicitly). ``env_files``
    default to ``<working_dir>/.env`` as compose does. ``read`` reads a
    file's bytes (raising FileNotFoundError when it is missing): the files of
    another Docker host are read over SSH.
    """
    if not config_files:
        raise ComposeSyntaxError("no compose file given")
    base = Path(working_dir) if working_dir is not None else None
    paths = tuple(_absolute(Path(p), base) for p in config_files)
    workdir = _absolute(base, None) if base is not None else paths[0].parent
    dotenv_paths = (
        [_absolute(Path(p), workdir) for p in env_files]
        if env_files
        else [workdir / ".env"]
    )
    env = Environment(environ, _dotenvs(dotenv_paths, environ, read))
    project = ComposeProject(
        name, workdir, paths, env, host_working_dir=workdir, read=read
    )
    project.sources.update(dotenv_paths)
    definitions: dict[str, list[tuple[ComposeFile, Node, MappingNode]]] = {}
    for path in paths:
        _load_file(project, path, env, None, definitions, ())
    project.services = {n: build_service(n, defs) for n, defs in definitions.items()}
    return project


def load_project_from_labels(
    labels: Mapping[str, str],
    *,
    environ: Mapping[str, str],
    mapper: PathMapper | None = None,
    read: Callable[[Path], bytes] = Path.read_bytes,
) -> ComposeProject:
    """Load the project a compose-made container belongs to, from its labels.

    Compose v1 writes config files relative to the working dir, v2 absolute;
    both work. With ``mapper`` (Docksmith in a container) the host paths are
    translated to container paths, trying ``.yml``/``.yaml`` swaps;
    :attr:`ComposeProject.host_working_dir` keeps the host's view.
    """
    files = [f.strip() for f in labels.get(CONFIG_FILES_LABEL, "").split(",")]
    files = [f for f in files if f]
    if not files:
        raise ComposeSyntaxError(f"container has no {CONFIG_FILES_LABEL} label")
    env_files = [f for f in labels.get(ENV_FILE_LABEL, "").split(",") if f.strip()]
    host_dir = labels.get(WORKING_DIR_LABEL) or None
    if host_dir is None and mapper is not None:
        raise ComposeSyntaxError(f"container has no {WORKING_DIR_LABEL} label")
    working_dir = host_dir
    if mapper is not None and host_dir is not None:
        working_dir = mapper.to_container(host_dir)
        files = [_mapped(mapper, f, host_dir) for f in files]
        env_files = [_mapped(mapper, f, host_dir) for f in env_files]
    project = load_project(
        files,
        working_dir=working_dir,
        environ=environ,
        env_files=env_files or None,
        name=labels.get(PROJECT_LABEL),
        read=read,
    )
    if host_dir is not None:
        project.host_working_dir = _absolute(Path(host_dir), None)
    return project


def _mapped(mapper: PathMapper, path: str, host_dir: str) -> str:
    host = Path(host_dir) / path  # an absolute ``path`` replaces host_dir
    inside = mapper.to_container(os.path.normpath(host))
    return probe(inside) or inside


def _absolute(path: Path, base: Path | None) -> Path:
    joined = path if path.is_absolute() or base is None else base / path
    # normpath, not resolve(): symlinks stay as written, since the paths are
    # matched against bind-mount prefixes and compose's own labels.
    return Path(os.path.normpath(Path.cwd() / joined))


def _dotenvs(
    paths: Iterable[Path],
    environ: Mapping[str, str],
    read: Callable[[Path], bytes] = Path.read_bytes,
) -> list[DotEnv]:
    found = [parse_dotenv(p, environ, read=read) for p in paths]
    # compose lets a later env file override an earlier one; Environment
    # gives the first match precedence, hence the reversal.
    return [d for d in reversed(found) if d is not None]


def read_compose_file(
    path: Path,
    env: Environment,
    included_from: Path | None = None,
    read: Callable[[Path], bytes] = Path.read_bytes,
) -> ComposeFile:
    """Read and parse one file; errors name the file and, for YAML, the line."""
    try:
        raw = read(path)
    except FileNotFoundError:
        via = f" (included from {included_from})" if included_from else ""
        raise ComposeFileNotFoundError(f"compose file not found: {path}{via}") from None
    except OSError as exc:
        raise ComposeFileNotFoundError(
            f"cannot read compose file {path}: {exc}"
        ) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ComposeSyntaxError(f"{path}: not UTF-8 text ({exc})") from exc
    root = compose_text(text, path)
    if not isinstance(root, MappingNode):
        raise ComposeSyntaxError(f"{path}: a compose file must be a YAML mapping")
    return ComposeFile(path, raw, text, root, env, included_from)


def _load_file(
    project: ComposeProject,
    path: Path,
    env: Environment,
    included_from: Path | None,
    definitions: dict[str, list[tuple[ComposeFile, Node, MappingNode]]],
    chain: tuple[Path, ...],
) -> None:
    if path in chain:
        cycle = " -> ".join(map(str, (*chain, path)))
        raise ComposeSyntaxError(f"include cycle: {cycle}")
    project.sources.add(path)
    cf = read_compose_file(path, env, included_from, project.read)
    project.files[path] = cf
    for inc_path, inc_env in _includes(cf, project.sources, project.read):
        _load_file(project, inc_path, inc_env, path, definitions, (*chain, path))
    found = _get(cf, cf.root, "services")
    if found is None or is_null(found[1]):
        return
    services = found[1]
    if not isinstance(services, MappingNode):
        raise ComposeSyntaxError(f"{path}: 'services' must be a mapping")
    for key, node in mapping_items(services):
        if is_null(node):
            continue
        if not isinstance(node, MappingNode):
            raise ComposeSyntaxError(
                f"{path}:{key.start_mark.line + 1}: service {key.value!r} must be a mapping"
            )
        definitions.setdefault(str(key.value), []).append((cf, key, node))


def _includes(
    cf: ComposeFile, sources: set[Path], read: Callable[[Path], bytes]
) -> list[tuple[Path, Environment]]:
    found = _get(cf, cf.root, "include")
    if found is None or is_null(found[1]):
        return []
    if not isinstance(found[1], SequenceNode):
        raise ComposeSyntaxError(f"{cf.path}: 'include' must be a list")
    here = cf.path.parent
    out: list[tuple[Path, Environment]] = []
    for entry in found[1].value:
        if isinstance(entry, ScalarNode):
            paths, project_dir, env_files = [str(entry.value)], None, None
        elif isinstance(entry, MappingNode):
            paths = _strings(cf, entry, "path")
            dirs = _strings(cf, entry, "project_directory")
            project_dir = _absolute(Path(dirs[0]), here) if dirs else None
            env_files = _strings(cf, entry, "env_file") or None
        else:
            raise ComposeSyntaxError(f"{cf.path}: bad include entry")
        if not paths:
            raise ComposeSyntaxError(f"{cf.path}: include entry without a path")
        resolved = [_absolute(Path(cf.env.interpolate(p)), here) for p in paths]
        inc_dir = project_dir or resolved[0].parent
        dotenv_paths = (
            [_absolute(Path(p), here) for p in env_files]
            if env_files
            else [inc_dir / ".env"]
        )
        sources.update(dotenv_paths)
        inc_env = cf.env.with_dotenv(_dotenvs(dotenv_paths, cf.env.process, read))
        out.extend((p, inc_env) for p in resolved)
    return out


def _strings(cf: ComposeFile, node: MappingNode, key: str) -> list[str]:
    found = _get(cf, node, key)
    if found is None or is_null(found[1]):
        return []
    value = found[1]
    if isinstance(value, ScalarNode):
        return [str(value.value)]
    if isinstance(value, SequenceNode):
        return [str(v.value) for v in value.value if isinstance(v, ScalarNode)]
    raise ComposeSyntaxError(f"{cf.path}: '{key}' must be a string or a list")


def _get(
    cf: ComposeFile, node: MappingNode, key: str
) -> tuple[ScalarNode, Node] | None:
    try:
        return mapping_get(node, key)
    except ComposeSyntaxError as exc:
        raise ComposeSyntaxError(f"{cf.path}: {exc}") from None
