"""Decide one container's status from its facts and the registry's answers.

Order matters and follows the original's intent (spec §2.2) with its bugs
fixed: ignored → compose mismatch → local image → registry → version logic.
Full version tags go through `choose_update`; floating tags (`latest`,
`stable`, `16`, `7.2-alpine`...) are resolved through digests: which
versioned tag carries the running digest, and whether the floating tag now
points somewhere else.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import Any, ParamSpec, Protocol, TypeVar

from services.checks.mismatch import compose_mismatch
from services.checks.model import CheckResult, ContainerFacts, ContainerStatus
from services.errors import DocksmithError
from services.registry.references import (
    ImageReference,
    digest_in,
    is_digest,
    parse_reference,
)
from services.versioning import (
    ChangeType,
    Constraints,
    Decision,
    Outcome,
    change_type,
    choose_update,
    floating_candidates,
    floating_tag_matches,
    is_meta_tag,
    parse_constraints,
    parse_tag,
    parse_version_string,
)

P = ParamSpec("P")
T = TypeVar("T")

# How many candidate tags a floating tag is resolved against (HEAD requests,
# cached); the newest releases are where a floating tag almost always points.
FLOATING_CANDIDATES = 12
# Above this many tags a version decision runs in a worker thread.
OFF_LOOP_TAGS = 2000
VERSION_LABELS = ("org.opencontainers.image.version", "build_version", "version")


class TagSource(Protocol):
    async def list_tags(self, image: ImageReference) -> list[str]: ...

    async def get_digest(self, image: ImageReference) -> str: ...

    async def get_tag_digests(
        self, image: ImageReference, tags: Iterable[str]
    ) -> dict[str, str]: ...


def truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1", "yes")


def running_digest(facts: ContainerFacts, ref: ImageReference) -> str | None:
    """The digest the registry knows the running image by (its RepoDigest)."""
    return digest_in(facts.repo_digests, ref)


def label_version(labels: Mapping[str, str]) -> str | None:
    for key in VERSION_LABELS:
        value = labels.get(key)
        if value:
            version = _version_in(value)
            if version is not None:
                return version
    return None


@lru_cache(maxsize=4096)
def _version_in(value: str) -> str | None:
    # Memoised: the containers of one image carry the same label, and a check
    # reads it for each of them.
    parsed = parse_version_string(value)
    return parsed.version_string if parsed is not None else None


def _label_sync(facts: ContainerFacts) -> tuple[bool, dict[str, str] | None]:
    """Whether the compose file's docksmith.* labels differ from the running ones."""
    compose = facts.compose
    if compose is None or (compose.error is not None and compose.image_raw is None):
        return False, None
    running = {k: v for k, v in facts.labels.items() if k.startswith("docksmith.")}
    declared = dict(compose.labels)
    return running != declared, declared


def _base(facts: ContainerFacts, now: datetime) -> dict[str, Any]:
    """The verdict's fields before the registry is asked; `evaluate` builds
    the result once from them (a `replace` per step cost more than the
    version decision on a 2,000-container check)."""
    compose = facts.compose
    out_of_sync, compose_labels = _label_sync(facts)
    return {
        "labels_out_of_sync": out_of_sync,
        "compose_labels": compose_labels,
        "name": facts.name,
        "id": facts.id,
        "image": facts.image,
        "status": ContainerStatus.UP_TO_DATE,
        "checked_at": now,
        "stack": facts.stack,
        "service": facts.service,
        # Shared with the facts (read-only maps), not copied: see discover.
        "labels": facts.labels,
        "health": facts.health,
        "state": facts.state,
        "compose_file": compose.compose_file if compose else None,
        "compose_image": compose.image_raw if compose else None,
        "env_controlled": bool(compose and compose.env_var),
        "env_var_name": compose.env_var if compose else None,
        "dependencies": compose.depends_on if compose else (),
        "host": facts.host,
        "read_only_reason": facts.read_only_reason,
    }


