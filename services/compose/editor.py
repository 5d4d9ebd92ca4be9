"""Plan a change of one service's image tag as byte-exact file edits.

The edit lands where the value actually comes from: the ``image:`` scalar of
the file that wins the override order (an ``include:``d file included), the
default inside ``${VAR:-img:tag}``, or the ``.env`` line that sets the
variable. ruamel locates the scalar; the change is a splice of the original
text, so comments, quoting, anchors, key order and blank lines stay exactly
as they were. Every plan is re-parsed before it is returned. Nothing is
written here: apply the plan with :func:`services.compose.files.apply_edits`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from services.compose.envvars import (
    DotEnvEntry,
    Environment,
    Piece,
    Text,
    Variable,
    parse_dotenv,
    parse_dotenv_text,
)
from services.compose.errors import (
    ComposeError,
    ComposeSyntaxError,
    UnsupportedEditError,
)
from services.compose.files import FileEdit
from services.compose.project import ComposeFile, ComposeProject, ImageDef
from services.compose.references import tag_region, with_tag
from services.compose.scalars import matches, render
from services.compose.yamlnodes import (
    MappingNode,
    ScalarNode,
    compose_text,
    mapping_get,
    scalar_value,
)
from services.frozen import frozen


@frozen
class ImagePlan:
    """What changing the tag takes. ``edits`` is empty when nothing changes.

    ``variable`` names the variable whose value or default was edited;
    ``also_affects`` lists other services whose image changes with it (the
    variable's, aliases of an anchor on this service's ``image:``, services
    that ``extends:`` it without an image of their own), and
    ``shared_through`` says how.
    """

    service: str
    old_image: str
    new_image: str
    edits: tuple[FileEdit, ...]
    variable: str | None = None
    also_affects: tuple[str, ...] = ()
    shared_through: str = ""


@frozen
class ImageControl:
    """How a service's image string is produced, for "env controlled" views."""

    raw: str
    resolved: str
    variables: tuple[str, ...]
    env_file_variables: tuple[str, ...]  # set by a .env file (editable there)
    process_variables: tuple[str, ...]  # set by the process environment


def image_control(project: ComposeProject, service: str) -> ImageControl:
    """Which variables an image depends on and where each gets its value."""
    image = _image_of(project, service)
    resolution = project.file(image.path).env.resolve(image.raw)
    var_pieces = [p for p in resolution.pieces if isinstance(p.segment, Variable)]
    return ImageControl(
        raw=image.raw,
        resolved=resolution.value,
        variables=tuple(dict.fromkeys(_name(p) for p in var_pieces)),
        env_file_variables=tuple(
            dict.fromkeys(_name(p) for p in var_pieces if p.entry is not None)
        ),
        process_variables=tuple(
            dict.fromkeys(_name(p) for p in var_pieces if p.source == "process")
        ),
    )


def plan_image_tag(
    project: ComposeProject, service: str, tag: str, *, digest: str | None = None
) -> ImagePlan:
    """Plan setting ``service``'s image tag to ``tag`` (and its digest to
    ``digest``; an existing digest is dropped when ``digest`` is None)."""
    image = _image_of(project, service)
    cf = project.file(image.path)
    resolution = cf.env.resolve(image.raw)
    old = resolution.value
    if not old:
        raise UnsupportedEditError(
            f"service {service}: image {image.raw!r} resolves to an empty string"
        )
    new = with_tag(old, tag, digest)
    if new == old:
        return ImagePlan(service, old, new, ())
    piece, start, end, replacement = _locate(resolution.pieces, old, new, image.raw)
    a, b = start - piece.start, end - piece.start
    seg = piece.segment
    if piece.source == "dotenv" and piece.entry is not None:
        edit = _edit_dotenv(piece.entry, a, b, replacement)
        return _plan(
            project,
            ImagePlan(service, old, new, (edit,), _name(piece)),
            (_sharing(project, service, piece.entry), f".env entry {_name(piece)}"),
        )
    if piece.source == "process":
        raise UnsupportedEditError(
            f"service {service}: the image tag comes from the environment variable "
            f"{_name(piece)} of the process running compose; change it there"
        )
    if piece.source == "argument" and isinstance(seg, Variable):
        if "$" in (seg.arg or "") or seg.arg_start is None:
            raise UnsupportedEditError(
                f"service {service}: the default in {image.raw!r} uses variables itself"
            )
        at = seg.arg_start
    elif isinstance(seg, Text) and seg.raw_end - seg.raw_start == len(seg.value):
        at = seg.raw_start
    else:
        raise UnsupportedEditError(
            f"service {service}: cannot edit image {image.raw!r}"
        )
    new_raw = image.raw[: at + a] + replacement + image.raw[at + b :]
    edit = _edit_scalar(cf, service, image, new_raw)
    if cf.env.interpolate(new_raw) != new:
        raise UnsupportedEditError(
            f"service {service}: edit of {image.raw!r} did not verify"
        )
    var = _name(piece) if isinstance(seg, Variable) else None
    return _plan(
        project,
        ImagePlan(service, old, new, (edit,), var),
        (_aliasing(project, service, image), "the YAML anchor on its image:"),
    )


