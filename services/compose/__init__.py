"""Compose layer: load projects, plan byte-exact edits, write them, run the CLI.

The only package that imports ``ruamel``. Typical update flow::

    project = load_project_from_labels(container.labels, environ=runner.environ)
    plan = plan_image_tag(project, service, "1.26")
    backup = read_snapshot([e.path for e in plan.edits])
    apply_edits(plan.edits)
    try:
        await runner.up(project.name, project.config_files, project.working_dir, [service])
    except ComposeRunError:
        restore(backup)
        raise

See ``docs/compose.md``.
"""

from services.compose.editor import (
    ImageControl,
    ImagePlan,
    image_control,
    plan_image_tag,
)
from services.compose.envvars import DotEnv, DotEnvEntry, Environment, parse_dotenv
from services.compose.errors import (
    ComposeError,
    ComposeFileAccessError,
    ComposeFileNotFoundError,
    ComposeRunError,
    ComposeSyntaxError,
    ComposeTimeoutError,
    ComposeWriteError,
    InterpolationError,
    StaleFileError,
    UnknownServiceError,
    UnsupportedEditError,
)
from services.compose.files import (
    LOCAL,
    FileAccess,
    FileEdit,
    LocalFiles,
    Snapshot,
    apply_edits,
    atomic_write,
    read_snapshot,
    restore,
)
from services.compose.labels import plan_labels
from services.compose.paths import Mount, PathMapper, probe
from services.compose.project import (
    ComposeFile,
    ComposeProject,
    ImageDef,
    Label,
    Service,
    load_project,
    load_project_from_labels,
)
from services.compose.references import Reference, parse_reference, with_tag
from services.compose.remote_env import RemoteEnvironment
from services.compose.runner import ComposeRunner, RunResult, remote_environment

__all__ = [
    "LOCAL",
    "ComposeError",
    "ComposeFile",
    "ComposeFileAccessError",
    "ComposeFileNotFoundError",
    "ComposeProject",
    "ComposeRunError",
    "ComposeRunner",
    "ComposeSyntaxError",
    "ComposeTimeoutError",
    "ComposeWriteError",
    "DotEnv",
    "DotEnvEntry",
    "Environment",
    "FileAccess",
    "FileEdit",
    "ImageControl",
    "ImageDef",
    "ImagePlan",
    "InterpolationError",
    "Label",
    "LocalFiles",
    "Mount",
    "PathMapper",
    "Reference",
    "RemoteEnvironment",
    "RunResult",
    "Service",
    "Snapshot",
    "StaleFileError",
    "UnknownServiceError",
    "UnsupportedEditError",
    "apply_edits",
    "atomic_write",
    "image_control",
    "load_project",
    "load_project_from_labels",
    "parse_dotenv",
    "parse_reference",
    "plan_image_tag",
    "plan_labels",
    "probe",
    "read_snapshot",
    "remote_environment",
    "restore",
    "with_tag",
]