class Decisions:
    """The version decisions of one check run. They depend only on the tag,
    the repository's tag list and the constraints, so containers that share
    them share one decision (2,000 containers over 500 repositories decide
    500 times, not 2,000). Keyed by the whole tag list: a list that changed
    during the run is decided again. The list is keyed as one string, the
    way the registry cache keeps it: as a tuple, a key held a str object per
    tag (10,000 of them for 500 repositories of 20 tags) all check long."""

    def __init__(self) -> None:
        self._chosen: dict[
            tuple[str, str | tuple[str, ...], Constraints], Decision
        ] = {}
        self._floating: dict[tuple[str, str | tuple[str, ...]], bool] = {}

    def choose(self, tag: str, tags: list[str], constraints: Constraints) -> Decision:
        key = (tag, _joined(tags), constraints)
        found = self._chosen.get(key)
        if found is None:
            found = self._chosen[key] = choose_update(tag, tags, constraints)
        return found

    def is_floating(self, tag: str, tags: list[str]) -> bool:
        key = (tag, _joined(tags))
        found = self._floating.get(key)
        if found is None:
            found = self._floating[key] = _is_floating(tag, tags)
        return found


def _joined(tags: list[str]) -> str | tuple[str, ...]:
    joined = "\n".join(tags)
    if joined.count("\n") == len(tags) - 1:
        return joined  # the list and nothing else splits back from it
    # A tag with a line break (no valid tag has one), or no tags: a tuple,
    # which no joined string equals.
    return tuple(tags)


async def evaluate(
    facts: ContainerFacts,
    registry: TagSource,
    now: datetime,
    decisions: Decisions | None = None,
) -> CheckResult:
    """`decisions` shares version decisions between the containers of one
    run (a fresh memo per call without it)."""
    fields = _base(facts, now)
    if truthy(facts.labels.get("docksmith.ignore")):
        return CheckResult(
            **fields
            | {"status": ContainerStatus.IGNORED, "reason": "docksmith.ignore is set"}
        )

    mismatch = compose_mismatch(facts)
    if mismatch is not None:
        return CheckResult(
            **fields | {"status": ContainerStatus.COMPOSE_MISMATCH, "error": mismatch}
        )

    try:
        ref = parse_reference(facts.image)
    except DocksmithError as exc:
        return CheckResult(
            **fields | {"status": ContainerStatus.ERROR, "error": exc.message}
        )
    tag = ref.tag_or_latest
    fields["current_tag"] = tag
    fields["current_version"] = label_version(facts.image_labels)

    if not facts.repo_digests:
        return CheckResult(
            **fields
            | {
                "status": ContainerStatus.LOCAL_IMAGE,
                "reason": "the image was built or loaded locally; no registry has it",
            }
        )
    fields["current_digest"] = running_digest(facts, ref)

    memo = decisions or Decisions()
    try:
        constraints = parse_constraints(facts.labels)
        tags = await registry.list_tags(ref.repository_only())
        if await _off_loop(tags, memo.is_floating, tag, tags):
            return await _floating(
                CheckResult(**fields), ref, tag, tags, constraints, registry
            )
    except DocksmithError as exc:
        return CheckResult(
            **fields | {"status": ContainerStatus.ERROR, "error": exc.message}
        )
    decision = await _off_loop(tags, memo.choose, tag, tags, constraints)
    return _versioned(fields, tag, decision)


