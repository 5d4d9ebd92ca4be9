"""What prunes and removals must spare: the containers the update engine's
claims hold, and the images their operations run, pull or would roll back to.

Read from the claims and from each holding operation's persisted member
states (`batch_details`), so a queued operation counts as much as a running
one. Nothing here changes anything.
"""

from __future__ import annotations

from services.docker.engine import DockerEngine
from services.docker.resources import Spare
from services.errors import DocksmithError, NotFoundError
from services.hosts import DEFAULT_HOST
from services.registry.references import parse_reference
from services.store.repositories import OperationRepository
from services.updates.claims import ClaimRegistry
from services.updates.state import MemberState


async def spare_for_claims(
    claims: ClaimRegistry,
    operations: OperationRepository,
    engine: DockerEngine,
    host: str = DEFAULT_HOST,
) -> Spare:
    """What a prune or removal on `host` (through its `engine`) must spare."""
    holders = claims.holders(host)
    image_ids: set[str] = set()
    references: set[str] = set()
    # Targets not resolved to a reference yet (the operation waits in the
    # queue): the tag goes on the repository the container runs now.
    pending: dict[str, str] = {}
    for holder in set(holders.values()):
        for member in await _members(operations, holder):
            image_ids |= {i for i in (member.old_image_id, member.new_image_id) if i}
            references |= {r for r in (member.old_ref, member.new_ref) if r}
            if member.new_version and not member.new_ref:
                pending[member.container_name] = member.new_version
    for name in holders:
        try:
            details = await engine.inspect_container(name)
        except NotFoundError:
            continue  # mid-swap under a temporary name: listed by prune itself
        image_ids.add(details.image_id)
        references.add(details.image)
        if name in pending:
            try:
                repository = parse_reference(details.image).repository_only()
                references.add(str(repository.with_tag(pending[name])))
            except DocksmithError:
                # Not a tag: fix-mismatch targets a whole reference.
                references.add(pending[name])
    return Spare(
        containers=frozenset(holders),
        image_ids=frozenset(image_ids),
        references=frozenset(references),
    )


async def _members(operations: OperationRepository, holder: str) -> list[MemberState]:
    if not holder.startswith("op_"):
        return []  # a request still being validated, or a short action
    try:
        record = await operations.get(holder)
    except NotFoundError:
        return []
    if record.batch_details:
        return [MemberState.from_dict(raw) for raw in record.batch_details]
    # A single update records its members only once it has started.
    return [
        MemberState(
            container_name=record.container_name, new_version=record.new_version
        )
    ]