def _plan(
    project: ComposeProject, plan: ImagePlan, shared: tuple[tuple[str, ...], str]
) -> ImagePlan:
    """`plan` with the other services its edit changes too, and how."""
    extending = _extending(project, plan.service)
    reasons = [
        how for names, how in (shared, (extending, f"extends: {plan.service}")) if names
    ]
    return dataclasses.replace(
        plan,
        also_affects=tuple(dict.fromkeys((*shared[0], *extending))),
        shared_through=" and ".join(reasons),
    )


def _extending(project: ComposeProject, service: str) -> tuple[str, ...]:
    """Services without an image: of their own that extend `service`, also
    through others: compose gives them its image, so the edit changes theirs
    too (on their next recreate; an update recreates only `service`)."""
    found: dict[str, None] = {}
    frontier = {service}
    while frontier:
        frontier = {
            name
            for name, svc in project.services.items()
            if svc.image is None
            and svc.extends in frontier
            and name != service
            and name not in found
        }
        found.update(dict.fromkeys(sorted(frontier)))
    return tuple(found)


def _image_of(project: ComposeProject, service: str) -> ImageDef:
    svc = project.service(service)
    if svc.image is None and svc.extends and not svc.has_build:
        raise UnsupportedEditError(
            f"service {service} has no image: of its own; it extends "
            f"{svc.extends}, and Docksmith does not edit through extends: "
            f"update {svc.extends}, or give {service} an image: of its own"
        )
    if svc.image is None and not svc.has_build:
        elsewhere = _extends_elsewhere(project, service)
        if elsewhere:
            raise UnsupportedEditError(
                f"service {service} has no image: of its own; it extends "
                f"{elsewhere}, and Docksmith does not edit through extends: edit "
                f"the image there, or give {service} an image: of its own"
            )
    if svc.image is None:
        why = "builds its image (build:)" if svc.has_build else "has no image:"
        raise UnsupportedEditError(
            f"service {service} {why}; there is no tag to change"
        )
    if svc.image.shared:
        where = f"{svc.image.path}:{svc.image.span.line}"
        sharing = _aliasing(project, service, svc.image)
        if sharing:
            raise UnsupportedEditError(
                f"service {service}: its image comes from a YAML anchor ({where}) "
                f"shared with {', '.join(sharing)}; editing it there would change "
                "theirs too: edit it by hand"
            )
        # Not only images may alias it (any value may), and what the anchor
        # feeds besides this service is not checked: refused, saying so.
        raise UnsupportedEditError(
            f"service {service}: its image comes from a YAML anchor or merge "
            f"outside the service ({where}); Docksmith edits an image only where "
            "the service itself writes it or anchors it, since other values may "
            "use that anchor: write the image in the service, or edit it by hand"
        )
    return svc.image


def _extends_elsewhere(project: ComposeProject, service: str) -> str | None:
    """`service base of common.yml` when the service extends one in another
    file (`extends: {file: ..., service: ...}`), which the merge does not
    follow."""
    for path in project.service(service).files:
        root = project.file(path).root
        services = mapping_get(root, "services")
        node = (
            mapping_get(services[1], service)
            if services and isinstance(services[1], MappingNode)
            else None
        )
        extends = (
            mapping_get(node[1], "extends")
            if node and isinstance(node[1], MappingNode)
            else None
        )
        if extends is None or not isinstance(extends[1], MappingNode):
            continue
        fields = {str(k.value): scalar_value(v) for k, v in extends[1].value}
        if fields.get("file"):
            return f"service {fields.get('service')} of {fields['file']}"
    return None


def _name(piece: Piece) -> str:
    return piece.segment.name if isinstance(piece.segment, Variable) else ""