async def _off_loop(
    tags: list[str], func: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """Run a version decision over `tags` in a worker thread when the list is
    long: parsing and sorting 100k tags on the loop stalled every request."""
    if len(tags) < OFF_LOOP_TAGS:
        return func(*args, **kwargs)
    return await asyncio.to_thread(func, *args, **kwargs)


def _is_floating(tag: str, tags: list[str]) -> bool:
    parsed = parse_tag(tag)
    if not parsed.is_versioned:
        return True
    return bool(floating_candidates(tag, tags))


def _versioned(fields: dict[str, Any], tag: str, decision: Decision) -> CheckResult:
    current = fields["current_version"] or decision.current.version_string or tag
    if decision.outcome is Outcome.UPDATE and decision.chosen is not None:
        return CheckResult(
            **fields
            | {
                "status": ContainerStatus.UPDATE_AVAILABLE,
                "current_version": current,
                "latest_version": decision.chosen.version_string or decision.chosen.tag,
                "latest_tag": decision.chosen.tag,
                "change_type": decision.change,
                "reason": decision.reason,
            }
        )
    return CheckResult(
        **fields
        | {
            "status": ContainerStatus.UP_TO_DATE,
            "current_version": current,
            "latest_version": current,
            "latest_tag": tag,
            "change_type": ChangeType.NONE,
            "reason": decision.reason,
        }
    )


async def _floating(
    result: CheckResult,
    ref: ImageReference,
    tag: str,
    tags: list[str],
    constraints: Constraints,
    registry: TagSource,
) -> CheckResult:
    floating_digest = await registry.get_digest(ref.repository_only().with_tag(tag))
    candidates = (await _off_loop(tags, floating_candidates, tag, tags))[
        :FLOATING_CANDIDATES
    ]
    digests = (
        await registry.get_tag_digests(ref.repository_only(), candidates)
        if candidates
        else {}
    )
    running = result.current_digest
    resolved = next(
        (t for t in candidates if running and digests.get(t) == running), None
    )
    newest = next((t for t in candidates if digests.get(t) == floating_digest), None)
    current_version = _version_of(resolved) or result.current_version
    moved = bool(running) and floating_digest != running and not is_digest(tag)
    result = replace(
        result,
        current_version=current_version,
        latest_digest=floating_digest,
        recommended_tag=resolved,
    )

    # A newer release line at the floating tag's own precision (`7.2` → `7.4`).
    if parse_tag(tag).is_versioned:
        decision = await _off_loop(tags, _next_line, tag, tags, constraints)
        if decision is not None and decision.chosen is not None:
            return replace(
                result,
                status=ContainerStatus.UPDATE_AVAILABLE,
                latest_version=decision.chosen.version_string or decision.chosen.tag,
                latest_tag=decision.chosen.tag,
                latest_digest=None,
                change_type=decision.change,
                reason=decision.reason,
            )

    if moved:
        latest_version = _version_of(newest) or tag
        change = ChangeType.UNKNOWN
        if resolved and newest:
            change = change_type(parse_tag(resolved), parse_tag(newest))
        return replace(
            result,
            status=ContainerStatus.UPDATE_AVAILABLE,
            latest_version=latest_version,
            latest_tag=tag,
            change_type=change,
            reason=f"{tag} now points to a new image"
            + (f" ({newest})" if newest else ""),
        )

    pinnable = (
        is_meta_tag(tag)
        and tag.split("-", 1)[0].lower() == "latest"
        and not constraints.allow_latest
        and resolved is not None
    )
    return replace(
        result,
        status=ContainerStatus.UP_TO_DATE_PINNABLE
        if pinnable
        else ContainerStatus.UP_TO_DATE,
        latest_version=current_version or tag,
        latest_tag=tag,
        change_type=ChangeType.NONE,
        reason=f"{tag} is {resolved}; pin it to stay on a known version"
        if pinnable
        else f"{tag} still points to the running image",
    )


def _next_line(tag: str, tags: list[str], constraints: Constraints) -> Decision | None:
    """A newer line for a floating tag, at its own precision when one exists
    (`7.2` → `7.4`, not `7.4.1`: the user chose to float)."""
    precision = parse_tag(tag).precision
    outside = [t for t in tags if not floating_tag_matches(tag, t)]
    same = [t for t in outside if parse_tag(t).precision == precision]
    for pool in (same, outside):
        decision = choose_update(tag, pool, constraints)
        if decision.outcome is Outcome.UPDATE:
            return decision
    return None


def _version_of(tag: str | None) -> str | None:
    if tag is None:
        return None
    parsed = parse_tag(tag)
    return parsed.version_string or tag
