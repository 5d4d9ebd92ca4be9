"""Which tag an update goes to: the version the request names (checked
against the container's labels and the registry), else the checker's latest
allowed tag. Fails fast with 400 when there is none or it is refused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.checks.model import CheckResult, ContainerStatus
from services.docker.resources import ContainerDetails
from services.errors import DocksmithError, InvalidInputError, NotFoundError
from services.hosts import DEFAULT_HOST
from services.registry.references import parse_reference
from services.updates.context import UpdateDeps
from services.versioning import crossed_label, parse_constraints

# A fresh check of one container: (name, host).
Recheck = Callable[[str, str], Awaitable[CheckResult]]
_UPDATABLE = (
    ContainerStatus.UPDATE_AVAILABLE,
    ContainerStatus.UPDATE_AVAILABLE_BLOCKED,
)


class TargetResolver:
    def __init__(self, deps: UpdateDeps, recheck: Recheck) -> None:
        self.deps = deps
        self.recheck = recheck

    async def target(
        self,
        details: ContainerDetails,
        version: str | None,
        force: bool,
        host: str = DEFAULT_HOST,
    ) -> str:
        if version:
            if not force:
                refuse_crossed_labels(details, version)
            await self._verify_tag(details, version)
            return version
        result = await self.recheck(details.name, host)
        if result.status in _UPDATABLE and result.latest_tag:
            if result.status is ContainerStatus.UPDATE_AVAILABLE_BLOCKED and not force:
                raise InvalidInputError(
                    f"the update of {details.name} is blocked by its pre-update check: "
                    f"{result.reason} (use force to update anyway)"
                )
            return result.latest_tag
        # The reason is a sentence of its own; the advice follows after ';'.
        why = (result.error or result.reason or "").rstrip(". ")
        detail = f": {why}" if why else ""
        raise InvalidInputError(
            f"no update available for {details.name} (status {result.status}){detail}; "
            "give a version to update to a specific tag"
        )

    async def _verify_tag(self, details: ContainerDetails, version: str) -> None:
        try:
            ref = parse_reference(details.image).repository_only().with_tag(version)
        except DocksmithError as exc:
            raise InvalidInputError(
                f"invalid version {version!r}: {exc.message}"
            ) from exc
        try:
            await self.deps.registry.get_digest(ref)
        except NotFoundError:
            raise InvalidInputError(
                f"tag {version} does not exist for {ref.familiar()}"
            ) from None


def refuse_crossed_labels(details: ContainerDetails, version: str) -> None:
    """An explicit version outside the container's pin or bounds is refused
    (naming the label) unless forced; the check's own choice never is."""
    crossed = crossed_label(
        tag_of(details.image), version, parse_constraints(details.labels)
    )
    if crossed is not None:
        raise InvalidInputError(
            f"{details.name}: {crossed}; use force to update to {version} anyway"
        )


def tag_of(image: str) -> str:
    try:
        return parse_reference(image).tag_or_latest
    except DocksmithError:
        return image