def _locate(
    pieces: tuple[Piece, ...], old: str, new: str, raw: str
) -> tuple[Piece, int, int, str]:
    """The piece holding the changed region, with the region and its new text.

    First try the whole tag-and-digest tail (so ``nginx:${TAG}`` edits TAG),
    then the minimal differing region.
    """
    cut = tag_region(old)
    candidates = [(cut, len(old), new[cut:])]
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
    ):
        suffix += 1
    candidates.append((prefix, len(old) - suffix, new[prefix : len(new) - suffix]))
    for start, end, replacement in candidates:
        if start == end:
            # An insertion where a variable resolved to nothing: the tag is
            # that variable's (``app:${TAG}``); text put beside it would be
            # prefixed to its value once it is set again (``app:2${TAG}``).
            for piece in pieces:
                if piece.start == piece.end == start and isinstance(
                    piece.segment, Variable
                ):
                    if piece.source == "unset":
                        raise UnsupportedEditError(
                            f"the tag of {raw!r} comes from ${{{_name(piece)}}}, "
                            "which is not set where Docksmith reads it (its "
                            "environment and the project's .env); set it, or "
                            "edit the file by hand"
                        )
                    return piece, start, end, replacement
        for piece in _covering(pieces, start, end):
            if piece.source != "unset":
                return piece, start, end, replacement
    raise UnsupportedEditError(
        f"the tag of {raw!r} spans several variables or text parts; edit it by hand"
    )


def _covering(pieces: tuple[Piece, ...], start: int, end: int) -> list[Piece]:
    if start < end:
        return [p for p in pieces if p.start <= start and end <= p.end]
    # An insertion point on a boundary belongs to the part ending there
    # (``${REPO}`` + ``:tag``), then to the one starting there.
    left = [p for p in pieces if p.start < start <= p.end]
    return left + [p for p in pieces if p.start <= start <= p.end and p not in left]


def _edit_scalar(
    cf: ComposeFile, service: str, image: ImageDef, new_raw: str
) -> FileEdit:
    span = image.span
    source = cf.text[span.start : span.end]
    if not matches(source, image.raw, image.style):
        raise UnsupportedEditError(
            f"{cf.path}:{span.line}: the image of {service} uses YAML escapes or line "
            "folding; edit it by hand"
        )
    text = cf.text[: span.start] + render(new_raw, image.style) + cf.text[span.end :]
    _verify_image(text, cf.path, service, new_raw)
    return FileEdit(cf.path, cf.raw, text.encode("utf-8"))


def _verify_image(text: str, path: Path, service: str, expected: str) -> None:
    root = compose_text(text, path)
    services = mapping_get(root, "services") if isinstance(root, MappingNode) else None
    svc = (
        mapping_get(services[1], service)
        if services and isinstance(services[1], MappingNode)
        else None
    )
    image = (
        mapping_get(svc[1], "image")
        if svc and isinstance(svc[1], MappingNode)
        else None
    )
    if (
        image is None
        or not isinstance(image[1], ScalarNode)
        or image[1].value != expected
    ):
        raise ComposeSyntaxError(f"{path}: planned edit of {service} did not read back")


def _edit_dotenv(entry: DotEnvEntry, a: int, b: int, replacement: str) -> FileEdit:
    if not entry.verbatim:
        raise UnsupportedEditError(
            f"{entry.path}:{entry.line}: {entry.key} uses escapes or variables; "
            "edit it by hand"
        )
    value = entry.value[:a] + replacement + entry.value[b:]
    dotenv = parse_dotenv(entry.path)
    if dotenv is None:
        raise UnsupportedEditError(f"{entry.path} disappeared")
    text = dotenv.text
    if text[entry.value_start : entry.value_end] != entry.value:
        raise UnsupportedEditError(f"{entry.path} changed while planning")
    new_text = text[: entry.value_start] + value + text[entry.value_end :]
    reread = parse_dotenv_text(new_text, entry.path).entries.get(entry.key)
    if reread is None or reread.value != value:
        raise UnsupportedEditError(
            f"{entry.path}: edit of {entry.key} did not read back"
        )
    return FileEdit(entry.path, text.encode("utf-8"), new_text.encode("utf-8"))


def _aliasing(
    project: ComposeProject, service: str, image: ImageDef
) -> tuple[str, ...]:
    """Other services whose ``image:`` is an alias (``*name``) of this
    service's anchored scalar: the same node, so the edit changes them too."""
    return tuple(
        name
        for name, svc in project.services.items()
        if name != service
        and svc.image is not None
        and svc.image.path == image.path
        and svc.image.span.start == image.span.start
    )


def _sharing(
    project: ComposeProject, service: str, entry: DotEnvEntry
) -> tuple[str, ...]:
    out: list[str] = []
    for name, svc in project.services.items():
        if name == service or svc.image is None:
            continue
        env: Environment = project.file(svc.image.path).env
        try:
            pieces = env.resolve(svc.image.raw).pieces
        except ComposeError:
            continue
        if any(p.entry == entry for p in pieces):
            out.append(name)
    return tuple(out)
